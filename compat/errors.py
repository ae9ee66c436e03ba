"""Errors raised by the compatibility engine and the format parsers."""

from __future__ import annotations


class CompatError(Exception):
    """Base of every error the `compat` package raises."""


class SchemaParseError(CompatError):
    """The schema text is not a valid schema of its format.

    `location` says where, in the format's tradition: a JSON pointer, `line:column`, or a field path.
    """

    def __init__(self, message: str, *, location: str | None = None) -> None:
        self.reason = message
        self.location = location
        super().__init__(f"{message} at {location}" if location else message)


class CheckLimitError(CompatError):
    """A check that was stopped rather than answered: a limit of the engine was reached (too much work, or a
    construct it will not evaluate). Never a verdict; the registry answers 42201 and the CLI exits 2."""


class UnknownSchemaTypeError(CompatError):
    """A schema type that no format handler is registered for."""

    def __init__(self, schema_type: str) -> None:
        self.schema_type = schema_type
        super().__init__(f"Invalid schema type {schema_type}")


class UnknownPolicyError(CompatError):
    """A compatibility policy that the schema's format does not know."""
