"""A schema-specialised Avro encoder: fastavro's output, byte for byte, with less work per record.

fastavro's `schemaless_writer` dispatches on the schema's type strings at every value. Here the schema is
turned once into a tree of small closures, one per schema node, that append to a bytearray. The closures
reuse fastavro's own logical-type conversions and union validation, so the bytes are fastavro's.

The encoder gives up whenever it is unsure, and the caller then writes the record with fastavro:
- at build time (`compile_encoder` returns None) for schemas it does not handle: unions with two branches
  that accept dicts, or with both `float` and `double` (fastavro's preferences there are subtle);
- per record (`Fallback`, or any exception from a closure) for union tuple notation, `-type` keys, values
  outside a 64-bit long, and anything fastavro might accept or refuse differently.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping
from typing import Any

from fastavro._logical_writers import LOGICAL_WRITERS
from fastavro.validation import _validate

Encoder = Callable[[bytearray, Any], None]

_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1
_OPTIONS = {"strict": False, "strict_allow_default": False, "disable_tuple_notation": False}
_PACK_FLOAT = struct.Struct("<f").pack
_PACK_DOUBLE = struct.Struct("<d").pack
_MISSING = object()
#: The one-byte zig-zag varints, for -64..63: most lengths, counts, enum and union indexes.
_SMALL = {n: bytes([(n << 1) ^ (n >> 63)]) for n in range(-64, 64)}


class Fallback(Exception):
    """This record is for fastavro to write."""


class _Unsupported(Exception):
    """This schema is for fastavro to write."""


def write_long(out: bytearray, n: int) -> None:
    small = _SMALL.get(n)
    if small is not None:
        out += small
        return
    if not _LONG_MIN <= n <= _LONG_MAX:
        raise Fallback
    n = (n << 1) ^ (n >> 63)
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _write_null(out: bytearray, datum: Any) -> None:
    pass


def _write_boolean(out: bytearray, datum: Any) -> None:
    out.append(1 if datum else 0)


def _write_float(out: bytearray, datum: Any) -> None:
    out += _PACK_FLOAT(datum)


def _write_double(out: bytearray, datum: Any) -> None:
    out += _PACK_DOUBLE(datum)


def _write_bytes(out: bytearray, datum: Any) -> None:
    size = len(datum)
    if size < 64:  # the zig-zag varint of 0..63 is the single byte 2 * size
        out.append(size << 1)
    else:
        write_long(out, size)
    out += datum


def _write_string(out: bytearray, datum: Any) -> None:
    _write_bytes(out, datum.encode())


_PRIMITIVES: dict[str, Encoder] = {
    "null": _write_null, "boolean": _write_boolean, "int": write_long, "long": write_long,
    "float": _write_float, "double": _write_double, "bytes": _write_bytes, "string": _write_string,
}


def compile_encoder(schema: Any, named: Mapping[str, Any]) -> Encoder | None:
    """An encoder for `schema` (fastavro-parsed; named types in `named`), or None if fastavro must write it."""
    try:
        return _Compiler(named).compile(schema)
    except _Unsupported:
        return None


class _Compiler:
    def __init__(self, named: Mapping[str, Any]) -> None:
        self._named = named
        self._records: dict[str, Encoder] = {}

    def compile(self, schema: Any) -> Encoder:
        if isinstance(schema, list):
            return self._union(schema)
        if isinstance(schema, str):
            if schema in _PRIMITIVES:
                return _PRIMITIVES[schema]
            return self._named_type(schema)
        kind, logical = schema["type"], schema.get("logicalType")
        prepare = LOGICAL_WRITERS.get(f"{kind}-{logical}") if logical else None
        if prepare is not None:
            inner = self.compile({key: value for key, value in schema.items() if key != "logicalType"})
            return lambda out, datum: inner(out, prepare(datum, schema))
        builder = self._BUILDERS.get(kind)
        if builder is not None:
            return builder(self, schema)
        if kind in _PRIMITIVES:
            return _PRIMITIVES[kind]
        return self._named_type(kind)

    def _named_type(self, name: str) -> Encoder:
        if name in self._records:  # a record being compiled, or done: late-bound for recursion
            return lambda out, datum: self._records[name](out, datum)
        if name not in self._named:
            raise _Unsupported(name)
        return self.compile(self._named[name])

    def _record(self, schema: Mapping[str, Any]) -> Encoder:
        name = schema["name"]
        self._records[name] = _unready
        plan = []
        for field in schema["fields"]:
            kind = field["type"]
            # fastavro writes None for a missing field without a default when its type mentions null.
            default = field.get("default", _MISSING if "null" not in kind else None)
            encode = self.compile(kind)
            if kind in ("float", "double"):
                encode = _as_float(encode)  # as fastavro does for these two field types
            plan.append((field["name"], default, encode))

        def write(out: bytearray, datum: Any) -> None:
            get = datum.get
            for field_name, default, encode in plan:
                value = get(field_name, default)
                if value is _MISSING:
                    raise Fallback
                encode(out, value)

        self._records[name] = write
        return write

    def _enum(self, schema: Mapping[str, Any]) -> Encoder:
        indexes = {symbol: bytes(_varint(i)) for i, symbol in enumerate(schema["symbols"])}

        def write(out: bytearray, datum: Any) -> None:
            out += indexes[datum]

        return write

    def _fixed(self, schema: Mapping[str, Any]) -> Encoder:
        def write(out: bytearray, datum: Any) -> None:
            out += datum

        return write

    def _array(self, schema: Mapping[str, Any]) -> Encoder:
        items = self.compile(schema["items"])

        def write(out: bytearray, datum: Any) -> None:
            if datum:
                write_long(out, len(datum))
                for item in datum:
                    items(out, item)
            out.append(0)

        return write

    def _map(self, schema: Mapping[str, Any]) -> Encoder:
        values = self.compile(schema["values"])

        def write(out: bytearray, datum: Any) -> None:
            if datum:
                write_long(out, len(datum))
                for key, value in datum.items():
                    _write_string(out, key)
                    values(out, value)
            out.append(0)

        return write

    def _union(self, schema: list[Any]) -> Encoder:
        kinds = [self._resolved_kind(branch) for branch in schema]
        if sum(kind in ("record", "map") for kind in kinds) > 1 or {"float", "double"} <= set(kinds):
            raise _Unsupported("union")
        branches = [(bytes(_varint(i)), branch, self.compile(branch)) for i, branch in enumerate(schema)]
        named = self._named

        def write(out: bytearray, datum: Any) -> None:
            if isinstance(datum, tuple) or (isinstance(datum, dict) and "-type" in datum):
                raise Fallback
            for index, branch, encode in branches:  # the first branch that fastavro finds valid
                if _validate(datum, branch, named, "", False, _OPTIONS):
                    out += index
                    encode(out, datum)
                    return
            raise Fallback

        return write

    def _resolved_kind(self, schema: Any) -> str:
        if isinstance(schema, dict):
            schema = schema["type"]
        if isinstance(schema, str) and schema in self._named:
            return self._resolved_kind(self._named[schema])
        return schema if isinstance(schema, str) else "union"


    _BUILDERS: dict[str, Callable[[_Compiler, Any], Encoder]] = {
        "record": _record, "error": _record, "enum": _enum, "fixed": _fixed, "array": _array, "map": _map,
    }


def _unready(out: bytearray, datum: Any) -> None:
    raise Fallback


def _as_float(encode: Encoder) -> Encoder:
    return lambda out, datum: encode(out, float(datum))


def _varint(n: int) -> bytearray:
    out = bytearray()
    write_long(out, n)
    return out
