"""The lint rules, one module per category; importing this package registers them all in `CATALOGUE`."""

from schemata.compat.lint.rules import documentation, envelope, evolution, hazards, naming

__all__ = ["documentation", "envelope", "evolution", "hazards", "naming"]
