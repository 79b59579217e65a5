"""Model-path fixtures: a local server per module (tests/conftest.py clears the structured-output memory per test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pytest

from tests.llm.llama_server import LocalModel, serving
from tests.llm.openai_server import Action, Dialect, Failure, FakeOpenAI, SlowAnswer, running


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeOpenAI]:
    with running(FakeOpenAI()) as fake:
        yield fake


@pytest.fixture
def server(_server: FakeOpenAI) -> Callable[..., FakeOpenAI]:
    """One local server per module, re-scripted per test: `server([answers], dialect=...)`."""

    def script(actions: Sequence[Action | SlowAnswer | Failure] = (),
               dialect: Dialect = "openai") -> FakeOpenAI:
        _server.script[:] = list(actions)
        _server.requests.clear()
        _server.dialect = dialect
        _server.models = None
        return _server

    return script


@pytest.fixture(scope="session")
def local_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalModel]:
    """SmolLM2-135M behind a real llama-cpp-python server on a free loopback port."""
    try:
        with serving(tmp_path_factory.mktemp("llama") / "server.log") as model:
            yield model
    except RuntimeError as exc:  # not installed, or did not start: say which, loudly
        pytest.fail(str(exc))
