"""Errors a service raises on purpose: a message a person can act on."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class TransitionError(ApplicationError):
    """A status change that the current status does not allow."""
