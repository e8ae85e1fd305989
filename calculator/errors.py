"""The two kinds of failure the calculator reports without a traceback."""


class InputError(ValueError):
    """A resident's question the notice cannot answer as asked: one plain-Chinese line."""


class PolicyDataError(ValueError):
    """Policy data that must not be published: names the file and the field."""

    def __init__(self, file, field, problem):
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(f"{file}: {field}: {problem}")
