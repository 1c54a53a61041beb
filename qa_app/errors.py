"""Errors a user can fix: bad input, a wrong setting, a missing record.

They carry one clear sentence; the CLI prints it as one line and exits non-zero, the UI shows it as an error
box. Anything else escaping is a bug and keeps its traceback.
"""


class UserError(Exception):
    """Something the user asked for cannot be done, for a reason the message states."""


class NotFound(UserError):
    pass


class PermissionDenied(UserError):
    pass


class Conflict(UserError):
    """Someone else changed the record since it was read (optimistic locking)."""
