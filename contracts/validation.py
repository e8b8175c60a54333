"""One-line descriptions of contract violations, naming each failing field."""

from pydantic import ValidationError


def describe(exc: ValidationError) -> str:
    """Each failure as `field: reason`; whole-record rules already name their field in the message."""
    parts = []
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        field = ".".join(str(p) for p in error["loc"])
        parts.append(f"{field}: {message}" if field else message)
    return "; ".join(parts)
