"""Properties over generated schemas, and agreement with Apache Avro's reference checker.

The generator builds a writer record, then a reader by mutating it the ways schemas evolve: fields
added, removed, renamed (with or without an alias), defaults added and removed, types promoted,
narrowed or replaced, union branches added and removed, enum symbols added and removed, fixed sizes
changed, named types renamed (with or without an alias) and moved between namespaces. Enums and fixed
types are reused by name, and a separate generator draws recursive types.
"""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
from avro_testkit import FORMAT, field, parse, record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemata.compat import Level, check_compatibility
from schemata.compat.avro import AVRO_RULES

PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
PROMOTED = {
    "int": ["long", "float", "double"],
    "long": ["float", "double"],
    "float": ["double"],
    "string": ["bytes"],
    "bytes": ["string"],
}
NARROWED = {"long": ["int"], "float": ["int", "long"], "double": ["int", "float"]}
SAMPLE = {
    "null": None,
    "boolean": True,
    "int": 7,
    "long": 7,
    "float": 1.5,
    "double": 1.5,
    "bytes": "\u00ff",
    "string": "s",
}
#: Agreement with the reference checker gets the most examples; the cheaper-to-satisfy properties fewer.
ORACLE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROPERTY = settings(ORACLE, max_examples=100)


class _Gen:
    """Draws schema JSON; type names are unique across a writer/reader pair."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.counter = itertools.count(1)
        #: Enums and fixed drawn so far, by name: later types may refer to them by name.
        self.defined: dict[str, dict[str, Any]] = {}

    def pick(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    def chance(self, p: float) -> bool:
        return self.draw(st.floats(0, 1)) < p

    def name(self, prefix: str) -> str:
        return f"{prefix}{next(self.counter)}"

    def type(self, depth: int) -> Any:
        kinds = ["primitive"] * 5 + ["enum", "fixed"] + (["array", "map", "union", "record"] if depth < 3 else [])
        kind = self.pick(kinds + (["reference"] if self.defined else []))
        if kind == "primitive":
            return self.pick(PRIMITIVES)
        if kind == "reference":
            return self.pick(sorted(self.defined))
        if kind in ("enum", "fixed"):
            name = self.name(kind[0].upper())
            if kind == "enum":
                self.defined[name] = {"type": "enum", "name": name, "symbols": ["A", "B", "C"][: self.pick([1, 2, 3])]}
            else:
                self.defined[name] = {"type": "fixed", "name": name, "size": self.pick([1, 2, 4])}
            return copy.deepcopy(self.defined[name])
        if kind == "array":
            return {"type": "array", "items": self.type(depth + 1)}
        if kind == "map":
            return {"type": "map", "values": self.type(depth + 1)}
        if kind == "union":
            return self.union(depth)
        return record(self.name("R"), *[self.field(depth + 1) for _ in range(self.pick([0, 1, 2, 3]))])

    def union(self, depth: int) -> list[Any]:
        branches = self.draw(st.lists(st.sampled_from(PRIMITIVES), min_size=1, max_size=3, unique=True))
        if depth < 3 and self.chance(0.4):
            branches.append(
                self.pick(
                    [
                        {"type": "enum", "name": self.name("E"), "symbols": ["A", "B"]},
                        {"type": "array", "items": self.pick(PRIMITIVES)},
                        record(self.name("R"), field("x", self.pick(PRIMITIVES))),
                    ]
                )
            )
        return branches

    def field(self, depth: int, name: str | None = None) -> dict[str, Any]:
        type_ = self.type(depth)
        out = field(name or self.name("f"), type_)
        if self.chance(0.4):
            out["default"] = default_for(type_, self.defined)
        return out

    def mutate(self, type_: Any, depth: int) -> Any:
        """An evolved version of `type_` (often the same)."""
        roll = self.pick(range(12))
        if roll < 4:
            return self.evolve(type_, depth)
        if roll < 8 and isinstance(type_, str):
            return self.pick(PROMOTED.get(type_, [type_]) + NARROWED.get(type_, []))
        if roll < 9:
            return type_[0] if isinstance(type_, list) else ["null", type_] if type_ != "null" else type_
        if roll < 10 and isinstance(type_, list) and len(type_) > 1:
            return self.draw(st.permutations(type_))[: self.pick(range(1, len(type_) + 1))]
        return self.type(depth)

    def evolve(self, type_: Any, depth: int) -> Any:
        """Same kind of type, changed inside (a primitive may be promoted or narrowed)."""
        if isinstance(type_, str) and self.chance(0.3):
            return self.pick(PROMOTED.get(type_, [type_]) + NARROWED.get(type_, []))
        if isinstance(type_, list):
            kept = [self.evolve(b, depth + 1) for b in type_ if len(type_) == 1 or self.chance(0.8)]
            if self.chance(0.3):
                kept.append(self.pick(PRIMITIVES))
            unique: dict[str, Any] = {}  # one branch per kind, as unions require
            for branch in kept:
                unique.setdefault(branch.get("name", branch["type"]) if isinstance(branch, dict) else branch, branch)
            return list(unique.values()) or ["null"]
        if not isinstance(type_, dict):
            return type_
        kind = type_["type"]
        out = dict(type_)
        if kind == "array":
            out["items"] = self.mutate(type_["items"], depth + 1)
        elif kind == "map":
            out["values"] = self.mutate(type_["values"], depth + 1)
        elif kind == "enum":
            symbols = [s for s in ["A", "B", "C", "D"] if (s in type_["symbols"]) != self.chance(0.3)]
            out["symbols"] = symbols or ["A"]
            if self.chance(0.3):
                out["default"] = out["symbols"][0]
        elif kind == "fixed" and self.chance(0.3):
            out["size"] = type_["size"] + 1
        elif kind == "record":
            out["fields"] = self.fields(type_["fields"], depth)
        if kind in ("enum", "fixed", "record"):
            self.rename(out)
        return out

    def rename(self, named: dict[str, Any]) -> None:
        roll = self.pick(range(10))
        if roll == 0:
            named["name"] = self.name("N")
        elif roll == 1:
            named["aliases"] = [named["name"]]
            named["name"] = self.name("N")

    def repair(self, schema: Any, seen: dict[str, Any]) -> Any:
        """`schema` made valid after evolution: a reference whose definition was dropped or renamed gets the
        definition back, a type defined twice becomes a reference, and defaults fit their (new) types."""
        if isinstance(schema, list):
            return [self.repair(branch, seen) for branch in schema]
        if isinstance(schema, str):
            if schema in PRIMITIVES or schema in seen:
                return schema
            return self.repair(copy.deepcopy(self.defined[schema]), seen)
        if schema.get("name") in seen:
            return schema["name"]
        out = dict(schema)
        if "name" in schema:
            seen[schema["name"]] = out
        for key in ("items", "values"):
            if key in schema:
                out[key] = self.repair(schema[key], seen)
        if "fields" in schema:
            out["fields"] = []
            for old in schema["fields"]:
                new = {**old, "type": self.repair(old["type"], seen)}
                if "default" in old:
                    new["default"] = default_for(new["type"], seen)
                out["fields"].append(new)
        return out

    def fields(self, fields: list[dict[str, Any]], depth: int) -> list[dict[str, Any]]:
        out = []
        for old in fields:
            action = self.pick(["evolve", "evolve", "type", "type", "drop", "rename", "alias", "default", "nodefault"])
            new = dict(old)
            if action == "drop":
                continue
            if action == "evolve":
                new["type"] = self.evolve(old["type"], depth + 1)
                if "default" in old:
                    new["default"] = default_for(new["type"], self.defined)
            elif action == "type":
                new["type"] = self.mutate(old["type"], depth + 1)
                if "default" in old:
                    new["default"] = default_for(new["type"], self.defined)
            elif action in ("rename", "alias"):
                new["name"] = self.name("g")
                if action == "alias":
                    new["aliases"] = [old["name"]]
            elif action == "default":
                new["default"] = default_for(old["type"], self.defined)
            elif action == "nodefault":
                new.pop("default", None)
            out.append(new)
        out += [self.field(depth + 1) for _ in range(self.pick([0, 0, 1, 2]))]
        return out


def default_for(type_: Any, named: dict[str, Any] | None = None) -> Any:
    """A valid default for `type_` (for a union: its first branch); `named` resolves references."""
    if isinstance(type_, list):
        return default_for(type_[0], named)
    if isinstance(type_, str):
        return SAMPLE[type_] if type_ in SAMPLE else default_for((named or {})[type_], named)
    kind = type_["type"]
    if kind == "enum":
        return type_["symbols"][0]
    if kind == "fixed":
        return "x" * type_["size"]
    if kind == "array":
        return []
    if kind == "map":
        return {}
    return {f["name"]: default_for(f["type"], named) for f in type_["fields"]}


@st.composite
def schema_pairs(draw: st.DrawFn) -> tuple[Any, Any]:
    """(writer, reader): a record and an evolution of it."""
    gen = _Gen(draw)
    writer = record("Top", *[gen.field(1) for _ in range(gen.pick([1, 2, 3, 4]))])
    if gen.chance(0.3):
        writer["namespace"] = "ns.one"
    writer = gen.repair(writer, {})
    reader = gen.repair(gen.evolve(writer, 0), {})
    if gen.chance(0.2):
        reader["namespace"] = "ns.two"
        if "aliases" in reader:  # aliases are resolved in the namespace: keep pointing at the writer's name
            reader["aliases"] = [
                ".".join(filter(None, [writer.get("namespace"), alias])) for alias in reader["aliases"]
            ]
    return writer, reader


def apache_avro_says_compatible(reader: Any, writer: Any) -> bool:
    result = ReaderWriterCompatibilityChecker().get_compatibility(
        avro.schema.parse(json.dumps(with_full_aliases(reader, ""))), avro.schema.parse(json.dumps(writer))
    )
    return result.compatibility is SchemaCompatibilityType.compatible


def with_full_aliases(schema: Any, namespace: str) -> Any:
    """`schema` with every named type's aliases written as full names (same meaning, per the Avro spec).

    Works around a bug of the reference checker (avro 1.12, `schema_name_equals` in avro/compatibility.py):
    it looks the writer's full name up in the reader's aliases as written, without resolving them in the
    reader's namespace, so a record `ns.New` with alias `Old` does not match the writer `ns.Old`
    (Java Avro, and so Confluent, resolves the alias to `ns.Old` and matches).
    """
    if isinstance(schema, list):
        return [with_full_aliases(branch, namespace) for branch in schema]
    if not isinstance(schema, dict) or schema["type"] not in ("record", "enum", "fixed", "array", "map"):
        return schema
    out = dict(schema)
    if "name" in schema:
        full = (
            schema["name"]
            if "." in schema["name"]
            else ".".join(filter(None, [schema.get("namespace", namespace), schema["name"]]))
        )
        namespace = full.rpartition(".")[0]
        out["aliases"] = [a if "." in a else ".".join(filter(None, [namespace, a])) for a in schema.get("aliases", [])]
    for key in ("items", "values"):
        if key in schema:
            out[key] = with_full_aliases(schema[key], namespace)
    if "fields" in schema:
        out["fields"] = [{**f, "type": with_full_aliases(f["type"], namespace)} for f in schema["fields"]]
    return out


@ORACLE
@given(schema_pairs())
def test_verdicts_agree_with_apache_avro(pair: tuple[Any, Any]) -> None:
    writer, reader = pair
    for r, w in ((reader, writer), (writer, reader)):
        found = FORMAT.check(reader=parse(r), writer=parse(w), policy="STRICT")
        assert (not found) == apache_avro_says_compatible(r, w), (json.dumps(r), json.dumps(w), found)
        for finding in found:  # an incompatible verdict is explained by findings that are complete
            assert finding.rule in AVRO_RULES.rules and finding.path.startswith("/")
            assert finding.message and finding.hint


@PROPERTY
@given(schema_pairs())
def test_every_schema_is_compatible_with_itself(pair: tuple[Any, Any]) -> None:
    for schema in map(parse, pair):
        for level in Level:
            assert check_compatibility(level, schema, [schema, schema]) == []


@PROPERTY
@given(schema_pairs())
def test_full_is_backward_and_forward(pair: tuple[Any, Any]) -> None:
    old, new = map(parse, pair)

    def rules(level: Level) -> list[tuple[str, str, str | None]]:
        return [(f.rule, f.path, f.direction) for f in check_compatibility(level, new, [old])]

    assert rules(Level.FULL) == rules(Level.BACKWARD) + rules(Level.FORWARD)
    assert rules(Level.FULL_TRANSITIVE) == rules(Level.FULL)


@PROPERTY
@given(schema_pairs())
def test_normalized_form_is_a_fixed_point_and_checks_the_same(pair: tuple[Any, Any]) -> None:
    writer, reader = pair
    normalized = parse(reader, normalize=True)
    assert FORMAT.parse(normalized.canonical, normalize=True) == normalized
    plain = FORMAT.parse(parse(reader).canonical)
    assert plain == parse(reader)
    assert FORMAT.check(reader=normalized, writer=parse(writer), policy="STRICT") == FORMAT.check(
        reader=plain, writer=parse(writer), policy="STRICT"
    )


@st.composite
def recursive_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """A recursive `Node` (through a union, array or map, or through a second record pointing back)."""
    value = draw(st.sampled_from(PRIMITIVES))
    via = draw(st.sampled_from(["union", "array", "map", "mutual"]))
    if via == "union":
        link: Any = draw(st.sampled_from([["null", "Node"], ["Node", "null"]]))
    elif via == "mutual":
        link = ["null", record("Other", field("back", ["null", "Node"], default=None), field("w", value))]
    else:
        link = {"type": via, ("items" if via == "array" else "values"): "Node"}
    link_field = field("next", link)
    if draw(st.booleans()) and not (isinstance(link, list) and link[0] == "Node"):
        link_field["default"] = default_for(link)
    fields = [field("value", value), link_field]
    if draw(st.booleans()):
        extra = draw(st.sampled_from(PRIMITIVES))
        fields.append(field("extra", extra, **({"default": SAMPLE[extra]} if draw(st.booleans()) else {})))
    return record("Node", *draw(st.permutations(fields)))


@ORACLE
@given(recursive_schemas(), recursive_schemas())
def test_recursive_verdicts_agree_with_apache_avro(reader: Any, writer: Any) -> None:
    found = FORMAT.check(reader=parse(reader), writer=parse(writer), policy="STRICT")
    assert (not found) == apache_avro_says_compatible(reader, writer), (json.dumps(reader), json.dumps(writer), found)
