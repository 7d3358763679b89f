"""The one error type vgpt shows to users: a single clear line, never a traceback."""


class VgptError(Exception):
    """A user-facing error. The CLI prints ``str(err)`` on one line and exits non-zero."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")
