"""What every route's text input must be: PostgreSQL refuses a NUL in a string (its driver raises, a 500), so the
API refuses it first, with a 422 that says so."""
from __future__ import annotations

NO_NUL = r"^[^\x00]*$"  # a query or path parameter's pattern


def without_nul(value):
    """`value` (a correction's JSON value: text, numbers, lists, objects), or ValueError where a string in it, or a
    key, holds a NUL."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("a NUL character is not allowed in text")
    elif isinstance(value, dict):
        for key, item in value.items():
            without_nul(key)
            without_nul(item)
    elif isinstance(value, list):
        for item in value:
            without_nul(item)
    return value
