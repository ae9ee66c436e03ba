"""JSONata with jsonata-python, the port of jsonata-java that confluent-kafka uses: each expression parsed once."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jsonata  # type: ignore[import-untyped]


@lru_cache(maxsize=1024)
def compile_jsonata(expr: str) -> Callable[[Any], Any]:
    """The evaluator of `expr`; ValueError (with jsonata's words) if it does not parse."""
    try:
        program = jsonata.Jsonata(expr)
    except jsonata.JException as error:
        raise ValueError(f"invalid JSONata expression {expr!r}: {error}") from None
    evaluate: Callable[[Any], Any] = program.evaluate
    return evaluate
