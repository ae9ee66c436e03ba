"""Both authentication styles through real clients: confluent-kafka's SchemaRegistryClient and ours."""

from __future__ import annotations

import json

import pytest
from confluent_kafka.schema_registry import Schema as ConfluentSchema
from confluent_kafka.schema_registry import SchemaRegistryClient as ConfluentClient
from confluent_kafka.schema_registry.error import SchemaRegistryError as ConfluentError

from schemata.registry.client import Schema, SchemaRegistryClient, SchemaRegistryError
from tests.security.conftest import PASSWORDS, Secured

ORDER = {"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}
AVRO = json.dumps(ORDER, separators=(",", ":"))


def static_token(token: str) -> dict[str, str]:
    return {"bearer.auth.credentials.source": "STATIC_TOKEN", "bearer.auth.token": token,
            "bearer.auth.logical.cluster": "lsrc-schemata", "bearer.auth.identity.pool.id": "pool-1"}


def confluent_styles(secured: Secured) -> dict[str, dict[str, str]]:
    return {"basic": {"basic.auth.user.info": f"wes:{PASSWORDS['wes']}"}, "bearer": static_token(
        secured.issuer.token("wes"))}


@pytest.mark.parametrize("style", ["basic", "bearer"])
def test_confluent_client_registers_and_reads_with_either_style(secured: Secured, subject: str, style: str) -> None:
    with ConfluentClient({"url": secured.url, **confluent_styles(secured)[style]}) as client:
        schema_id = client.register_schema(subject, ConfluentSchema(AVRO, "AVRO"))
        assert client.get_schema(schema_id).schema_str == AVRO
        assert client.get_latest_version(subject).schema_id == schema_id
        assert subject in client.get_subjects()
        with pytest.raises(ConfluentError) as denied:
            client.delete_subject(subject)  # wes writes; deleting needs admin
    assert (denied.value.http_status_code, denied.value.error_code) == (403, 40301)


@pytest.mark.parametrize("conf", [{"basic.auth.user.info": "wes:wrong"}, {}], ids=["wrong-password", "anonymous"])
def test_confluent_client_is_refused_without_valid_credentials(secured: Secured, conf: dict[str, str]) -> None:
    with ConfluentClient({"url": secured.url, **conf}) as client, pytest.raises(ConfluentError) as refused:
        client.get_subjects()
    assert (refused.value.http_status_code, refused.value.error_code) == (401, 40101)


@pytest.mark.parametrize("style", ["basic", "url", "bearer"])
def test_our_client_registers_and_reads_with_each_style(secured: Secured, subject: str, style: str) -> None:
    confs = {
        "basic": {"url": secured.url, "basic.auth.user.info": f"wes:{PASSWORDS['wes']}"},
        "url": {"url": secured.url.replace("http://", f"http://wes:{PASSWORDS['wes']}@")},
        "bearer": {"url": secured.url, **static_token(secured.issuer.token("wes"))},
    }
    with SchemaRegistryClient(confs[style]) as client:
        schema_id = client.register_schema(subject, Schema(AVRO, "AVRO"))
        assert client.get_version(subject, 1).schema_id == schema_id
        with pytest.raises(SchemaRegistryError) as denied:
            client.set_compatibility(subject, "NONE")
    assert (denied.value.http_status_code, denied.value.error_code) == (403, 40301)


def test_our_client_reads_the_audit_log_as_an_admin_only(secured: Secured, subject: str) -> None:
    with SchemaRegistryClient({"url": secured.url, "basic.auth.user.info": f"ann:{PASSWORDS['ann']}"}) as admin:
        admin.register_schema(subject, Schema(AVRO, "AVRO"))
        entries = admin.get_audit_log(subject=subject)
    assert [(e["principal"], e["method"], e["status"]) for e in entries] == [("ann", "POST", 200)]
    with SchemaRegistryClient({"url": secured.url, **static_token(secured.issuer.token("wes"))}) as writer, \
            pytest.raises(SchemaRegistryError) as denied:
        writer.get_audit_log()
    assert denied.value.error_code == 40301
