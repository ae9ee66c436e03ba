"""The JSON Schema rule book: the function of each difference type of `schemata.compat.catalogue.json_schema`.

What the walk hands a rule of each kind, after the Rule itself and the Context:
- PRESENCE: (original Node | None, update Node | None, path): a subschema added or removed;
- MISMATCH: (Pair): schemas of different kinds; a finding here stops the walk at this pair;
- ANNOTATION, SCHEMA: (Pair): keywords of one schema pair; run with the pair's keywords, so that a rule
  registered with `triggers` is skipped where neither schema has any of them (the walk stays fast on large
  schemas);
- PROPERTY, ITEM: (MemberChange): a property or tuple item on one side only; a classifier names its type;
- DEPENDENCY: (DependencyChange); COMBINATION: (Combination).
"""

from __future__ import annotations

from schemata.compat.catalogue import Json
from schemata.compat.rules import RuleBook

BOOK = RuleBook(Json)
