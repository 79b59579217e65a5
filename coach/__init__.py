"""coach: a retrieval-based AI teammate for goal-setting and coaching."""

__version__ = "0.1.0"
