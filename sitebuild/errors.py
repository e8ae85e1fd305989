"""How a part of the build says it cannot go on."""


class BuildError(Exception):
    """The build stopped; the message is one line for the person running it."""


class AssetError(Exception):
    """The calculator's files could not be put together; the message says what to run."""
