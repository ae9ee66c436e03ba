"""A subject's `alias` config over HTTP, as Confluent's AliasFilter applies it: every `/subjects/{alias}/...`
request (deletes too) and `/compatibility/subjects/{alias}/...` is the aliased subject's, and so is the
`subject` of `/schemas/ids/{id}...`; `/config/{alias}` and `/mode/{alias}` stay the alias's own; one step only;
no cached answer outlives a change of the alias."""

from __future__ import annotations

import uuid

from .helpers import err, field, get_version, ok, record, register, seg, versions


def _alias(api, alias: str, target: str) -> None:
    ok(api.put(f"/config/{seg(alias)}", json={"alias": target}))


def test_deletes_through_an_alias_delete_the_aliased_subject(api, subject, rname):
    target, alias = f"{subject}-target", f"{subject}-alias"
    register(api, target, record(rname, field("a", "int")))
    register(api, target, record(rname, field("a", "int"), field("b", "int", default=0)))
    _alias(api, alias, target)
    assert ok(api.delete(f"/subjects/{seg(alias)}/versions/2")) == 2
    assert versions(api, target) == [1]
    assert ok(api.delete(f"/subjects/{seg(alias)}")) == [1]
    err(api.get(f"/subjects/{seg(target)}/versions"), 40401)
    assert versions(api, target, deleted="true") == [1, 2]
    # the alias itself had nothing to delete, and its config is untouched
    assert ok(api.get(f"/config/{seg(alias)}")) == {"alias": target}


def test_every_read_of_a_subject_through_an_alias_is_the_aliased_subjects(api, subject, rname):
    target, alias, user = f"{subject}/target", f"{subject}/alias", f"{subject}-user"
    schema = record(rname, field("a", "int"))
    first = register(api, target, schema)
    refs = [{"name": rname, "subject": target, "version": 1}]
    user_id = register(api, user, record(f"{rname}User", field("r", rname)), references=refs)
    _alias(api, alias, target)
    assert ok(api.get(f"/subjects/{seg(alias)}/versions/1/schema")) == ok(
        api.get(f"/subjects/{seg(target)}/versions/1/schema"))
    assert ok(api.get(f"/subjects/{seg(alias)}/versions/1/referencedby")) == [user_id]
    assert ok(api.get(f"/subjects/{seg(alias)}/metadata"))["id"] == first
    # the default context's spelling of the alias is the alias
    assert ok(api.get(f"/subjects/{seg(':.:' + alias)}/versions/latest"))["subject"] == target


def test_the_subject_of_a_lookup_by_id_goes_through_its_alias(api, subject, rname):
    """Ids are per context: `?subject=` picks the context, so an alias of a subject in another context
    reads that context's schema with the id, and answers with that subject's version."""
    ctx = f".c{uuid.uuid4().hex[:8]}"
    target, alias = f":{ctx}:{subject}-target", f"{subject}-alias"
    schema = record(rname, field("inside", "int"))
    inside = register(api, target, schema)
    _alias(api, alias, target)
    got = ok(api.get(f"/schemas/ids/{inside}", params={"subject": alias}))
    assert (got["subject"], got["version"]) == (target, 1)
    assert ok(api.get(f"/schemas/ids/{inside}", params={"subject": alias}))["schema"] == ok(
        api.get(f"/contexts/{ctx}/schemas/ids/{inside}"))["schema"]
    text = api.get(f"/schemas/ids/{inside}/schema", params={"subject": alias})
    assert text.status_code == 200 and text.text == api.get(f"/contexts/{ctx}/schemas/ids/{inside}/schema").text
    assert ok(api.get(f"/schemas/ids/{inside}/subjects", params={"subject": alias})) == [target]
    assert ok(api.get(f"/schemas/ids/{inside}/versions", params={"subject": alias})) == [
        {"subject": target, "version": 1}]


def test_config_and_mode_of_an_alias_stay_its_own(api, subject, rname):
    target, alias = f"{subject}-target", f"{subject}-alias"
    register(api, target, record(rname, field("a", "int")))
    _alias(api, alias, target)
    ok(api.put(f"/mode/{seg(alias)}", json={"mode": "READONLY"}))
    assert ok(api.get(f"/mode/{seg(alias)}")) == {"mode": "READONLY"}
    err(api.get(f"/mode/{seg(target)}"), 40409)
    # READONLY is the alias's mode, not the target's: a registration through the alias is the target's
    assert register(api, alias, record(rname, field("a", "int"), field("b", "int", default=0))) > 0
    err(api.get(f"/config/{seg(target)}"), 40408)
    ok(api.delete(f"/mode/{seg(alias)}"))


def test_an_alias_is_followed_one_step_and_cached_answers_follow_its_changes(api, subject, rname):
    """`a` -> `b` -> `c`: `a` reads `b`'s own versions, `b` reads `c`'s; each answer read twice (the second
    from the read cache), and again after every change of an alias."""
    a, b, c = (f"{subject}-{name}" for name in "abc")
    own = {name: register(api, name, record(rname, field(f"f_{name[-1]}", "int"))) for name in (a, b, c)}

    def served() -> tuple[int, ...]:
        return tuple(get_version(api, name, 1)["id"] for name in (a, b, c, a, b, c))

    assert served() == (own[a], own[b], own[c]) * 2
    _alias(api, b, c)
    assert served() == (own[a], own[c], own[c]) * 2
    _alias(api, a, b)
    assert served() == (own[b], own[c], own[c]) * 2
    ok(api.delete(f"/config/{seg(b)}"))
    assert served() == (own[b], own[b], own[c]) * 2
    ok(api.delete(f"/config/{seg(a)}"))
    assert served() == (own[a], own[b], own[c]) * 2
