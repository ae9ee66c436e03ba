"""POST /subjects/{s} with the data-contract parts as confluent-kafka sends them when looking a writer up."""

from __future__ import annotations

from .helpers import field, ok, record, register, seg


def test_a_lookup_with_empty_contract_parts_finds_the_version_registered_without_them(api, subject, rname):
    """confluent-kafka fills in `"sensitive": []` and three empty rule lists: they are the same as absent."""
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema, metadata={"properties": {"major": "1"}}, ruleSet={})
    body = {
        "schema": schema,
        "metadata": {"properties": {"major": "1"}, "sensitive": [], "tags": {}},
        "ruleSet": {"migrationRules": [], "domainRules": [], "encodingRules": []},
    }
    found = ok(api.post(f"/subjects/{seg(subject)}", json=body, params={"deleted": "true"}))
    assert (found["id"], found["version"]) == (schema_id, 1)
    other = {**body, "metadata": {"properties": {"major": "2"}}}
    assert api.post(f"/subjects/{seg(subject)}", json=other).json()["error_code"] == 40403
