"""What JSON calls the type of a parsed JSON value, for messages about a value of the wrong type.

A message about a request body or a file names the JSON type its author wrote ("an array", "null"), never the
Python type it was parsed into ("list", "NoneType"). Shared by the REST layer and the CLI.
"""

from __future__ import annotations

_KINDS: dict[type, str] = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
                           bool: "a boolean", type(None): "null"}


def json_kind(value: object) -> str:
    """The JSON type of `value` (a value `json.loads` or `orjson.loads` returned), with its article."""
    return _KINDS.get(type(value), "a value of no JSON type")
