"""One compiled rule: what it computes from a message. CEL, CEL_FIELD and JSONATA, as Confluent's executors.

A condition answers True/False (a field condition raises FieldConditionFailed for the field that fails);
a transform answers the new message. The expression libraries are imported on first use: they are the
optional extra `schemata[rules]`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemata.registry.client._rules._fields import PRIMITIVE, Field, FieldRuleError, MessageView
from schemata.registry.client._rules._model import Rule

#: What one compiled rule does to a message.
Execute = Callable[[Any], Any]

#: Rule types of client-side field encryption, which this client does not run.
ENCRYPTION_TYPES = frozenset({"ENCRYPT", "ENCRYPT_PAYLOAD"})
SUPPORTED_TYPES = ("CEL", "CEL_FIELD", "JSONATA")


class MissingExtraError(Exception):
    """The libraries of `schemata[rules]` are not installed."""


class UnsupportedRuleError(Exception):
    """A rule this client refuses to run (encryption, or a format whose fields it cannot walk)."""


class FieldConditionFailed(Exception):
    """A field condition was false for the field `field` (its full name)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


class UnknownRuleTypeError(Exception):
    """No executor for the rule's type; raised when it runs, so that its onFailure action decides."""


def compile_rule(rule: Rule, view: MessageView, where: str) -> Execute:
    """The executor of `rule` on the messages `view` sees (`where`: "PROTOBUF schemas", for errors);
    raises MissingExtraError, UnsupportedRuleError, or ValueError (bad expression)."""
    if rule.type in ENCRYPTION_TYPES:
        raise UnsupportedRuleError(
            f"{rule.type} rules (client-side field encryption with a KMS) are not supported by schemata's client;"
            " use confluent-kafka's serializers for this subject, or disable the rule")
    if rule.type not in SUPPORTED_TYPES:
        return _unknown(rule)
    if not rule.expr:
        raise ValueError("the rule has no expression (expr)")
    if rule.type == "CEL_FIELD" and not view.field_rules:
        raise UnsupportedRuleError(f"field rules (CEL_FIELD) on {where} are not run by schemata's"
                                   " client yet; use confluent-kafka's serializers for this subject")
    if rule.kind == "TRANSFORM" and rule.type != "CEL_FIELD" and not view.transforms:
        raise UnsupportedRuleError(f"{rule.type} transforms of the whole message on {where} are not run by"
                                   " schemata's client yet (conditions and CEL_FIELD transforms are); use"
                                   " confluent-kafka's serializers for this subject")
    if rule.type == "JSONATA":
        return _jsonata(rule.expr)
    if rule.type == "CEL":
        return _cel_message(rule, view)
    return _cel_field(rule, view)


def _unknown(rule: Rule) -> Execute:
    def execute(message: Any) -> Any:
        raise UnknownRuleTypeError(
            f"no executor for rule type {rule.type or '(none)'}; this client runs {', '.join(SUPPORTED_TYPES)}")
    return execute


def _jsonata(expr: str) -> Execute:
    try:
        from schemata.registry.client._rules._jsonata import compile_jsonata
    except ImportError as error:
        raise MissingExtraError(str(error)) from None
    return compile_jsonata(expr)


def _cel_modules() -> Any:
    try:
        from schemata.registry.client._rules import _cel
    except ImportError as error:
        raise MissingExtraError(str(error)) from None
    return _cel


def _cel_message(rule: Rule, view: MessageView) -> Execute:
    cel = _cel_modules()
    expression = cel.CelExpression(rule.expr)
    condition = rule.kind == "CONDITION"
    plain = view.plain

    def execute(message: Any) -> Any:
        ran, result = expression.evaluate({"message": cel.to_cel(plain(message))})
        if not ran:
            return True if condition else message
        return result

    return execute


def _cel_field(rule: Rule, view: MessageView) -> Execute:
    cel = _cel_modules()
    expression = cel.CelExpression(rule.expr)
    condition = rule.kind == "CONDITION"

    plain = view.plain

    def visit(field: Field, value: Any) -> Any:
        if field.type_name not in PRIMITIVE:
            return value
        activation = {
            "value": cel.to_cel_uint(value) if field.unsigned else cel.to_cel(value),
            "fullName": cel.to_cel(field.full_name),
            "name": cel.to_cel(field.name),
            "typeName": cel.to_cel(field.type_name),
            "tags": cel.to_cel(sorted(field.tags)),
        }
        if expression.uses_message:
            activation["message"] = cel.to_cel(plain(field.container))
        try:
            ran, result = expression.evaluate(activation)
        except Exception as error:
            reason = describe_cel_error(error) or f"{type(error).__name__}: {error}"
            raise FieldRuleError(field.full_name, f"cannot evaluate: {reason}") from error
        if not ran:
            return value
        if condition:
            if result is False:
                raise FieldConditionFailed(field.full_name)
            return value
        return result

    def execute(message: Any) -> Any:
        walked = view.walk(message, rule.tags, visit)
        return True if condition else walked

    return execute


def describe_cel_error(error: Exception) -> str | None:
    """celpy's message for an evaluation error, when `error` is one (and celpy is installed)."""
    try:
        import celpy

        from schemata.registry.client._rules._cel import cel_error_text
    except ImportError:
        return None
    return cel_error_text(error) if isinstance(error, celpy.CELEvalError) else None
