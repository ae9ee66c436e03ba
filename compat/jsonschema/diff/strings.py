"""String rules: maxLength, minLength, pattern."""

from __future__ import annotations

from schemata.compat.catalogue import Json as J
from schemata.compat.jsonschema.diff.families import Bounds, bound_rules, presence_rules

bound_rules("maxLength", Bounds(
    J.MAX_LENGTH_ADDED, J.MAX_LENGTH_REMOVED, J.MAX_LENGTH_INCREASED, J.MAX_LENGTH_DECREASED))
bound_rules("minLength", Bounds(
    J.MIN_LENGTH_ADDED, J.MIN_LENGTH_REMOVED, J.MIN_LENGTH_INCREASED, J.MIN_LENGTH_DECREASED))
presence_rules("pattern", J.PATTERN_ADDED, J.PATTERN_REMOVED, J.PATTERN_CHANGED)
