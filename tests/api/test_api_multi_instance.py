"""Two registry processes on one database (replicas behind a load balancer): every write on one is seen by
the next read on the other, and concurrent writes through both keep ids and versions unique and gap-free."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import LiveServer

from .helpers import describe, err, field, ok, post_schema, record, register, register_concurrently, set_level, versions


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def pair(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    first: LiveServer = request.getfixturevalue(f"{request.param}_registry")
    second = LiveServer(first.database_url, tmp_path_factory.mktemp(f"second-{request.param}") / "server.log")
    yield first.url, second.url
    second.stop()


@pytest.fixture
def a_b(pair: tuple[str, str]) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    with httpx.Client(base_url=pair[0], timeout=30) as a, httpx.Client(base_url=pair[1], timeout=30) as b:
        yield a, b


def test_writes_on_one_instance_are_read_on_the_other(a_b, subject, rname):
    a, b = a_b
    schema_id = register(a, subject, record(rname, field("a", "int")))
    assert versions(b, subject) == [1]
    assert ok(b.get(f"/schemas/ids/{schema_id}"))["schema"]
    assert ok(b.post(f"/subjects/{subject}", json={"schema": record(rname, field("a", "int"))}))["id"] == schema_id
    # identical registration on B dedupes against A's write
    assert register(b, subject, record(rname, field("a", "int"))) == schema_id

    set_level(a, subject, "FORWARD")
    assert ok(b.get(f"/config/{subject}"))["compatibilityLevel"] == "FORWARD"
    removal = record(rname)
    check = ok(b.post(f"/compatibility/subjects/{subject}/versions/latest", json={"schema": removal}))
    assert check == {"is_compatible": False}
    err(post_schema(b, subject, removal), (409, 40901))

    ok(b.put(f"/mode/{subject}", json={"mode": "READONLY"}))
    err(post_schema(a, subject, record(rname, field("a", "int"), field("b", "int", default=0))), 42205)
    ok(a.delete(f"/mode/{subject}"))
    register(b, subject, record(rname, field("a", "int"), field("b", "int", default=0)))
    assert versions(a, subject) == [1, 2]

    assert ok(b.delete(f"/subjects/{subject}/versions/2")) == 2
    assert versions(a, subject) == [1]
    assert ok(a.delete(f"/subjects/{subject}")) == [1]
    err(b.get(f"/subjects/{subject}/versions"), 40401)
    assert ok(b.delete(f"/subjects/{subject}", params={"permanent": "true"})) == [1, 2]  # soft-deleted v2 too
    err(a.get(f"/schemas/ids/{schema_id}"), 40403)


def test_concurrent_writes_through_both_instances(pair, a_b, subject, rname):
    a, _ = a_b
    set_level(a, subject, "NONE")
    jobs = [(pair[i % 2], subject, record(rname, field(f"f{i}", "int"))) for i in range(20)]
    answers = register_concurrently(jobs)
    ids = sorted(ok(resp)["id"] for resp in answers)
    assert len(set(ids)) == 20, [describe(r) for r in answers]
    assert ids == list(range(ids[0], ids[0] + 20)), ids
    assert versions(a, subject) == list(range(1, 21))


def test_same_schema_through_both_instances_gets_one_id(pair, subject, rname):
    schema = record(rname, field("a", "int"))
    answers = register_concurrently([(pair[i % 2], f"{subject}-{i % 4}", schema) for i in range(20)])
    assert len({ok(resp)["id"] for resp in answers}) == 1, [describe(r) for r in answers]
    with httpx.Client(base_url=pair[1], timeout=30) as b:
        for i in range(4):
            assert versions(b, f"{subject}-{i}") == [1]


def test_concurrent_writes_through_both_instances_number_a_fresh_context_from_one(pair, a_b, subject, rname):
    """Twenty new schemas in one fresh context, half through each node, take exactly ids 1..20 of that
    context; the same schema through both nodes at once gets one id there; the default context is apart."""
    context = f".mi{uuid.uuid4().hex[:10]}"
    jobs = [
        (pair[i % 2], f":{context}:{subject}-{i}", record(rname, field(f"f{i}", "int"))) for i in range(20)
    ]
    answers = register_concurrently(jobs)
    assert sorted(ok(resp)["id"] for resp in answers) == list(range(1, 21)), [describe(r) for r in answers]
    same = record(rname + "S", field("s", "int"))
    twins = register_concurrently([(url, f":{context}:{subject}-same-{i}", same) for i, url in enumerate(pair * 5)])
    assert {ok(resp)["id"] for resp in twins} == {21}
    a, b = a_b
    for i, resp in enumerate(answers):
        found = ok(b.get(f"/schemas/ids/{ok(resp)['id']}", params={"subject": f":{context}:{subject}-{i}"}))
        assert found["schema"] == jobs[i][2]
    err(a.get("/schemas/ids/21", params={"subject": f":{context}x:"}), 40403)
