"""GET /settings/scopes over HTTP: the subjects and contexts with a setting of their own, whether or not they
have versions (what `schemata export` reads, since Confluent's API lists only subjects with versions)."""

from __future__ import annotations

import httpx

from .helpers import ok, seg


def _listed(api: httpx.Client, name: str) -> set[str]:
    return {kind for kind, names in ok(api.get("/settings/scopes")).items() if name in names}


def test_each_kind_of_setting_lists_its_subject_until_it_is_removed(api: httpx.Client, subject: str) -> None:
    assert _listed(api, subject) == set()
    ok(api.put(f"/config/{seg(subject)}", json={"validateFields": True}))
    ok(api.put(f"/mode/{seg(subject)}", json={"mode": "READONLY"}))
    ok(api.put(f"/lint/config/{seg(subject)}", json={"enabled": True}))
    ok(api.put(f"/contracts/enforcement/{seg(subject)}", json={"enforcement": "WARN"}))
    assert _listed(api, subject) == {"config", "mode", "lint", "enforcement"}
    ok(api.delete(f"/config/{seg(subject)}"))
    ok(api.delete(f"/contracts/enforcement/{seg(subject)}"))
    assert _listed(api, subject) == {"mode", "lint"}


def test_a_context_s_settings_are_listed_under_its_name_and_the_global_ones_are_not(
    api: httpx.Client, subject: str
) -> None:
    context = f":.{subject}:"
    ok(api.put(f"/config/{seg(context)}", json={"compatibility": "NONE"}))
    ok(api.put("/config", json={"compatibility": "FULL"}))
    scopes = ok(api.get("/settings/scopes"))
    assert sorted(scopes) == ["config", "enforcement", "lint", "mode"]
    assert context in scopes["config"] and "__GLOBAL" not in scopes["config"]
    assert all(names == sorted(names) for names in scopes.values())
    ok(api.delete(f"/config/{seg(context)}"))
