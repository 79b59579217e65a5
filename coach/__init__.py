"""coach: a retrieval-based AI teammate for goal-setting and coaching.

    from coach import Coach, Settings
    coach = Coach(Settings())
    coach.suggest("key-results", {"objective": "Make deploys boring and safe"}, team="platform")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Coach", "Settings", "__version__"]

if TYPE_CHECKING:
    from coach.config import Settings
    from coach.service import Coach


def __getattr__(name: str) -> Any:
    """Import `Coach` and `Settings` on first use: `import coach` stays cheap for the CLI."""
    if name == "Coach":
        from coach.service import Coach

        return Coach
    if name == "Settings":
        from coach.config import Settings

        return Settings
    raise AttributeError(f"module 'coach' has no attribute {name!r}")
