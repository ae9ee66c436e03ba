"""Governance lint for event schemas: is this a good event, whatever its compatibility with the last one?

Pure, like the rest of `compat`: a parsed schema (and its text) in, findings with a severity out.

>>> from schemata.compat import parse_schema
>>> from schemata.compat.lint import LintTarget, lint_schema
>>> text = '{"type": "record", "name": "Paid", "fields": [{"name": "amount", "type": "double"}]}'
>>> found = lint_schema(LintTarget(parse_schema("AVRO", text), text))
>>> [(f.finding.rule, f.finding.path, str(f.severity)) for f in found]
[('MONEY_AS_FLOAT', '/fields/0', 'error')]
"""

from schemata.compat.lint import rules as _rules  # noqa: F401  (registers the rules in CATALOGUE)
from schemata.compat.lint.catalogue import CATALOGUE, LintRule, Severity
from schemata.compat.lint.config import LintConfig, LintConfigError, parse_config
from schemata.compat.lint.runner import LintFinding, errors, lint_schema
from schemata.compat.lint.target import LintTarget

__all__ = [
    "CATALOGUE",
    "LintConfig",
    "LintConfigError",
    "LintFinding",
    "LintRule",
    "LintTarget",
    "Severity",
    "errors",
    "lint_schema",
    "parse_config",
]
