"""String rules: maxLength, minLength, pattern."""

from __future__ import annotations

from schemata.compat.jsonschema.diff.families import bound_rules, presence_rules

bound_rules("MAX_LENGTH", "maxLength", upper=True)
bound_rules("MIN_LENGTH", "minLength", upper=False)
presence_rules("PATTERN", "pattern", changed=True)
