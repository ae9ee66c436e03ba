"""The JSON Schema rule book: one rule per Confluent difference type, grouped by what the walk hands it.

Kinds, with the arguments each rule receives after the Rule itself and the Context:
- "presence": (original Node | None, update Node | None, path): a subschema added or removed;
- "mismatch": (Pair): schemas of different kinds; a finding here stops the walk at this pair;
- "annotation", "schema": (Pair): keywords of one schema pair;
- "property", "item": (MemberChange): a property or tuple item on one side only;
- "dependency": (DependencyChange); "combination": (Combination).
"""

from __future__ import annotations

from compat.rules import RuleBook

BOOK = RuleBook()
