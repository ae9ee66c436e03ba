"""Running the backup commands (in-process, or as the real `schemata` process) and snapshotting a registry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import httpx
from click.testing import CliRunner, Result

SCRIPT = Path(sys.executable).with_name("schemata")
REPO = Path(__file__).resolve().parents[2]


def _avro(name: str, *fields: tuple[str, object], namespace: str = "com.acme") -> str:
    return json.dumps({"type": "record", "name": name, "namespace": namespace,
                       "fields": [{"name": n, "type": t, **({"default": None} if isinstance(t, list) else {})}
                                  for n, t in fields]})


MONEY = _avro("Money", ("cents", "long"), ("currency", "string"))
ORDER_V1 = _avro("Order", ("id", "string"), ("total", "com.acme.Money"))
ORDER_V2 = _avro("Order", ("id", "string"), ("total", "com.acme.Money"), ("note", ["null", "string"]))
ORDER_V3 = _avro("Order", ("id", "string"), ("total", "com.acme.Money"), ("note", ["null", "string"]),
                 ("coupon", ["null", "string"]))
CUSTOMER = _avro("Customer", ("id", "string"))
LEGACY = _avro("Legacy", ("id", "int"))
SCRATCH = _avro("Scratch", ("id", "int"))
EVENT_V1 = json.dumps({"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": False})
EVENT_V2 = json.dumps({"type": "object", "properties": {"id": {"type": "string"}, "at": {"type": "string"}},
                       "additionalProperties": False})
COMMON_PROTO = 'syntax = "proto3";\npackage acme;\n\nmessage Amount {\n  int64 cents = 1;\n}\n'
PAYMENT_PROTO = (
    'syntax = "proto3";\npackage acme;\n\nimport "common.proto";\n\n'
    "message Payment {\n  string id = 1;\n  acme.Amount amount = 2;\n}\n"
)


class Registry:
    """Raw REST calls on a live registry (independent of the code under test); each asserts success."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30.0)

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.http.close()

    def call(self, method: str, path: str, body: object = None, **params: object) -> object:
        response = self.http.request(method, path, json=body, params=params)
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def register(self, subject: str, schema: str, schema_type: str = "AVRO", **extra: object) -> int:
        body = {"schema": schema, "schemaType": schema_type, **extra}
        answer = self.call("POST", f"/subjects/{subject.replace('/', '%2F')}/versions", body)
        assert isinstance(answer, dict)
        return int(answer["id"])


MONEY_REF = [{"name": "com.acme.Money", "subject": "money", "version": 1}]


def populate(url: str) -> None:
    """Subjects of all three formats with references, soft deletes, a re-registered schema, an id gap,
    metadata, a `/` in a subject name, a subject in another context, and subject configs and modes."""
    with Registry(url) as registry:
        _fill(registry)


def _fill(registry: Registry) -> None:
    registry.register("money", MONEY)
    registry.register("orders-value", ORDER_V1, references=MONEY_REF)
    registry.register("scratch", SCRATCH)
    registry.call("DELETE", "/subjects/scratch")
    registry.call("DELETE", "/subjects/scratch", permanent="true")  # leaves a gap in the ids
    registry.register("orders-value", ORDER_V2, references=MONEY_REF)
    registry.register("orders-value", ORDER_V3, references=MONEY_REF)
    registry.call("DELETE", "/subjects/orders-value/versions/3")
    owner = {"properties": {"owner": "team-a"}}
    customer = registry.register("customers-value", CUSTOMER, metadata=owner)
    registry.call("DELETE", "/subjects/customers-value/versions/1")
    # The same id again, beside its soft-deleted version: re-registering would replace that version (as
    # Confluent 8 does), so the state older registries' exports hold is brought in as an import brings it.
    registry.call("PUT", "/mode/customers-value", {"mode": "IMPORT"}, force="true")
    registry.register("customers-value", CUSTOMER, metadata=owner, id=customer, version=2)
    registry.call("DELETE", "/mode/customers-value")
    registry.register("legacy-value", LEGACY)
    registry.call("DELETE", "/subjects/legacy-value")
    registry.register("shared/money", MONEY)  # the same schema in another subject shares its id
    registry.register("events-json", EVENT_V1, "JSON")
    registry.register("events-json", EVENT_V2, "JSON")
    registry.call("DELETE", "/subjects/events-json/versions/1")
    registry.call("DELETE", "/subjects/events-json/versions/1", permanent="true")  # a gap in the versions
    registry.register("proto-common", COMMON_PROTO, "PROTOBUF")
    registry.register("payments-value", PAYMENT_PROTO, "PROTOBUF",
                      references=[{"name": "common.proto", "subject": "proto-common", "version": 1}])
    # Another context, with its own ids (from 1) and a reference within it.
    registry.register(":.staging:money", MONEY)
    registry.register(":.staging:orders-value", ORDER_V1, references=MONEY_REF)
    registry.call("PUT", "/config/orders-value", {"compatibility": "FULL_TRANSITIVE"})
    registry.call("PUT", "/config/events-json", {"compatibility": "NONE"})
    registry.call("PUT", "/config/legacy-value", {"compatibility": "FORWARD"})
    registry.call("PUT", "/mode/payments-value", {"mode": "READONLY"})
    registry.call("PUT", "/mode/events-json", {"mode": "READWRITE"})
    registry.call("PUT", "/config", {"compatibility": "FULL"})
    _settings(registry)
    registry.call("PUT", "/contracts/services/billing", {
        "produces": [{"subject": "payments-value", "topic": "payments"}],
        "consumes": [{"subject": "orders-value", "schema": ORDER_V2, "references": MONEY_REF, "fromVersion": 1}],
    })
    reader = {"subject": "shared/money", "schema": MONEY}
    registry.call("PUT", "/contracts/services/audit.reader", {"consumes": [reader]})


def _settings(registry: Registry) -> None:
    """Every setting that changes how the registry decides: each config field, per subject, per context and
    globally (Confluent's `__GLOBAL` context too), lint policies and contract enforcement."""
    registry.call("PUT", "/config", {"validateFields": True, "compatibilityPolicy": "LENIENT", "validateRules": True})
    registry.call("PUT", "/config/events-json", {
        "compatibilityPolicy": "STRICT", "validateFields": False, "normalize": True,
        "defaultMetadata": {"properties": {"owner": "team-b"}},
        "overrideMetadata": {"properties": {"tier": "gold"}},
        "defaultRuleSet": {"domainRules": [{"name": "checkId", "kind": "CONDITION", "type": "CEL",
                                             "mode": "WRITE", "expr": "message.id != ''"}]},
        "overrideRuleSet": {"migrationRules": [{"name": "up", "kind": "TRANSFORM", "type": "JSONATA",
                                                 "mode": "UPGRADE", "expr": "$"}]},
    })
    registry.call("PUT", "/config/orders-value", {"compatibilityGroup": "major", "validateFields": True})
    registry.call("PUT", "/config/:.staging:", {"compatibility": "NONE", "validateFields": True})
    registry.call("PUT", "/mode/:.staging:", {"mode": "READWRITE"})
    registry.call("PUT", "/config/:.__GLOBAL:", {"compatibility": "BACKWARD_TRANSITIVE", "normalize": True})
    registry.call("PUT", "/lint/config", {"enabled": True, "severity": {"MONEY_AS_FLOAT": "info"}})
    registry.call("PUT", "/lint/config/money", {"enabled": False})
    registry.call("PUT", "/contracts/enforcement", {"enforcement": "WARN"})
    registry.call("PUT", "/contracts/enforcement/orders-value", {"enforcement": "OFF"})
    registry.call("PUT", "/contracts/enforcement/money", {"enforcement": "WARN"})  # the global one, but its own
    # A subject set up before its first version (Confluent's API lists no such subject).
    registry.call("PUT", "/config/planned-value", {"compatibility": "FORWARD_TRANSITIVE", "validateFields": True})
    registry.call("PUT", "/mode/planned-value", {"mode": "READONLY"})
    registry.call("PUT", "/lint/config/planned-value", {"enabled": True})
    registry.call("PUT", "/contracts/enforcement/planned-value", {"enforcement": "ENFORCE"})


#: The services `populate` registers contracts for.
SERVICES = ["audit.reader", "billing"]
#: Every subject `populate` creates, and the ids it allocates in the default context (3 and 8 were permanently
#: deleted: gaps) and in `.staging`.
SUBJECTS = [":.staging:money", ":.staging:orders-value", "customers-value", "events-json", "legacy-value", "money",
            "orders-value", "payments-value", "proto-common", "shared/money"]
IDS = range(1, 12)
#: The settings scopes of contexts `populate` sets (a context's own, and Confluent's `__GLOBAL` context).
SCOPES = [":.staging:", ":.__GLOBAL:"]
#: A subject `populate` gives settings but no version.
PLANNED = "planned-value"
STAGING_IDS = range(1, 3)


def run(command: click.Command, *args: str) -> Result:
    """`command ARGS` in-process, as a user would type it."""
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


def schemata(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `schemata ARGS` as a process; SCHEMATA_* variables of the test environment are left out."""
    base = {key: value for key, value in os.environ.items() if not key.startswith("SCHEMATA_")}
    return subprocess.run([str(SCRIPT), *args], env={**base, **(env or {})}, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, cwd=REPO, check=False)


def snapshot(url: str) -> dict[str, tuple[int, Any]]:
    """What a client can read of the registry: every subject, version, id and setting, deleted ones too."""
    paths = ["/subjects", "/subjects?deleted=true", "/config", "/mode", "/contracts/services", "/catalog",
             "/lint/config", "/contracts/enforcement", "/settings/scopes",
             *(f"/{kind}/{scope}" for kind in ("config", "mode") for scope in SCOPES),
             f"/config/{PLANNED}", f"/mode/{PLANNED}", f"/lint/config/{PLANNED}", f"/contracts/enforcement/{PLANNED}",
             *(f"/contracts/services/{service}" for service in SERVICES),
             *(f"/schemas/ids/{schema_id}" for schema_id in IDS),
             *(f"/schemas/ids/{schema_id}/versions?deleted=true" for schema_id in IDS),
             *(f"/schemas/ids/{schema_id}?subject=:.staging:" for schema_id in STAGING_IDS),
             *(f"/schemas/ids/{schema_id}/versions?subject=:.staging:" for schema_id in STAGING_IDS)]
    for subject in (s.replace("/", "%2F") for s in SUBJECTS):
        paths += [f"/subjects/{subject}/versions", f"/config/{subject}", f"/mode/{subject}",
                  f"/lint/config/{subject}", f"/contracts/enforcement/{subject}",
                  f"/subjects/{subject}/versions?deleted=true"]
        paths += [f"/subjects/{subject}/versions/{number}?deleted=true" for number in range(1, 4)]
        paths += [f"/subjects/{subject}/versions/{number}/referencedby" for number in range(1, 4)]
    with httpx.Client(base_url=url, timeout=30.0) as http:
        return {path: _answer(http.get(path)) for path in paths}


def decisions(url: str) -> dict[str, tuple[int, Any]]:
    """How the registry decides: its verbose compatibility answer for an unrelated record against each
    subject's latest version (a subject's level, its context's, `__GLOBAL`'s and validateFields all tell)."""
    body = {"schema": _avro("Order", ("id", "int"), ("reserved", "string"))}
    with httpx.Client(base_url=url, timeout=30.0) as http:
        return {subject: _answer(http.post(f"/compatibility/subjects/{subject.replace('/', '%2F')}/versions/latest",
                                           json=body, params={"verbose": "true"}))
                for subject in SUBJECTS}


#: What a restore does not carry over (yet): each schema's GUID and each version's registration time.
UNRESTORED = frozenset({"guid", "ts"})


def _answer(response: httpx.Response) -> tuple[int, Any]:
    body = response.json()
    if isinstance(body, dict):
        body = {key: value for key, value in body.items() if key not in UNRESTORED}
    return response.status_code, body
