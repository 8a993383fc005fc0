"""Errors whose message is written for the user: the pages show it as it is, never a traceback."""


class UserError(ValueError):
    """The data or the setting cannot be used; the message says why and what to do, in plain words."""
