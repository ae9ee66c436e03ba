"""A number option value as Confluent's normalization prints it.

When normalizing, `ProtobufSchemaUtils` reads a number with commons-lang's `NumberUtils.createNumber` (the
smallest of Integer, Long, BigInteger, or of Float, Double, BigDecimal that holds it) and prints it with a
`java.text.DecimalFormat` without grouping: integers in decimal (`0x10` is `16`), fractions rounded half-even
to at most three decimals with trailing zeros dropped (`-2.0` is `-2`, `1e3` is `1000`). A value read as a
Float is printed through its widening to a double. Text that is not a number (`-inf`) is kept.
"""

from __future__ import annotations

import math
import re
import struct
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

_INTEGER = re.compile(r"(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)")
_DECIMAL = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?([fF]?)")
#: Past this many digits before or after the point a value is kept as written (Java would print them all).
_MAX_DIGITS = 400


def java_number(text: str) -> str:
    """`text` (a number as written in .proto) as Confluent prints it when normalizing."""
    negative = text.startswith("-")
    body = text[1:] if negative else text
    if _INTEGER.fullmatch(body):
        if len(body) > _MAX_DIGITS:
            return text
        base = 16 if body[:2] in ("0x", "0X") else 8 if len(body) > 1 and body[0] == "0" else 10
        value = int(body, base)
        return str(-value if negative else value)
    match = _DECIMAL.fullmatch(body)
    if match is None:
        return text
    try:
        exact = Decimal(("-" if negative else "") + match.group(1) + (match.group(2) or ""))
    except InvalidOperation:
        return text
    if abs(exact.adjusted()) > _MAX_DIGITS:
        return text
    created = _created(exact, forced_float=bool(match.group(3)))
    return _decimal_format(created) if created.is_finite() else text


def _created(exact: Decimal, *, forced_float: bool) -> Decimal:
    """The value `createNumber` reads, as the decimal digits DecimalFormat then rounds."""
    double = float(exact)
    single = _to_float32(double)
    if forced_float:
        return Decimal(repr(single))
    all_zeros = exact.is_zero()
    if math.isfinite(single) and (single != 0 or all_zeros) and _shortest32(single) == Decimal(repr(double)):
        return Decimal(repr(single))  # a Float, printed through its widening to a double
    if math.isfinite(double) and (double != 0 or all_zeros):
        as_double = Decimal(repr(double))
        return as_double if as_double == exact else exact.copy_abs() if exact.is_zero() else exact
    return exact.copy_abs() if exact.is_zero() else exact


def _to_float32(value: float) -> float:
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:
        return math.copysign(math.inf, value)


def _shortest32(value: float) -> Decimal:
    """The shortest decimal that reads back as the float32 `value` (what Java's Float.toString prints)."""
    for digits in range(1, 10):
        candidate = f"{value:.{digits}g}"
        if _to_float32(float(candidate)) == value:
            return Decimal(candidate)
    return Decimal(repr(value))


def _decimal_format(value: Decimal) -> str:
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + 8)
        rounded = value.quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
