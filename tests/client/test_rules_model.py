"""A rule set as the serializers read it: which rules run in which phase and order, actions, tag patterns."""

from __future__ import annotations

from schemata.registry.client._rules._model import Metadata, Mode, Rule, RuleSet


def rule(name: str, mode: str, **extra: object) -> dict[str, object]:
    return {"name": name, "kind": "CONDITION", "mode": mode, "type": "CEL", "expr": "true", **extra}


def names(rules: list[Rule]) -> list[str]:
    return [r.name for r in rules]


def test_phases_take_their_modes_and_read_runs_last_to_first() -> None:
    rules = RuleSet.from_dict({"domainRules": [
        rule("w", "WRITE"), rule("wr", "WRITEREAD"), rule("r", "READ"), rule("off", "WRITEREAD", disabled=True)],
        "migrationRules": [rule("up", "UPGRADE"), rule("both", "UPDOWN"), rule("down", "DOWNGRADE")]})
    assert names(rules.for_phase(Mode.WRITE)) == ["w", "wr"]
    assert names(rules.for_phase(Mode.READ)) == ["r", "wr"]
    assert names(rules.for_phase(Mode.UPGRADE)) == ["up", "both"]
    assert names(rules.for_phase(Mode.DOWNGRADE)) == ["down", "both"]
    assert RuleSet.from_dict({"domainRules": [rule("w", "WRITE")], "enableAt": "NONE"}).for_phase(Mode.WRITE) == []


def test_only_the_first_of_two_field_transforms_with_the_same_tags_runs() -> None:
    mask = {"kind": "TRANSFORM", "mode": "WRITEREAD", "type": "CEL_FIELD", "tags": ["PII"], "expr": "'x'"}
    rules = RuleSet.from_dict({"domainRules": [{"name": "a", **mask}, {"name": "b", **mask},
                                               {"name": "c", **mask, "tags": ["OTHER"]}]})
    assert names(rules.for_phase(Mode.WRITE)) == ["a", "c"]
    assert names(rules.for_phase(Mode.READ)) == ["c", "a"]


def test_two_actions_split_by_phase_for_two_way_rules() -> None:
    two_way = Rule.from_dict(rule("x", "WRITEREAD", onFailure="DLQ,none"))
    assert (two_way.action("failure", Mode.WRITE), two_way.action("failure", Mode.READ)) == ("DLQ", "NONE")
    assert two_way.action("success", Mode.WRITE) is None
    one_way = Rule.from_dict(rule("y", "WRITE", onFailure="DLQ,NONE"))
    assert one_way.action("failure", Mode.WRITE) == "DLQ,NONE"  # not split: then refused as an unknown action


def test_metadata_tag_patterns() -> None:
    metadata = Metadata.from_dict({"tags": {"app.User.ssn": ["PII"], "*.User.e?ail": ["EMAIL"],
                                            "**.secret": ["SECRET"], "app.*": ["TOP"]}})
    assert metadata.tags_of("app.User.ssn") == {"PII"}
    assert metadata.tags_of("app.User.email") == {"EMAIL"}
    assert metadata.tags_of("app.User.address.secret") == {"SECRET"}
    assert metadata.tags_of("app.id") == {"TOP"}
    assert metadata.tags_of("app.User.name") == frozenset()
    assert Metadata.from_dict({"tags": {"$.a.b": ["T"]}}).tags_of("$.a.b") == {"T"}
