"""The rules of one schema version that run in one phase, compiled once, run over each message in order.

After each rule its action runs: onSuccess (default NONE) or onFailure (default ERROR). ERROR raises a
RuleError naming the rule, the subject and version, and the field for a field condition; NONE goes on with
the message as it was; DLQ sends the message to a dead-letter topic, then raises as ERROR does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemata.registry.client._context import SerializationContext
from schemata.registry.client._errors import RuleError
from schemata.registry.client._model import Schema
from schemata.registry.client._rules._dlq import DeadLetterQueue, replayed_rule
from schemata.registry.client._rules._executors import (
    Execute,
    FieldConditionFailed,
    MissingExtraError,
    UnknownRuleTypeError,
    UnsupportedRuleError,
    compile_rule,
    describe_cel_error,
)
from schemata.registry.client._rules._fields import FieldRuleError, MessageView
from schemata.registry.client._rules._model import Metadata, Mode, Rule, RuleSet

#: How rules see the messages of a schema, given its version's metadata (the formats provide one).
ViewOf = Callable[[Schema, Metadata], MessageView]

_ACTIONS = ("ERROR", "NONE", "DLQ")


@dataclass(slots=True)
class Target:
    """The schema version whose rule set runs: named in errors, its version looked up only when one is raised."""

    subject: str | None
    schema: Schema
    version: int | None
    version_of: Callable[[], int | None]

    def resolved_version(self) -> int | None:
        if self.version is None:
            self.version = self.version_of()
        return self.version


@dataclass(frozen=True, slots=True)
class _Step:
    rule: Rule
    execute: Execute
    on_success: str
    on_failure: str


class PhaseRules:
    """The compiled rules of `target` for `phase`."""

    def __init__(self, target: Target, phase: Mode, steps: list[_Step], metadata: Metadata,
                 dlq: DeadLetterQueue | None) -> None:
        self.target = target
        self.phase = phase
        self._steps = steps
        self._metadata = metadata
        self._dlq = dlq

    def run(self, message: Any, ctx: SerializationContext | None, original: Any) -> Any:
        """`message` after every rule; `original` (the message's bytes on read, the record on write) feeds a DLQ."""
        replayed = replayed_rule(ctx) if ctx is not None and ctx.headers else None
        for step in self._steps:
            rule = step.rule
            if replayed is not None and rule.name == replayed:
                continue
            try:
                result = step.execute(message)
            except FieldConditionFailed as failed:
                self._act(step.on_failure, rule, ctx, original, _false(rule), failed.field)
                continue
            except FieldRuleError as error:
                self._act(step.on_failure, rule, ctx, original, error.reason, error.field, cause=error)
                continue
            except RuleError:
                raise
            except UnknownRuleTypeError as error:
                self._act(step.on_failure, rule, ctx, original, str(error))
                continue
            except Exception as error:
                reason = describe_cel_error(error) or f"{type(error).__name__}: {error}"
                self._act(step.on_failure, rule, ctx, original, f"cannot evaluate: {reason}", cause=error)
                continue
            if rule.kind == "CONDITION":
                if not result:
                    self._act(step.on_failure, rule, ctx, original, _false(rule))
                    continue
            elif result is None:
                self._act(step.on_failure, rule, ctx, original, "the transform gave no value (null)")
                continue
            else:
                message = result
            if step.on_success != "NONE":
                self._act(step.on_success, rule, ctx, original, "the rule's onSuccess action is " + step.on_success)
        return message

    def failed(self, reason: str) -> RuleError:
        """The error naming the last of these rules, whose result could not be used."""
        return self.error(self._steps[-1].rule, reason)

    def error(self, rule: Rule, reason: str, field: str | None = None) -> RuleError:
        return RuleError(rule.name, reason, subject=self.target.subject, version=self.target.resolved_version(),
                         field=field, kind=rule.kind, rule_type=rule.type, mode=str(self.phase))

    def _act(self, action: str, rule: Rule, ctx: SerializationContext | None, original: Any, reason: str,
             field: str | None = None, cause: Exception | None = None) -> None:
        if action == "NONE":
            return
        error = self.error(rule, reason, field)
        if action == "DLQ":
            self._send_to_dlq(rule, ctx, original, error)
        raise error from cause

    def _send_to_dlq(self, rule: Rule, ctx: SerializationContext | None, original: Any, error: RuleError) -> None:
        if self._dlq is None or self._dlq.producer is None:
            raise self.error(rule, f"{error.reason}; and its DLQ action has no producer: pass one in the"
                                   " serializer's rule_conf={'producer': ..., 'dlq.topic': ...}")
        topic = self._dlq.topic_for(rule.params, self._metadata.properties)
        if not topic:
            raise self.error(rule, f"{error.reason}; and its DLQ action has no topic: set dlq.topic in rule_conf"
                                   " or in the rule's params")
        headers = [
            ("__rule.name", rule.name.encode()),
            ("__rule.mode", str(self.phase).encode()),
            ("__rule.subject", (self.target.subject or "").encode()),
            ("__rule.topic", (ctx.topic if ctx is not None else "").encode()),
            ("__rule.exception", str(error).encode()),
        ]
        self._dlq.send(topic, ctx, original, headers)


def _false(rule: Rule) -> str:
    return rule.doc or f"the condition {rule.expr!r} is false"


def build_phase(target: Target, phase: Mode, view_of: ViewOf, dlq: DeadLetterQueue | None) -> PhaseRules | None:
    """The compiled rules of `target` for `phase`, None if it has none. RuleError if one cannot run here."""
    rule_set = RuleSet.from_dict(target.schema.rule_set)
    if phase in (Mode.WRITE, Mode.READ):
        for rule in rule_set.for_phase(phase, encoding=True):
            raise _build_error(target, rule, phase, "encodingRules (rules on the serialized payload, such as"
                               " ENCRYPT_PAYLOAD) are not supported by schemata's client")
    rules = rule_set.for_phase(phase)
    if not rules:
        return None
    metadata = Metadata.from_dict(target.schema.metadata)
    view = view_of(target.schema, metadata)
    where = f"{target.schema.schema_type} schemas"
    if phase in (Mode.UPGRADE, Mode.DOWNGRADE):
        view = view.migrated
        where = f"{target.schema.schema_type} migration rules"
    steps = []
    for rule in rules:
        try:
            execute = compile_rule(rule, view, where)
            steps.append(_Step(rule, execute, _action(rule, "success", phase), _action(rule, "failure", phase)))
        except MissingExtraError as error:
            raise _build_error(target, rule, phase, f"{rule.type} rules need the optional libraries of"
                               f" schemata[rules] (pip install 'schemata[rules]'): {error}") from None
        except (UnsupportedRuleError, ValueError) as error:
            raise _build_error(target, rule, phase, str(error)) from None
    return PhaseRules(target, phase, steps, metadata, dlq)


def _action(rule: Rule, outcome: str, phase: Mode) -> str:
    action = rule.action(outcome, phase) or ("NONE" if outcome == "success" else "ERROR")
    if action not in _ACTIONS:
        raise ValueError(f"unknown on{outcome.capitalize()} action {action!r}: this client runs {', '.join(_ACTIONS)}")
    return action


def _build_error(target: Target, rule: Rule, phase: Mode, reason: str) -> RuleError:
    return RuleError(rule.name, reason, subject=target.subject, version=target.resolved_version(), kind=rule.kind,
                     rule_type=rule.type, mode=str(phase))
