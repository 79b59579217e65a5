"""Packaging beyond pyproject.toml: the built-in corpus and prompts ship inside the wheel.

They live at the top of the checkout (`corpus/`, `prompts/`), where their authors edit them;
the wheel carries them as `coach/builtin_corpus` and `coach/builtin_prompts`, found at run
time by `coach/resources.py`. Each folder of them is declared as a data-only package.
"""

from setuptools import find_namespace_packages, find_packages, setup

BUILTIN = {"coach.builtin_corpus": "corpus", "coach.builtin_prompts": "prompts"}


def data_packages() -> list[str]:
    """Every folder under the built-in data dirs, as a package name inside `coach`."""
    names = []
    for package, folder in BUILTIN.items():
        names += [package, *(f"{package}.{sub}" for sub in find_namespace_packages(where=folder))]
    return names


setup(
    packages=[*find_packages(include=["coach", "coach.*"]), *data_packages()],
    package_dir=BUILTIN,
    package_data={
        "coach.web": ["templates/*.html", "static/*.css", "static/*.js", "static/vendor/htmx/*"],
        **{name: ["*", ".*"] for name in data_packages()},  # ".*": .coachignore files
    },
)
