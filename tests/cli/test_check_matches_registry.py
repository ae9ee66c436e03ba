"""Online `schemata check` says what the registry itself decides: for every format, level and policy, a
contract passes exactly when registering its schema succeeds, with the registry's own findings."""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx

from schemata.compat import Level, get_format
from tests.cli.helpers import Service


@dataclass(frozen=True)
class Scenario:
    """Two versions registered under NONE, then a proposed schema checked at the subject's level and policy."""

    name: str
    v1: str
    v2: str
    proposed: str


def avro(*fields: str) -> str:
    return json.dumps({"type": "record", "name": "R", "fields": [json.loads(f) for f in fields]})


def jsonschema(properties: dict[str, str], *, closed: bool = False, note: str = "") -> str:
    document: dict[str, object] = {"type": "object", "properties": {k: {"type": v} for k, v in properties.items()}}
    if closed:
        document["additionalProperties"] = False
    if note:
        document["description"] = note
    return json.dumps(document)


def proto(body: str) -> str:
    return f'syntax = "proto3";\nmessage A {{ {body} }}\n'


A_INT, A_LONG = '{"name": "a", "type": "int"}', '{"name": "a", "type": "long"}'
A_STRING = '{"name": "a", "type": "string"}'
B_DEFAULT = '{"name": "b", "type": "string", "default": ""}'
C_REQUIRED = '{"name": "c", "type": "int"}'
X_OPTIONAL = '{"name": "x", "type": ["null", "int"], "default": null}'

SCENARIOS: dict[str, list[Scenario]] = {
    "AVRO": [
        Scenario("field-without-default", avro(A_INT), avro(A_INT, B_DEFAULT), avro(A_INT, B_DEFAULT, C_REQUIRED)),
        Scenario("promotion", avro(A_INT), avro(A_LONG), avro(A_LONG, X_OPTIONAL)),
        Scenario("identical-to-v1", avro(A_INT), avro(A_STRING), avro(A_INT)),
    ],
    "JSON": [
        Scenario("open-model-grows", jsonschema({"name": "string"}), jsonschema({"name": "string"}, note="v2"),
                 jsonschema({"name": "string", "email": "string"})),
        Scenario("closed-model-shrinks", jsonschema({"a": "string"}, closed=True),
                 jsonschema({"a": "string", "b": "string"}, closed=True), jsonschema({"b": "string"}, closed=True)),
        Scenario("widened-type", jsonschema({"n": "integer"}), jsonschema({"n": "integer"}, note="v2"),
                 jsonschema({"n": "number"})),
    ],
    "PROTOBUF": [
        Scenario("field-deleted", proto("int32 x = 1; string s = 2;"), proto("int32 x = 1; string s = 2; int32 y = 3;"),
                 proto("int32 x = 1; int32 y = 3;")),
        Scenario("int32-to-int64", proto("int32 x = 1;"), proto("int32 x = 1; string s = 2;"),
                 proto("int64 x = 1; string s = 2;")),
        Scenario("string-to-int32", proto("string x = 1;"), proto("string x = 1; int32 y = 2;"),
                 proto("int32 x = 1; int32 y = 2;")),
    ],
}
EXTENSION = {"AVRO": "avsc", "JSON": "json", "PROTOBUF": "proto"}


def _post(url: str, subject: str, schema_type: str, schema: str) -> httpx.Response:
    return httpx.post(f"{url}/subjects/{subject}/versions", json={"schema": schema, "schemaType": schema_type})


def test_online_check_agrees_with_the_registry_for_every_format_level_and_policy(
    service: Service, sqlite_registry_url: str, topic: str
) -> None:
    url = sqlite_registry_url
    cases: dict[str, tuple[str, Scenario]] = {}
    entries = []
    for schema_type, scenarios in SCENARIOS.items():
        for policy in get_format(schema_type).policies:
            for level in Level:
                for scenario in scenarios:
                    subject = f"{topic}-{schema_type}-{policy}-{level}-{scenario.name}".lower()
                    cases[subject] = (schema_type, scenario)
                    httpx.put(f"{url}/config/{subject}", json={"compatibility": "NONE"}).raise_for_status()
                    for version in (scenario.v1, scenario.v2):
                        _post(url, subject, schema_type, version).raise_for_status()
                    config = {"compatibility": level.value, "compatibilityPolicy": policy}
                    httpx.put(f"{url}/config/{subject}", json=config).raise_for_status()
                    path = f"schemas/{subject}.{EXTENSION[schema_type]}"
                    service.write(path, scenario.proposed)
                    entries.append(f"  - topic: {topic}\n    subject: {subject}\n    schema: {path}\n")
    service.manifest("produces:\n" + "".join(entries))

    run = service.run("check", "--registry", url, "--format", "json")
    assert run.code in (0, 1), run.output
    checked = {contract["subject"]: contract for contract in json.loads(run.out)["contracts"]}

    cli_verdicts, registry_verdicts = {}, {}
    for subject, (schema_type, scenario) in cases.items():
        answer = _post(url, subject, schema_type, scenario.proposed)
        assert answer.status_code in (200, 409), answer.text
        registry_verdicts[subject] = answer.status_code == 200
        cli_verdicts[subject] = checked[subject]["ok"]
        if answer.status_code == 409:
            theirs = sorted(f["rule"] for f in answer.json()["schemata"]["findings"])
            ours = sorted(f["rule"] for f in checked[subject]["findings"] for _ in f["against"])
            assert ours == theirs, (subject, ours, theirs)
    assert cli_verdicts == registry_verdicts
    # The cases do exercise the differences: both verdicts occur, and the policy changes some of them.
    assert set(registry_verdicts.values()) == {True, False}
    for strict, other in (("strict", "lenient"), ("strict", "wire")):
        changed = [s for s in registry_verdicts if f"-{other}-" in s
                   and registry_verdicts[s] != registry_verdicts[s.replace(f"-{other}-", f"-{strict}-")]]
        assert changed, f"no case where {other} decides differently from {strict}"


def test_lenient_subject_accepts_an_optional_property_and_check_agrees(
    service: Service, sqlite_registry_url: str, topic: str
) -> None:
    """The case of issue 10: BACKWARD with compatibilityPolicy LENIENT, a JSON schema adding an optional
    property. The registry accepts it, and `schemata check` passes it (it used to fail it and exit 1)."""
    url = ["--registry", sqlite_registry_url]
    subject = f"{topic}-value"
    config = {"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"}
    httpx.put(f"{sqlite_registry_url}/config/{subject}", json=config).raise_for_status()
    service.manifest(f"produces:\n  - topic: {topic}\n    schema: schemas/event.json\n")
    service.write("schemas/event.json", jsonschema({"name": "string"}))
    assert service.run("register", *url).code == 0

    service.write("schemas/event.json", jsonschema({"name": "string", "email": "string"}))
    run = service.run("check", *url)
    assert run.code == 0, run.output
    assert f"PASS produces {subject} (schemas/event.json, JSON): compatible with version 1 (BACKWARD)" in run.out
    registered = service.run("register", *url)
    assert registered.code == 0 and f"registered  {subject} version 2" in registered.out, registered.output

    # Under STRICT the same kind of change fails both, with the same rule.
    httpx.delete(f"{sqlite_registry_url}/config/{subject}").raise_for_status()
    service.write("schemas/event.json", jsonschema({"name": "string", "email": "string", "phone": "string"}))
    run = service.run("check", *url)
    assert run.code == 1 and "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" in run.out, run.output
    refused = service.run("register", *url)
    assert refused.code == 1 and "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" in refused.err, refused.output
