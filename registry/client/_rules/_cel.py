"""CEL expressions with cel-python (`celpy`), the implementation confluent-kafka uses, so both sides agree.

Each expression is parsed and transpiled to Python once (celpy's CompiledRunner, about five times faster per
evaluation than its interpreter) and cached by its text. Values cross into CEL as celpy's types and come back
as plain Python values, so the serializers get dicts, lists, str and int as before.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import celpy
from celpy import celtypes
from celpy.celparser import CELParser

_EPOCH_DAYS = dt.date(1970, 1, 1).toordinal()
_LOCK = threading.Lock()
_compiler: tuple[Any, Any] | None = None


def _parser_and_environment() -> tuple[Any, Any]:
    """A Lark parser for CEL building the trees celpy's transpiler needs, and an environment that transpiles.

    celpy keeps one parser per process (`CELParser.CEL_PARSER`), built for whichever runner asked first;
    confluent-kafka's executor, in the same process, may have built it for its interpreter. These are
    built beside it and the shared one is put back untouched.
    """
    global _compiler
    with _LOCK:
        if _compiler is None:
            shared, CELParser.CEL_PARSER = CELParser.CEL_PARSER, None
            try:
                environment = celpy.Environment(runner_class=celpy.CompiledRunner)
                _compiler = (CELParser.CEL_PARSER, environment)
            finally:
                CELParser.CEL_PARSER = shared
    return _compiler


@lru_cache(maxsize=1024)
def compile_cel(expr: str) -> Any:
    """The program of `expr`; ValueError (with celpy's words) if it does not parse."""
    parser, environment = _parser_and_environment()
    try:
        tree = parser.parse(expr)
    except Exception as error:  # lark's UnexpectedInput and relatives
        raise ValueError(f"invalid CEL expression {expr!r}: {_first_line(error)}") from None
    try:
        return environment.program(tree)
    except Exception as error:  # celpy's transpiler refusing a construct
        raise ValueError(f"CEL expression {expr!r} cannot be compiled: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class CelExpression:
    """A rule's expression, as Confluent reads it: `guard ; body` runs the body only where the guard holds."""

    __slots__ = ("body", "guard", "uses_message", "uses_now")

    def __init__(self, expr: str) -> None:
        guard, semicolon, body = expr.partition(";")
        self.guard = compile_cel(guard) if semicolon and guard.strip() else None
        self.body = compile_cel(body if semicolon else expr)
        self.uses_message = "message" in expr
        self.uses_now = "now" in expr

    def evaluate(self, activation: dict[str, Any]) -> tuple[bool, Any]:
        """(False, None) when the guard does not hold; else (True, the body's value as plain Python)."""
        if self.uses_now:
            activation["now"] = celtypes.TimestampType(dt.datetime.now(tz=dt.UTC))
        if self.guard is not None and not _evaluate(self.guard, activation):
            return False, None
        return True, from_cel(_evaluate(self.body, activation))


def _evaluate(program: Any, activation: Mapping[str, Any]) -> Any:
    result = program.evaluate(activation)
    if isinstance(result, celpy.CELEvalError):
        raise result
    return result


def cel_error_text(error: Exception) -> str:
    """The innermost message of a (nested) CELEvalError: `no such member in mapping: 'email'`."""
    while isinstance(error, celpy.CELEvalError) and len(error.args) >= 3 and error.args[2]:
        inner = error.args[2]
        if isinstance(inner, tuple) and inner and isinstance(inner[0], str):
            return inner[0]
        break
    return str(error.args[0]) if error.args else type(error).__name__


# celpy's constructors check their argument against many types (IntType's alone costs ~8 us); a record's
# values are known to be plain, so these build the same objects directly, as celpy's own constructors end up.

def _map(value: Mapping[Any, Any]) -> Any:
    converted = celtypes.MapType()
    dict.update(converted, {celtypes.StringType(key): to_cel(item) for key, item in value.items()})
    return converted


def _list(value: list[Any]) -> Any:
    return celtypes.ListType([to_cel(item) for item in value])


_INT64 = range(-(2**63), 2**63)


def _int(value: int) -> Any:
    return int.__new__(celtypes.IntType, value) if value in _INT64 else celtypes.IntType(value)  # else: its error


_TO_CEL: dict[type, Callable[[Any], Any]] = {
    str: celtypes.StringType,
    bool: celtypes.BoolType,
    int: _int,
    float: celtypes.DoubleType,
    bytes: celtypes.BytesType,
    dict: _map,
    list: _list,
    dt.datetime: celtypes.TimestampType,
    dt.timedelta: celtypes.DurationType,
    dt.date: lambda value: celtypes.IntType(value.toordinal() - _EPOCH_DAYS),
    uuid.UUID: lambda value: celtypes.StringType(str(value)),
}


def to_cel(value: Any) -> Any:
    """A value read or written by a serializer, as CEL sees it (dates as days since the epoch, as Confluent)."""
    convert = _TO_CEL.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, Mapping):
        return _map(value)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):  # fastavro's union notation
        return to_cel(value[1])
    return value


def to_cel_uint(value: int) -> Any:
    """An unsigned integer (Protobuf's uint32, uint64, fixed32, fixed64), a uint in CEL as in Confluent's clients."""
    return celtypes.UintType(value)


def from_cel(value: Any) -> Any:
    """A CEL value as the plain Python value a serializer writes."""
    if isinstance(value, celtypes.BoolType):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, Mapping):
        return {str(key): from_cel(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_cel(item) for item in value]
    return value
