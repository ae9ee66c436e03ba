"""The file format and the import plan, without a registry: what is written, in which order, and what is refused."""

from __future__ import annotations

import json

import pytest

from schemata.cli.backup import Backup, FormatError, SubjectRecord, VersionRecord, dumps, loads, plan
from schemata.cli.backup.importing import Register, SetConfig, SetEnforcement, SetLintPolicy, SetMode, SoftDelete
from schemata.registry.client import Schema, SchemaReference


def version(number: int, schema_id: int, *refs: tuple[str, int], deleted: bool = False) -> VersionRecord:
    references = [SchemaReference(f"{subject}.avsc", subject, ref_version) for subject, ref_version in refs]
    return VersionRecord(number, schema_id, Schema(f'"{schema_id}"', "AVRO", references), deleted)


def backup(*subjects: SubjectRecord) -> Backup:
    return Backup("http://source", {"compatibilityLevel": "FULL"}, "READONLY", subjects)


#: A config with every field Confluent's /config holds (the keys of config_fields.FIELDS).
EVERY_FIELD = {
    "compatibilityLevel": "NONE", "compatibilityPolicy": "LENIENT", "normalize": True, "compatibilityGroup": "major",
    "defaultMetadata": {"properties": {"owner": "a"}}, "overrideMetadata": {"tags": {"f": ["PII"]}},
    "defaultRuleSet": {"domainRules": [{"name": "r", "kind": "CONDITION", "type": "CEL", "expr": "true"}]},
    "overrideRuleSet": {"migrationRules": []}, "alias": "other", "validateFields": True, "validateRules": False,
}


A1 = version(1, 5, ("b", 1))
B1 = version(1, 9, deleted=True)
C1, C2 = version(1, 1, deleted=True), version(2, 1)
SAMPLE = backup(
    SubjectRecord("a", (A1,), EVERY_FIELD, "READWRITE", {"enabled": True}, "OFF"),
    SubjectRecord("b", (B1,)),
    SubjectRecord("c", (C1, C2), None, "READONLY"),
)


def test_plan_registers_references_first_and_deletes_a_referenced_version_last() -> None:
    assert plan(SAMPLE) == [
        Register("c", C1),
        SoftDelete("c", 1),  # before version 2 brings the same schema back
        Register("c", C2),
        Register("b", B1),  # id 9, but `a` (id 5) references it
        Register("a", A1),
        SoftDelete("b", 1),  # only once nothing live references it
        SetConfig(None, {"compatibilityLevel": "FULL"}),
        SetConfig("a", EVERY_FIELD),
        SetLintPolicy("a", {"enabled": True}),
        SetEnforcement("a", "OFF"),
        SetMode("a", "READWRITE"),
        SetMode("c", "READONLY"),
        SetMode(None, "READONLY"),  # the global mode last: the target leaves IMPORT when all is in
    ]


def test_a_reference_outside_the_backup_is_left_to_the_target() -> None:
    lone = version(1, 3, ("elsewhere", 4))
    assert plan(backup(SubjectRecord("a", (lone,))))[0] == Register("a", lone)


def test_a_reference_cycle_is_refused() -> None:
    cycle = backup(SubjectRecord("a", (version(1, 1, ("b", 1)),)), SubjectRecord("b", (version(1, 2, ("a", 1)),)))
    with pytest.raises(FormatError, match=r"cycle among 'a' version 1, 'b' version 1"):
        plan(cycle)


def test_the_file_reads_back_to_the_same_backup_and_text() -> None:
    text = dumps(SAMPLE)
    assert loads(text) == SAMPLE
    assert dumps(loads(text)) == text
    document = json.loads(text)
    assert (document["format"], document["version"], document["exportedFrom"]) == ("schemata-export", 2, "http://source")
    assert document["subjects"][0]["config"] == EVERY_FIELD
    assert document["subjects"][1] == {
        "subject": "b",
        "versions": [{"version": 1, "id": 9, "deleted": True, "schema": '"9"', "schemaType": "AVRO"}],
    }


def test_global_settings_and_a_context_s_settings_are_planned_after_the_versions() -> None:
    context = SubjectRecord(":.staging:", (), {"validateFields": True}, "READONLY")
    full = Backup("http://source", EVERY_FIELD, "READWRITE", (context, SubjectRecord("b", (B1,))),
                  lint={"enabled": False}, enforcement="WARN")
    assert loads(dumps(full)) == full
    assert (full.subject_count, full.version_count) == (1, 1)
    assert plan(full) == [
        Register("b", B1),
        SoftDelete("b", 1),
        SetConfig(None, EVERY_FIELD),
        SetConfig(":.staging:", {"validateFields": True}),
        SetLintPolicy(None, {"enabled": False}),
        SetEnforcement(None, "WARN"),
        SetMode(":.staging:", "READONLY"),
        SetMode(None, "READWRITE"),
    ]


def test_a_version_1_file_reads_as_it_did() -> None:
    """Written by the previous format: three config fields at most, no lint policy, enforcement or contexts."""
    text = json.dumps({
        "format": "schemata-export", "version": 1, "exportedFrom": "http://old", "mode": "READWRITE",
        "config": {"compatibilityLevel": "FULL", "normalize": True},
        "subjects": [{"subject": "b", "config": {"compatibilityLevel": "NONE", "compatibilityGroup": "g"},
                      "versions": [{"version": 1, "id": 9, "deleted": False, "schema": '"9"', "schemaType": "AVRO"}]}],
    })
    old = loads(text)
    subject = SubjectRecord("b", (version(1, 9),), {"compatibilityLevel": "NONE", "compatibilityGroup": "g"})
    assert old == Backup("http://old", {"compatibilityLevel": "FULL", "normalize": True}, "READWRITE", (subject,))
    assert json.loads(dumps(old))["version"] == 2


def test_subjects_and_versions_are_sorted_in_the_file() -> None:
    shuffled = backup(SubjectRecord("c", (C2, C1)), SubjectRecord("a", (A1,)))
    document = json.loads(dumps(shuffled))
    assert [s["subject"] for s in document["subjects"]] == ["a", "c"]
    assert [v["version"] for v in document["subjects"][1]["versions"]] == [1, 2]


def _broken(*path: str | int, to: object = None) -> str:
    """SAMPLE's file with the value at `path` replaced by `to` (None: removed)."""
    document = json.loads(dumps(SAMPLE))
    *parents, last = path
    holder = document
    for step in parents:
        holder = holder[step]
    if to is None:
        del holder[last]
    else:
        holder[last] = to
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ("[]", "the document must be an object, not an array"),
        ('{"format": "avro"}', '`format` must be "schemata-export"'),
        (_broken("version", to=3), "`version` 3 is not supported (this schemata reads 1 and 2)"),
        (_broken("mode"), "the document has no `mode`"),
        (_broken("subjects", 0, "versions", 0, "id", to="5"),
         "subject 'a' versions[0] `id` must be an integer, not a string"),
        (_broken("subjects", 2, "versions", 1, "deleted", to=1),
         "subject 'c' versions[1] `deleted` must be true or false, not a number"),
        (_broken("subjects", 0, "versions", 0, "references", 0, "version", to=True),
         "subject 'a' versions[0] references `version` must be an integer, not a boolean"),
        (_broken("subjects", 1, "subject", to=["b"]), "subjects[1] `subject` must be a string, not an array"),
        (_broken("subjects", 0, "config", to=[]), "subject 'a' `config` must be an object, not an array"),
        (_broken("subjects", 0, "lint", to="on"), "subject 'a' `lint` must be an object, not a string"),
        (_broken("subjects", 0, "enforcement", to=1.5), "subject 'a' `enforcement` must be a string, not a number"),
        ('{"format": "schemata-export", "version": 2, "subjects": [], "exportedFrom": null}',
         "the document `exportedFrom` must be a string, not null"),
    ],
)
def test_a_broken_file_says_where(text: str, message: str) -> None:
    with pytest.raises(FormatError) as raised:
        loads(text)
    assert message in str(raised.value)
