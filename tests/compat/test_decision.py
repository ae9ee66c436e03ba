"""`compat.decide`: de-duplication, the level's previous versions, policy, reserved names (with validateFields),
and the JSON form."""

from __future__ import annotations

import hashlib
import json

import pytest

from schemata.compat import (
    Decision,
    Level,
    OldVersion,
    ParsedSchema,
    Previous,
    Proposed,
    decide,
    fingerprint,
    parse_schema,
    reserved_names,
)


def avro(*fields: tuple[str, str]) -> ParsedSchema:
    document = {"type": "record", "name": "R", "fields": [{"name": n, "type": t} for n, t in fields]}
    return parse_schema("AVRO", json.dumps(document))


def version(number: int, schema: ParsedSchema) -> Previous:
    return Previous(OldVersion.numbered(number), Proposed.of(schema).fingerprint, schema)


def unreadable(number: int) -> Previous:
    def load() -> ParsedSchema:
        raise AssertionError(f"version {number} was parsed")

    return Previous(OldVersion.numbered(number), "not the proposed schema", load)


def test_a_non_transitive_level_loads_the_latest_version_only() -> None:
    latest = version(3, avro(("a", "int")))
    decision = decide(Proposed.of(avro(("a", "string"))), [unreadable(1), unreadable(2), latest],
                      level=Level.FULL, policy=None)
    assert decision.checked == (OldVersion.numbered(3),)
    assert [(f.rule, f.direction, f.against) for f in decision.findings] == [
        ("TYPE_MISMATCH", "BACKWARD", OldVersion.numbered(3)),
        ("TYPE_MISMATCH", "FORWARD", OldVersion.numbered(3)),
    ]
    assert not decision.compatible and decision.identical is None


def test_a_transitive_level_checks_every_version() -> None:
    v1, v2 = version(1, avro(("a", "int"))), version(2, avro(("a", "long")))
    proposed = Proposed.of(avro(("a", "long"), ("z", "int")))
    decision = decide(proposed, [v1, v2], level=Level.FORWARD_TRANSITIVE, policy=None)
    assert decision.checked == (OldVersion.numbered(1), OldVersion.numbered(2))
    assert [(f.rule, f.against) for f in decision.findings] == [("TYPE_MISMATCH", OldVersion.numbered(1))]


def test_an_identical_schema_is_that_version_and_checks_nothing() -> None:
    v1, v2 = avro(("a", "int")), avro(("a", "string"))
    history = [version(1, v1), version(2, v2)]
    decision = decide(Proposed.of(avro(("a", "int"))), history, level=Level.FULL_TRANSITIVE, policy=None)
    assert (decision.identical, decision.checked, decision.findings) == (OldVersion.numbered(1), (), ())
    # A reader that is not being registered is checked all the same.
    reader = decide(Proposed.of(v1), history, level=Level.FULL_TRANSITIVE, policy=None, deduplicate=False)
    assert {f.against for f in reader.findings} == {OldVersion.numbered(2)}


def test_the_fingerprint_covers_references_and_contract_parts() -> None:
    schema = avro(("a", "int"))
    plain = Proposed.of(schema).fingerprint
    assert Proposed.of(avro(("a", "int"))).fingerprint == plain
    assert Proposed.of(schema, [("b", "other", 1)]).fingerprint != plain
    assert Proposed.of(schema, metadata='{"properties":{"owner":"x"}}').fingerprint != plain
    assert Proposed.of(schema, rule_set='{"domainRules":[]}').fingerprint != plain
    # The formula of the fingerprints databases store: it may not change.
    payload = json.dumps(["AVRO", schema.canonical, [["b", "other", 1]], None, None], separators=(",", ":"))
    assert fingerprint("AVRO", schema.canonical, [("b", "other", 1)]) == hashlib.sha256(payload.encode()).hexdigest()


def test_the_policy_is_the_subjects_and_falls_back_to_the_formats_default() -> None:
    def open_model(*names: str) -> ParsedSchema:
        properties = {name: {"type": "string"} for name in names}
        return parse_schema("JSON", json.dumps({"type": "object", "properties": properties}))

    history = [version(1, open_model("name"))]
    strict = decide(Proposed.of(open_model("name", "email")), history, level=Level.BACKWARD, policy=None)
    assert strict.policy == "STRICT"
    assert [f.rule for f in strict.findings] == ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]
    lenient = decide(Proposed.of(open_model("name", "email")), history, level=Level.BACKWARD, policy="lenient")
    assert (lenient.policy, lenient.compatible) == ("LENIENT", True)
    avro_history = [version(1, avro(("a", "int")))]
    assert decide(Proposed.of(avro(("a", "int"), ("b", "int"))), avro_history, level=Level.FORWARD,
                  policy="LENIENT").policy == "STRICT"


def test_reserved_names_come_from_the_metadata_and_count_with_validate_fields_only() -> None:
    assert reserved_names('{"properties":{"confluent:reserved":"a, b ,,c"}}') == {"a", "b", "c"}
    assert reserved_names(None) == reserved_names('{"properties":{"owner":"x"}}') == frozenset()
    reserving = '{"properties":{"confluent:reserved":"legacy"}}'
    old, new = avro(("name", "string")), avro(("name", "string"), ("legacy", "string"))
    history = [Previous(OldVersion.numbered(1), None, lambda: old.with_reserved(frozenset({"legacy"})))]
    proposed = Proposed.of(new, metadata=reserving)
    assert decide(proposed, history, level=Level.NONE, policy=None).compatible
    checked = decide(proposed, history, level=Level.NONE, policy=None, validate_fields=True)
    assert [(f.rule, f.path, f.direction, f.against) for f in checked.findings] == [
        ("FIELD_CONFLICTS_WITH_RESERVED_FIELD", "legacy", None, OldVersion.numbered(1))
    ]
    assert checked.checked == (OldVersion.numbered(1),)
    assert Decision.from_dict(json.loads(json.dumps(checked.as_dict()))) == checked
    unreserved = decide(Proposed.of(old), history, level=Level.BACKWARD, policy=None, deduplicate=False,
                        validate_fields=True)
    assert [f.rule for f in unreserved.findings] == ["RESERVED_FIELD_REMOVED"]
    first = decide(proposed, [], level=Level.BACKWARD, policy=None, validate_fields=True)
    assert [(f.rule, f.against) for f in first.findings] == [("FIELD_CONFLICTS_WITH_RESERVED_FIELD", None)]


def test_reserved_rules_come_before_the_levels_and_against_the_latest_version_only() -> None:
    v1 = Previous(OldVersion.numbered(1), None, avro(("a", "int")).with_reserved(frozenset({"gone", "kept"})))
    v2 = Previous(OldVersion.numbered(2), None, avro(("a", "int")).with_reserved(frozenset({"kept"})))
    proposed = Proposed.of(avro(("a", "string")), metadata='{"properties":{"confluent:reserved":"kept"}}')
    decision = decide(proposed, [v1, v2], level=Level.BACKWARD, policy=None, validate_fields=True)
    assert [f.rule for f in decision.findings] == ["TYPE_MISMATCH"]
    decision = decide(Proposed.of(avro(("a", "string"))), [v1, v2], level=Level.BACKWARD_TRANSITIVE, policy=None,
                      validate_fields=True)
    assert [(f.rule, f.path, f.against) for f in decision.findings] == [
        ("RESERVED_FIELD_REMOVED", "kept", OldVersion.numbered(2)),
        ("TYPE_MISMATCH", "/fields/0/type", OldVersion.numbered(2)),
        ("TYPE_MISMATCH", "/fields/0/type", OldVersion.numbered(1)),
    ]


def test_reserved_rules_check_the_given_latest_version_when_previous_holds_only_some() -> None:
    """A compatibilityGroup's versions are `previous`; the reserved rules check the subject's latest, `latest`."""
    v1 = Previous(OldVersion.numbered(1), None, avro(("a", "int")).with_reserved(frozenset({"kept"})))
    v3 = Previous(OldVersion.numbered(3), None, avro(("b", "long")).with_reserved(frozenset({"kept", "gone"})))
    proposed = Proposed.of(avro(("a", "string")), metadata='{"properties":{"confluent:reserved":"kept"}}')
    decision = decide(proposed, [v1], level=Level.BACKWARD, policy=None, validate_fields=True, latest=v3)
    assert [(f.rule, f.path, f.against) for f in decision.findings] == [
        ("RESERVED_FIELD_REMOVED", "gone", OldVersion.numbered(3)),
        ("TYPE_MISMATCH", "/fields/0/type", OldVersion.numbered(1)),
    ]
    assert decision.checked == (OldVersion.numbered(1), OldVersion.numbered(3))
    alone = decide(proposed, [], level=Level.BACKWARD, policy=None, validate_fields=True, latest=v3)
    assert ([f.rule for f in alone.findings], alone.checked) == (["RESERVED_FIELD_REMOVED"], (OldVersion.numbered(3),))
    unvalidated = decide(proposed, [v1], level=Level.BACKWARD, policy=None, latest=v3)
    assert [f.rule for f in unvalidated.findings] == ["TYPE_MISMATCH"]
    assert unvalidated.checked == (OldVersion.numbered(1),)


def test_no_previous_version_or_level_none_checks_nothing() -> None:
    proposed = Proposed.of(avro(("a", "int")))
    assert decide(proposed, [], level=Level.FULL, policy=None).checked == ()
    none = decide(proposed, [unreadable(1)], level=Level.NONE, policy=None)
    assert (none.compatible, none.checked) == (True, ())


def test_the_json_form_round_trips() -> None:
    history = [version(1, avro(("a", "int"))), version(2, avro(("a", "long")))]
    decision = decide(Proposed.of(avro(("a", "string"))), history, level=Level.FULL_TRANSITIVE, policy=None)
    data = json.loads(json.dumps(decision.as_dict()))
    assert Decision.from_dict(data) == decision
    assert data["checked"] == [1, 2] and {f["oldVersion"] for f in data["findings"]} == {1, 2}
    with pytest.raises(KeyError):
        Decision.from_dict({"level": "FULL"})


def test_force_decides_compatible_unchecked_but_an_identical_schema_is_still_its_version() -> None:
    old, breaking = avro(("a", "string")), avro(("a", "int"))
    previous = [version(1, old)]
    refused = decide(Proposed.of(breaking), previous, level=Level.BACKWARD, policy=None)
    assert not refused.compatible
    forced = decide(Proposed.of(breaking), [unreadable(1)], level=Level.BACKWARD, policy=None, force=True)
    assert forced.compatible and forced.forced and forced.checked == ()
    assert Decision.from_dict(forced.as_dict()) == forced and forced.as_dict()["forced"] is True
    same = decide(Proposed.of(old), previous, level=Level.BACKWARD, policy=None, force=True)
    assert same.identical == OldVersion.numbered(1) and not same.forced
