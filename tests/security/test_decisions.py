"""The decisions without HTTP: which endpoint a request is, what a principal may do, which tokens pass, and
the audit log on real SQLite storage."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from schemata.registry.security.access import Access, AccessPolicy, Grant, Role, SubjectPatterns, decide
from schemata.registry.security.endpoints import ADMIN, READ, WRITE, Endpoint, Scope, classify
from schemata.registry.security.errors import SecurityConfigError, TokenRejected
from schemata.registry.security.tokens import TokenVerifier, load_keys
from schemata.registry.service.audit import AuditService
from schemata.registry.storage import Storage


@pytest.mark.parametrize(
    ("method", "path", "endpoint"),
    [
        ("GET", "/subjects/orders/versions/latest", Endpoint(Scope.SUBJECT, READ, "orders")),
        ("POST", "/subjects/orders/versions", Endpoint(Scope.SUBJECT, WRITE, "orders", audited=True)),
        ("DELETE", "/subjects/orders/versions/3", Endpoint(Scope.SUBJECT, ADMIN, "orders", audited=True)),
        ("POST", "/subjects/orders/versions/3/tags", Endpoint(Scope.SUBJECT, WRITE, "orders", audited=True)),
        ("GET", "/subjects/team\ue000orders/versions", Endpoint(Scope.SUBJECT, READ, "team/orders")),
        ("PUT", "/config", Endpoint(Scope.GLOBAL, ADMIN, audited=True)),
        ("PUT", "/mode/:.ctx:orders", Endpoint(Scope.SUBJECT, ADMIN, ":.ctx:orders", audited=True)),
        ("GET", "/schemas/ids/12", Endpoint(Scope.SCHEMA, READ, schema_id=12)),
        ("GET", "/schemas/ids/12/versions", Endpoint(Scope.ANY)),
        ("GET", "/subjects/", Endpoint(Scope.ANY)),
        ("GET", "/health/ready", Endpoint(Scope.HEALTH)),
        ("POST", "/config", Endpoint(Scope.GLOBAL, ADMIN)),  # no such route: deny by default
        ("GET", "/subjects/orders/versions/1/unknown", Endpoint(Scope.GLOBAL, ADMIN)),
        ("GET", "//", Endpoint(Scope.ANY)),
        ("PUT", "/contracts/services/billing", Endpoint(Scope.SERVICE, ADMIN, service="billing", audited=True)),
        ("GET", "/contracts/subjects/orders", Endpoint(Scope.SUBJECT, READ, "orders")),
        ("PUT", "/lint/config/orders", Endpoint(Scope.SUBJECT, ADMIN, "orders", audited=True)),
        ("GET", "/catalog", Endpoint(Scope.GLOBAL, READ)),
        ("GET", "/settings/scopes", Endpoint(Scope.GLOBAL, READ)),
        ("PUT", "/settings/scopes", Endpoint(Scope.GLOBAL, ADMIN)),  # no such route: deny by default
        # The subject a request acts on, as the routes normalise it: `:.:orders` is `orders`, `:.:` global.
        ("DELETE", "/subjects/:.:orders", Endpoint(Scope.SUBJECT, ADMIN, "orders", audited=True)),
        ("GET", "/ui/subjects/:.:orders", Endpoint(Scope.SUBJECT, READ, "orders")),
        ("POST", "/compatibility/subjects/:.:orders/versions", Endpoint(Scope.SUBJECT, WRITE, "orders")),
        ("PUT", "/config/:.:", Endpoint(Scope.GLOBAL, ADMIN, audited=True)),
        ("PUT", "/mode/:.", Endpoint(Scope.GLOBAL, ADMIN, audited=True)),
        ("PUT", "/config/:.ctx", Endpoint(Scope.SUBJECT, ADMIN, ":.ctx:", audited=True)),
    ],
)
def test_classify(method: str, path: str, endpoint: Endpoint) -> None:
    assert classify(method, path) == endpoint


def test_access_is_decided_on_the_subject_a_spelling_names() -> None:
    """A grant on every subject is not the global admin role, whatever the spelling; a grant that matches the
    spelling `:.:orders` but not `orders` gives nothing on `orders`."""
    subjects = Access("sam", [Grant("sam", Role.ADMIN, ("*",))])
    assert decide(subjects, classify("PUT", "/config/:.:")) == "'sam' needs the global admin role"
    assert decide(subjects, classify("DELETE", "/mode/:.:")) == "'sam' needs the global admin role"
    qualified = Access("quin", [Grant("quin", Role.ADMIN, (":*",))])
    assert decide(qualified, classify("DELETE", "/subjects/:.ctx:orders")) is None
    assert decide(qualified, classify("DELETE", "/subjects/:.:orders")) == (
        "'quin' needs the admin role on subject 'orders'"
    )


def test_a_service_changes_its_own_contracts_only() -> None:
    """Contracts are writable by the service that owns them (a principal of its name), else by a global admin."""
    billing = Access("billing", [Grant("billing", Role.READ, ("orders-*",))])
    assert decide(billing, classify("PUT", "/contracts/services/billing")) is None
    assert decide(billing, classify("DELETE", "/contracts/services/billing")) is None
    assert decide(billing, classify("PUT", "/contracts/services/shipping")) == (
        "'billing' may change only its own contracts; service 'shipping''s need the global admin role"
    )
    admin = Access("ann", [Grant("ann", Role.ADMIN, (), True)])
    assert decide(admin, classify("PUT", "/contracts/services/shipping")) is None


def test_patterns_read_only_their_prefixes() -> None:
    patterns = SubjectPatterns(["orders-*", "orders-eu-*", "pay?ents", "exact", ":.ctx:*"])
    assert patterns.prefixes() == [":.ctx:", "exact", "orders-", "pay"]
    assert patterns.prefixes_within("orders-eu") == ["orders-eu"]
    assert patterns.prefixes_within("o") == ["orders-"]
    assert patterns.prefixes_within("zzz") == []
    assert patterns.matches("payments") and patterns.matches("exact") and not patterns.matches("exactly")
    assert not patterns.everything and SubjectPatterns(["*"]).everything


def test_roles_include_the_ones_below_and_global_is_separate() -> None:
    access = Access("wes", [Grant("wes", Role.WRITE, ("orders-*",)), Grant("wes", Role.READ, (), True)])
    assert decide(access, classify("GET", "/subjects/orders-1/versions")) is None
    assert decide(access, classify("POST", "/subjects/orders-1/versions")) is None
    denied = decide(access, classify("DELETE", "/subjects/orders-1"))
    assert denied == "'wes' needs the admin role on subject 'orders-1'"
    assert decide(access, classify("GET", "/config")) is None
    assert decide(access, classify("PUT", "/config")) == "'wes' needs the global admin role"
    schema = classify("GET", "/schemas/ids/4")
    assert decide(access, schema, ["payments"]) == "'wes' may read no subject that uses schema 4"
    assert decide(access, schema, ["payments", "orders-2"]) is None


def test_grants_to_anyone_and_a_policy_file(tmp_path: Path) -> None:
    file = tmp_path / "access.yaml"
    file.write_text("grants:\n  - {principal: '*', role: read, subjects: public-*}\n"
                    "  - {principal: ann, role: admin, subjects: ['*'], global: true}\n")
    policy = AccessPolicy.load(file)
    bob = policy.access("bob")
    assert bob.allows(Role.READ, "public-x") and not bob.allows(Role.WRITE, "public-x")
    assert policy.access("ann").allows_global(Role.ADMIN)
    file.write_text("grants:\n  - {principal: ann, role: owner}\n")
    with pytest.raises(SecurityConfigError, match=r"grants\[0\]: `role` must be read, write or admin"):
        AccessPolicy.load(file)


def _jwks(tmp_path: Path, key: rsa.RSAPrivateKey) -> Path:
    file = tmp_path / "jwks.json"
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    file.write_text(json.dumps({"keys": [{**jwk, "kid": "k1"}]}))
    return file


def _hs256_signed_with(secret: bytes, claims: dict[str, object]) -> str:
    """A token signed with HMAC, `secret` as the key: the classic attack with the server's public key."""
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{part(json.dumps({'alg': 'HS256', 'kid': 'k1'}).encode())}.{part(json.dumps(claims).encode())}"
    return f"{signing_input}.{part(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())}"


def test_tokens_need_a_configured_key_audience_expiry_and_issuer(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verifier = TokenVerifier.from_file(_jwks(tmp_path, key), audience="sr", issuer="iss")
    claims: dict[str, object] = {"sub": "svc", "aud": "sr", "iss": "iss", "exp": int(time.time()) + 60}

    def token(signer: rsa.RSAPrivateKey = key, kid: str = "k1", **changes: object) -> str:
        payload = {k: v for k, v in {**claims, **changes}.items() if v is not None}
        return jwt.encode(payload, signer, algorithm="RS256", headers={"kid": kid})

    assert verifier.verify(token()).principal == "svc"
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    for rejected, reason in [
        (token(aud="other"), "Audience doesn't match"),
        (token(iss="evil"), "Invalid issuer"),
        (token(exp=int(time.time()) - 120), "Signature has expired"),
        (token(exp=None), 'Token is missing the "exp" claim'),
        (token(sub=None), 'Token is missing the "sub" claim'),
        (token(signer=other), "Signature verification failed"),
        (token(kid="k2"), "not signed by a configured key"),
        (jwt.encode(claims, None, algorithm="none", headers={"kid": "k1"}), "alg value is not allowed"),
        (_hs256_signed_with(pem, claims), "alg value is not allowed"),
        ("not-a-token", "not a JWT"),
    ]:
        with pytest.raises(TokenRejected, match=reason):
            verifier.verify(rejected)


def test_a_pem_public_key_is_a_key_file(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    file = tmp_path / "key.pem"
    file.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    assert load_keys(file)[None].algorithms == ("ES256", "ES384", "ES512")
    verifier = TokenVerifier.from_file(file, audience="sr")
    signed = jwt.encode({"sub": "svc", "aud": "sr", "exp": int(time.time()) + 60}, key, algorithm="ES256")
    assert verifier.verify(signed).principal == "svc"
    file.write_text('{"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "s"}]}')
    with pytest.raises(SecurityConfigError, match="only public-key algorithms"):
        load_keys(file)


def test_audit_service_on_sqlite(tmp_path: Path) -> None:
    storage = Storage(f"sqlite:///{tmp_path / 'audit.db'}")
    try:
        audit = AuditService(storage)
        generation = storage.counters().generation
        audit.record("ann", "POST", "/subjects/a/versions", "a", 200)
        audit.record("wes", "DELETE", "/subjects/b", "b", 403)
        assert storage.counters().generation == generation  # caches stay valid: an entry changes nothing cached
        assert [(e.principal, e.subject, e.status) for e in audit.entries()] == [("ann", "a", 200), ("wes", "b", 403)]
        assert [e.principal for e in audit.entries(principal="wes")] == ["wes"]
        assert audit.entries(since="2999-01-01T00:00:00Z") == []
        assert len(audit.entries(limit=1)) == 1
    finally:
        storage.dispose()
