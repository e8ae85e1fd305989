"""The one failure intake reports without a traceback."""


class IntakeError(ValueError):
    """Bad input: one plain-Chinese line, exit status 2, nothing written."""
