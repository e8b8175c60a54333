"""Errors a person can act on: the CLI prints the message as one line and exits non-zero."""


class TaskrankError(Exception):
    pass
