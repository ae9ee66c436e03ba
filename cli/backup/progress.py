"""How the core reports progress: the caller wraps each long sequence of steps (the CLI in a progress bar)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    """Wraps `items` for iteration under `label`, e.g. `click.progressbar`."""

    def __call__(self, items: Sequence[T], label: str) -> AbstractContextManager[Iterable[T]]: ...


def silent(items: Sequence[T], label: str) -> AbstractContextManager[Iterable[T]]:
    """No progress shown."""
    return nullcontext(items)
