"""Subject names (slashes, unicode, spaces, control characters, reserved names) and contexts."""

from __future__ import annotations

import uuid

import pytest

from .helpers import err, field, get_version, ok, post_schema, record, register, seg, versions


@pytest.mark.parametrize(
    "suffix",
    ["with/slash", "a/b/c/versions", "ünïcødé-主题-🙂", "with space", "percent%25sign", "q?mark&amp=1#frag",
     "dots.and:colons", "trailing/"],
    ids=["slash", "slashes-like-path", "unicode", "space", "percent", "query-chars", "dots-colons", "trailing-slash"],
)
def test_special_subject_names_round_trip(api, subject, rname, suffix):
    name = f"{subject}-{suffix}"
    schema = record(rname, field("a", "int"))
    schema_id = register(api, name, schema)  # helpers percent-encode the whole name as one segment
    assert versions(api, name) == [1]
    got = get_version(api, name, "latest")
    assert got["subject"] == name and got["id"] == schema_id
    found = ok(api.post(f"/subjects/{seg(name)}", json={"schema": schema}))
    assert found["subject"] == name
    assert ok(api.get("/subjects", params={"subjectPrefix": subject})) == [name]
    assert ok(api.get(f"/schemas/ids/{schema_id}/subjects")) == [name]
    ok(api.put(f"/config/{seg(name)}", json={"compatibility": "FULL"}))
    assert ok(api.get(f"/config/{seg(name)}"))["compatibilityLevel"] == "FULL"
    compat = ok(api.post(f"/compatibility/subjects/{seg(name)}/versions/latest", json={"schema": schema}))
    assert compat["is_compatible"] is True
    assert ok(api.delete(f"/subjects/{seg(name)}")) == [1]
    assert ok(api.delete(f"/subjects/{seg(name)}", params={"permanent": "true"})) == [1]


@pytest.mark.parametrize("ctrl", ["\x00", "\x01", "\t", "\n", "\x1f", "\x7f", "\x85"],
                         ids=["nul", "soh", "tab", "newline", "us", "del", "nel"])
def test_control_characters_are_42208(api, subject, rname, ctrl):
    name = f"{subject}{ctrl}x"
    body = err(post_schema(api, name, record(rname, field("a", "int"))), 42208)
    assert body["message"] == f"The specified subject '{name}' is not a valid."
    assert ok(api.get("/subjects", params={"subjectPrefix": subject, "deleted": "true"})) == []


@pytest.mark.parametrize("reserved", ["__GLOBAL", "__EMPTY"])
def test_reserved_subject_names_are_42208(api, rname, reserved):
    err(post_schema(api, reserved, record(rname, field("a", "int"))), 42208)


def test_contexts_list_includes_default(api):
    contexts = ok(api.get("/contexts"))
    assert isinstance(contexts, list) and "." in contexts


def test_context_qualified_subjects(api, rname):
    ctx = f".ctx{uuid.uuid4().hex[:8]}"
    name = f"orders{uuid.uuid4().hex[:6]}"
    qualified = f":{ctx}:{name}"
    schema = record(rname, field("a", "int"))
    schema_id = register(api, qualified, schema)
    assert ctx in ok(api.get("/contexts"))
    got = get_version(api, qualified, 1)
    assert got["subject"] == qualified and got["id"] == schema_id
    assert ok(api.get("/subjects", params={"subjectPrefix": f":{ctx}:"})) == [qualified]
    # the same bare name in the default context is a different subject
    err(api.get(f"/subjects/{name}/versions"), 40401)
    body = ok(api.get(f"/schemas/ids/{schema_id}", params={"subject": qualified}))
    assert body["schema"]


def test_contexts_path_prefix_maps_to_qualified_subjects(api, rname):
    ctx = f".ctx{uuid.uuid4().hex[:8]}"
    name = f"payments{uuid.uuid4().hex[:6]}"
    schema = record(rname, field("a", "int"))
    body = ok(api.post(f"/contexts/{ctx}/subjects/{name}/versions", json={"schema": schema}))
    schema_id = body["id"]
    qualified = f":{ctx}:{name}"
    assert get_version(api, qualified, 1)["id"] == schema_id
    via_prefix = ok(api.get(f"/contexts/{ctx}/subjects/{name}/versions/1"))
    assert via_prefix["id"] == schema_id and via_prefix["version"] == 1
    assert ok(api.get(f"/contexts/{ctx}/subjects/{name}/versions")) == [1]
    assert qualified in ok(api.get(f"/contexts/{ctx}/subjects"))
    assert ctx in ok(api.get("/contexts"))


def test_contexts_prefix_for_config_compatibility_and_schemas(api, rname):
    ctx = f".ctx{uuid.uuid4().hex[:8]}"
    name = f"events{uuid.uuid4().hex[:6]}"
    qualified = f":{ctx}:{name}"
    v1 = record(rname, field("a", "int"))
    schema_id = ok(api.post(f"/contexts/{ctx}/subjects/{name}/versions", json={"schema": v1}))["id"]
    # /contexts/{ctx}/config/{s} is /config/:{ctx}:{s}
    ok(api.put(f"/contexts/{ctx}/config/{name}", json={"compatibility": "FORWARD"}))
    assert ok(api.get(f"/config/{seg(qualified)}"))["compatibilityLevel"] == "FORWARD"
    assert ok(api.get(f"/contexts/{ctx}/config/{name}"))["compatibilityLevel"] == "FORWARD"
    # FORWARD: the old reader needs `a`, which has no default, so removing it is incompatible
    removal = record(rname)
    check = ok(api.post(f"/contexts/{ctx}/compatibility/subjects/{name}/versions/latest", json={"schema": removal}))
    assert check == {"is_compatible": False}
    found = ok(api.post(f"/contexts/{ctx}/subjects/{name}", json={"schema": v1}))
    assert found["id"] == schema_id and found["version"] == 1
    assert ok(api.get(f"/contexts/{ctx}/schemas/ids/{schema_id}"))["schema"]
    listed = ok(api.get(f"/contexts/{ctx}/schemas"))
    assert [(s["subject"], s["version"]) for s in listed] == [(qualified, 1)]
    assert ok(api.delete(f"/contexts/{ctx}/subjects/{name}")) == [1]
    err(api.get(f"/subjects/{seg(qualified)}/versions"), 40401)


def test_subject_names_and_prefixes_are_case_sensitive(api, rname):
    base = f"lit{uuid.uuid4().hex[:8]}"
    schema = record(rname, field("a", "int"))
    for name in (f"{base}-Case", f"{base}-case"):
        register(api, name, schema)
    assert versions(api, f"{base}-Case") == [1] and versions(api, f"{base}-case") == [1]
    err(api.get(f"/subjects/{seg(base + '-CASE')}/versions"), 40401)
    assert ok(api.get("/subjects", params={"subjectPrefix": f"{base}-C"})) == [f"{base}-Case"]
    assert ok(api.get("/subjects", params={"subjectPrefix": f"{base}-c"})) == [f"{base}-case"]
    assert [s["subject"] for s in ok(api.get("/schemas", params={"subjectPrefix": f"{base}-C"}))] == [f"{base}-Case"]


def test_subject_prefix_wildcard_characters_are_literal(api, rname):
    """`_` and `%` are ordinary characters in a prefix, not SQL LIKE wildcards."""
    base = f"lit{uuid.uuid4().hex[:8]}"
    schema = record(rname, field("a", "int"))
    for name in (f"{base}_x", f"{base}Ax", f"{base}%y", f"{base}Zy"):
        register(api, name, schema)
    assert ok(api.get("/subjects", params={"subjectPrefix": f"{base}_"})) == [f"{base}_x"]
    assert ok(api.get("/subjects", params={"subjectPrefix": f"{base}%"})) == [f"{base}%y"]
    assert [s["subject"] for s in ok(api.get("/schemas", params={"subjectPrefix": f"{base}_"}))] == [f"{base}_x"]


def test_unicode_normalisation_forms_are_distinct_subjects(api, rname):
    base = f"nf{uuid.uuid4().hex[:8]}-"
    composed, decomposed = base + "\u00e9", base + "e\u0301"
    register(api, composed, record(rname, field("a", "int")))
    err(api.get(f"/subjects/{seg(decomposed)}/versions"), 40401)
    register(api, decomposed, record(rname, field("a", "int")))
    assert sorted(ok(api.get("/subjects", params={"subjectPrefix": base}))) == sorted([composed, decomposed])


def test_long_subject_name(api, subject, rname):
    name = subject + "-" + "x" * 2000
    register(api, name, record(rname, field("a", "int")))
    assert get_version(api, name, 1)["subject"] == name
    assert ok(api.get("/subjects", params={"subjectPrefix": subject})) == [name]


def test_subject_prefix_wildcard_lists_every_context(api, subject, rname):
    """`:*:` is Confluent's default subjectPrefix (the Confluent CLI sends it): subjects of all contexts."""
    ctx = f".ctx{uuid.uuid4().hex[:8]}"
    qualified = f":{ctx}:{subject}"
    register(api, subject, record(rname, field("a", "int")))
    register(api, qualified, record(rname, field("a", "int")))
    everything = ok(api.get("/subjects"))
    assert subject in everything and qualified in everything
    wildcard = ok(api.get("/subjects", params={"subjectPrefix": ":*:"}))
    assert subject in wildcard and qualified in wildcard


# ---------------------------------------------------------------- context spellings of config and mode


def test_the_default_context_spelled_as_a_subject_is_the_global_config_and_mode(api):
    assert ok(api.put("/config/:.:", json={"compatibility": "FULL"})) == {"compatibility": "FULL"}
    assert ok(api.get("/config"))["compatibilityLevel"] == "FULL"
    assert ok(api.get("/config/:.:"))["compatibilityLevel"] == "FULL"
    ok(api.put("/mode/:.:", json={"mode": "READONLY"}))
    assert ok(api.get("/mode")) == {"mode": "READONLY"}
    ok(api.delete("/mode/:.:"))
    ok(api.delete("/config/:.:"))
    assert ok(api.get("/config"))["compatibilityLevel"] == "BACKWARD"


def test_the_global_context_lies_beneath_every_other(api, subject, rname):
    try:
        ok(api.put("/config/:.__GLOBAL:", json={"compatibility": "NONE"}))
        assert ok(api.get("/config"))["compatibilityLevel"] == "NONE"  # nothing set above it
        merged = ok(api.get(f"/config/{subject}", params={"defaultToGlobal": "true"}))
        assert merged["compatibilityLevel"] == "NONE"
        register(api, subject, record(rname, field("a", "int")))
        register(api, subject, record(rname, field("b", "string")))  # NONE applies: no check
        ok(api.put("/config", json={"compatibility": "BACKWARD"}))  # the global config comes first
        err(post_schema(api, subject, record(rname, field("c", "long"))), 409)
    finally:
        api.delete("/config/:.__GLOBAL:")


def test_a_context_config_applies_to_its_subjects(api, subject, rname):
    context = f".c{uuid.uuid4().hex[:8]}"
    inside = f":{context}:{subject}"
    ok(api.put(f"/config/:{context}:", json={"compatibility": "NONE"}))
    register(api, inside, record(rname, field("a", "int")))
    register(api, inside, record(rname, field("b", "string")))
    assert ok(api.get(f"/config/{seg(inside)}", params={"defaultToGlobal": "true"}))["compatibilityLevel"] == "NONE"
    # a subject of the default context keeps the global level
    register(api, subject, record(rname, field("a", "int")))
    err(post_schema(api, subject, record(rname, field("b", "string"))), 409)


def test_contexts_are_paged(api, subject, rname):
    for suffix in ("a", "b"):
        register(api, f":.{subject}-{suffix}:s", record(rname, field("a", "int")))
    every = ok(api.get("/contexts"))
    assert every[0] == "." and {f".{subject}-a", f".{subject}-b"} <= set(every)
    assert ok(api.get("/contexts", params={"offset": 1, "limit": 1})) == every[1:2]
