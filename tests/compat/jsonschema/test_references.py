"""`$ref`: local definitions, anchors and ids, other subjects through dependencies, recursion, errors."""

from __future__ import annotations

import json

import pytest

from schemata.compat import Dependency, Level, SchemaParseError, check_compatibility
from schemata.compat.jsonschema import diff
from tests.compat.jsonschema.helpers import FORMAT, parse

D2020 = "https://json-schema.org/draft/2020-12/schema"
TREE = {
    "$defs": {"node": {"type": "object", "properties": {"value": {"type": "string"},
                                                         "children": {"type": "array",
                                                                      "items": {"$ref": "#/$defs/node"}}}}},
    "$ref": "#/$defs/node",
}


def _dep(name: str, schema: str) -> Dependency:
    return Dependency(name, "JSON", schema)


CUSTOMER = _dep("customer.json", '{"type": "object", "properties": {"name": {"type": "string"}}}')
CUSTOMER_INT = _dep("customer.json", '{"type": "object", "properties": {"name": {"type": "integer"}}}')
ORDER = '{"type": "object", "properties": {"customer": {"$ref": "customer.json"}}}'


@pytest.mark.parametrize(
    "schema",
    [
        {"definitions": {"a": {"type": "string"}}, "$ref": "#/definitions/a"},
        {"$schema": D2020, "$defs": {"a": {"$anchor": "thing", "type": "string"}}, "$ref": "#thing"},
        {"$id": "https://example.com/root.json",
         "definitions": {"a": {"$id": "item.json", "type": "string"}},
         "properties": {"x": {"$ref": "item.json"}, "y": {"$ref": "https://example.com/item.json"}}},
        {"properties": {"meta": {"$ref": "http://json-schema.org/draft-07/schema#"}}},
    ],
)
def test_local_references_resolve(schema: dict[str, object]) -> None:
    assert diff(parse(schema), parse(schema)) == []


@pytest.mark.parametrize(
    ("schema", "location"),
    [
        ({"$ref": "#/definitions/missing"}, "/$ref"),
        ({"properties": {"a": {"items": {"$ref": "https://example.com/remote.json"}}}}, "/properties/a/items/$ref"),
        ({"$schema": D2020, "$ref": "#nowhere"}, "/$ref"),
    ],
)
def test_unresolvable_reference_names_the_ref(schema: dict[str, object], location: str) -> None:
    with pytest.raises(SchemaParseError) as raised:
        parse(schema)
    assert raised.value.location == location
    assert repr(schema_ref(schema)) in raised.value.reason


def schema_ref(schema: dict[str, object]) -> str:
    text = str(schema)
    start = text.index("'$ref': '") + len("'$ref': '")
    return text[start:text.index("'", start)]


def test_reference_to_another_subject() -> None:
    old, new = parse(ORDER, (CUSTOMER,)), parse(ORDER, (CUSTOMER_INT,))
    assert [(d.rule, d.path) for d in diff(old, new)] == [("TYPE_CHANGED", "#/properties/customer/properties/name")]
    assert old.validator().is_valid({"customer": {"name": "Ada"}})
    assert not old.validator().is_valid({"customer": {"name": 1}})


def test_missing_dependency_is_a_parse_error() -> None:
    with pytest.raises(SchemaParseError, match=r"customer\.json"):
        parse(ORDER)


def test_dependency_names_resolve_against_the_root_id() -> None:
    root = '{"$id": "https://example.com/schemas/order.json", "properties": {"c": {"$ref": "customer.json"}}}'
    schema = parse(root, (CUSTOMER,))
    assert not schema.validator().is_valid({"c": {"name": 5}})


def test_dependencies_in_depth_first_order_reference_each_other() -> None:
    address = _dep("address.json", '{"type": "object", "properties": {"zip": {"type": "string"}}}')
    person = _dep("person.json", '{"type": "object", "properties": {"home": {"$ref": "address.json"}}}')
    schema = parse('{"properties": {"owner": {"$ref": "person.json"}}}', (address, person))
    assert not schema.validator().is_valid({"owner": {"home": {"zip": 1}}})
    with pytest.raises(SchemaParseError, match=r"address\.json"):
        parse('{"properties": {"owner": {"$ref": "person.json"}}}', (person,))


def test_invalid_dependency_says_which() -> None:
    with pytest.raises(SchemaParseError, match=r"In reference 'customer\.json'"):
        parse(ORDER, (_dep("customer.json", '{"type": 5}'),))


def test_recursive_schema_compares_and_terminates() -> None:
    tree = parse(TREE)
    assert diff(tree, parse(TREE)) == []
    changed = {**TREE, "$defs": {"node": {**TREE["$defs"]["node"], "required": ["value"]}}}  # type: ignore[index]
    assert [(d.rule, d.path) for d in diff(tree, parse(changed))] == [("REQUIRED_ATTRIBUTE_ADDED", "#/required/value")]


def test_mutually_recursive_references_terminate() -> None:
    def schema(n_type: str) -> dict[str, object]:
        return {"definitions": {"a": {"properties": {"b": {"$ref": "#/definitions/b"}}},
                                "b": {"properties": {"a": {"$ref": "#/definitions/a"}, "n": {"type": n_type}}}},
                "$ref": "#/definitions/a"}

    assert [(d.rule, d.path) for d in diff(parse(schema("string")), parse(schema("number")))] == [
        ("TYPE_CHANGED", "#/properties/b/properties/n")
    ]


def test_reference_cycle_without_content_terminates() -> None:
    schema = {"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
              "$ref": "#/definitions/a"}
    assert diff(parse({"type": "string"}), parse(schema)) == []


def test_moving_a_definition_behind_a_ref_is_compatible() -> None:
    inline = parse({"type": "object", "properties": {"a": {"type": "string"}}})
    by_ref = parse({"$schema": D2020, "$defs": {"s": {"type": "string"}}, "type": "object",
                    "properties": {"a": {"$ref": "#/$defs/s"}}})
    assert check_compatibility(Level.FULL, by_ref, [inline]) == []


def test_long_reference_chains_stop_without_recursion_error() -> None:
    count = 300
    definitions = {f"d{i}": {"type": "object", "properties": {"x": {"$ref": f"#/definitions/d{i + 1}"}}}
                   for i in range(count)}
    definitions[f"d{count}"] = {"type": "string"}
    old = parse({"definitions": definitions, "$ref": "#/definitions/d0"})
    new = parse({"definitions": {**definitions, f"d{count}": {"type": "integer"}}, "$ref": "#/definitions/d0"})
    assert diff(old, parse({"definitions": definitions, "$ref": "#/definitions/d0"})) == []
    assert [d.rule for d in diff(old, new)] == ["TYPE_CHANGED"]


def test_definitions_reached_along_exponentially_many_paths_stay_bounded() -> None:
    count = 24
    definitions: dict[str, object] = {
        f"d{i}": {"type": "object", "properties": {"x": {"$ref": f"#/definitions/d{i + 1}"},
                                                   "y": {"$ref": f"#/definitions/d{i + 1}"}}}
        for i in range(count)
    }
    old = parse({"definitions": {**definitions, f"d{count}": {"type": "string"}}, "$ref": "#/definitions/d0"})
    new = parse({"definitions": {**definitions, f"d{count}": {"type": "integer"}}, "$ref": "#/definitions/d0"})
    found = diff(old, new)
    assert found and {d.rule for d in found} == {"TYPE_CHANGED"}
    assert len(found) < 20_000


D2019 = "https://json-schema.org/draft/2019-09/schema"


@pytest.mark.parametrize("draft", [D2019, D2020])
def test_siblings_of_a_ref_apply_from_2019_09(draft: str) -> None:
    def schema(**siblings: object) -> dict[str, object]:
        return {"$schema": draft, "$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", **siblings}

    assert [(d.rule, d.path) for d in diff(parse(schema()), parse(schema(maxLength=3)))] == [
        ("MAX_LENGTH_ADDED", "#/maxLength")
    ]
    assert [(d.rule, d.path) for d in diff(parse(schema(maxLength=3)), parse(schema()))] == [
        ("MAX_LENGTH_REMOVED", "#/maxLength")
    ]
    assert [(d.rule, d.path) for d in diff(parse(schema(maxLength=5)), parse(schema(maxLength=3)))] == [
        ("MAX_LENGTH_DECREASED", "#/maxLength")
    ]
    assert [d.rule for d in diff(parse(schema(description="a")), parse(schema(description="b")))] == [
        "DESCRIPTION_CHANGED"
    ]
    assert diff(parse(schema(maxLength=3)), parse({"$schema": draft, "type": "string", "maxLength": 3})) == []


def test_siblings_of_a_ref_are_ignored_before_2019_09() -> None:
    def schema(**siblings: object) -> dict[str, object]:
        return {"definitions": {"a": {"type": "string"}}, "$ref": "#/definitions/a", **siblings}

    assert diff(parse(schema()), parse(schema(maxLength=3))) == []


def test_siblings_that_interact_with_the_target_are_compared_as_all_of() -> None:
    # additionalProperties beside the ref only sees the sibling properties: merging the two would change
    # the meaning, so the pair is compared as allOf[target, siblings].
    base = {"$schema": D2020, "$defs": {"a": {"type": "object", "properties": {"x": {"type": "string"}}}}}
    plain = parse({**base, "$ref": "#/$defs/a"})
    closed = parse({**base, "$ref": "#/$defs/a", "additionalProperties": False})
    assert FORMAT.check(reader=closed, writer=plain, policy="STRICT")
    assert FORMAT.check(reader=plain, writer=closed, policy="STRICT") == []
    same_keyword = parse({**base, "$ref": "#/$defs/a", "type": "object", "maxProperties": 2})
    assert FORMAT.check(reader=same_keyword, writer=plain, policy="STRICT")


def test_recursive_schema_with_ref_siblings_terminates() -> None:
    def tree(value_type: str, description: str = "a node") -> dict[str, object]:
        return {"$schema": D2020,
                "$defs": {"base": {"type": "object"},
                          "node": {"$ref": "#/$defs/base", "description": description,
                                   "properties": {"value": {"type": value_type},
                                                  "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
                "$ref": "#/$defs/node"}

    assert [(d.rule, d.path) for d in diff(parse(tree("string")), parse(tree("string", "b")))] == [
        ("DESCRIPTION_CHANGED", "#/")
    ]
    assert [(d.rule, d.path) for d in diff(parse(tree("string")), parse(tree("integer")))] == [
        ("TYPE_CHANGED", "#/properties/value")
    ]


def test_ref_siblings_keep_their_own_scope_when_the_target_is_another_resource() -> None:
    # `#/$defs/local` beside a ref to another subject's schema means the root's definition, not the one in
    # customer.json: merged into the target, it would be read from there and the change below missed.
    customer = _dep("customer.json", json.dumps({"$schema": D2020, "type": "object",
                                                 "$defs": {"local": {"type": "integer"}}}))

    def order(local: str) -> str:
        return json.dumps({"$schema": D2020, "$defs": {"local": {"type": local}}, "$ref": "customer.json",
                           "properties": {"x": {"$ref": "#/$defs/local"}}})

    assert diff(parse(order("string"), (customer,)), parse(order("string"), (customer,))) == []
    assert FORMAT.check(reader=parse(order("integer"), (customer,)), writer=parse(order("string"), (customer,)),
                        policy="STRICT")


def test_unevaluated_properties_beside_an_applicator_is_judged_open() -> None:
    def schema(*names: str) -> dict[str, object]:
        return {"$schema": D2020, "type": "object", "allOf": [{"properties": {"x": {"type": "string"}}}],
                "properties": {n: {"type": "string"} for n in names}, "unevaluatedProperties": False}

    assert [d.rule for d in diff(parse(schema("a")), parse(schema("a", "b")))] == [
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    ]


@pytest.mark.parametrize("normalize", [False, True])
def test_inlined_form_is_the_canonical_text_whatever_the_references(normalize: bool) -> None:
    """What a lookup without references compares, as Confluent does for JSON Schema: the canonical text, so a
    schema not using its reference equals the same text parsed alone, and a definition written in for a
    `$ref` to a reference (in place, or under `$defs`) is another text."""
    unused = '{"type": "object", "properties": {"name": {"type": "string"}}}'
    with_reference = FORMAT.parse(unused, (CUSTOMER,), normalize=normalize)
    assert with_reference.inlined(normalize=normalize) == FORMAT.parse(unused, normalize=normalize).canonical
    using = FORMAT.parse(ORDER, (CUSTOMER,), normalize=normalize)
    customer = json.loads(CUSTOMER.text)
    for written_in in ({"type": "object", "properties": {"customer": customer}},
                       {"type": "object", "$defs": {"c": customer}, "properties": {"customer": {"$ref": "#/$defs/c"}}}):
        alone = FORMAT.parse(json.dumps(written_in), normalize=normalize)
        assert using.inlined(normalize=normalize) != alone.inlined(normalize=normalize)
