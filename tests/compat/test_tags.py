"""Schema tags written into each format: `ParsedSchema.retagged` (Avro, JSON Schema, Protobuf)."""

from __future__ import annotations

import json

import pytest

from schemata.compat import parse_schema
from schemata.compat.tags import (
    TAGS_KEY,
    EntityType,
    SchemaEntity,
    TagChanges,
    TagPathError,
)

RECORD, FIELD = EntityType.RECORD, EntityType.FIELD

ORDER = json.dumps({
    "type": "record", "name": "Order", "namespace": "com.acme",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "customer", "type": {
            "type": "record", "name": "Customer", "fields": [{"name": "email", "type": "string"}],
        }},
        {"name": "lines", "type": {"type": "array", "items": {
            "type": "record", "name": "Line", "namespace": "com.other",
            "fields": [{"name": "sku", "type": ["null", "string"]}],
        }}},
        {"name": "again", "type": "Customer"},
    ],
})


def avro_retagged(text: str, changes: TagChanges) -> dict:
    """The retagged schema, checked to parse again, as JSON."""
    retagged = parse_schema("AVRO", text).retagged(changes)
    return json.loads(parse_schema("AVRO", retagged).canonical)


def test_avro_record_and_nested_field_tags_by_full_name():
    changes = TagChanges({
        SchemaEntity("com.acme.Order", RECORD): ("PII",),
        SchemaEntity("com.acme.Customer.email", FIELD): ("PII", "EMAIL"),
        SchemaEntity("com.other.Line.sku", FIELD): ("SKU",),
    })
    out = avro_retagged(ORDER, changes)
    assert out[TAGS_KEY] == ["PII"]
    customer = out["fields"][1]["type"]
    assert TAGS_KEY not in customer  # the record itself was not named
    assert customer["fields"][0][TAGS_KEY] == ["PII", "EMAIL"]
    assert out["fields"][2]["type"]["items"]["fields"][0][TAGS_KEY] == ["SKU"]
    assert out["fields"][0] == {"name": "id", "type": "long"}


def test_avro_short_record_name_finds_the_record_in_any_namespace():
    out = avro_retagged(ORDER, TagChanges({SchemaEntity("Line", RECORD): ("X",)}))
    assert out["fields"][2]["type"]["items"][TAGS_KEY] == ["X"]


def test_avro_tags_merge_with_existing_in_order_and_removal_drops_the_key():
    tagged = json.dumps({"type": "record", "name": "R", "confluent:tags": ["A", "B"],
                         "fields": [{"name": "f", "type": "int", "confluent:tags": ["OLD"]}]})
    record, field = SchemaEntity("R", RECORD), SchemaEntity("R.f", FIELD)
    out = avro_retagged(tagged, TagChanges({record: ("C", "A")}, {record: ("B",), field: ("OLD",)}))
    assert out[TAGS_KEY] == ["A", "C"]
    assert TAGS_KEY not in out["fields"][0]


def test_avro_existing_tags_that_are_not_strings_are_refused():
    text = json.dumps({"type": "record", "name": "R", "confluent:tags": "PII", "fields": []})
    with pytest.raises(TagPathError, match="not an array of strings"):
        parse_schema("AVRO", text).retagged(TagChanges({SchemaEntity("R", RECORD): ("T",)}))


PERSON = json.dumps({
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "address": {"type": "object", "properties": {"street": {"type": "string"}}},
        "emails": {"type": "array", "items": {"type": "object", "properties": {"value": {"type": "string"}}}},
        "a.b": {"type": "integer"},
    },
    "$defs": {"Money": {"type": "object", "properties": {"amount": {"type": "number"}}}},
})


def json_retagged(changes: TagChanges) -> dict:
    return json.loads(parse_schema("JSON", parse_schema("JSON", PERSON).retagged(changes)).canonical)


def test_json_schema_paths_walk_objects_arrays_and_definitions():
    out = json_retagged(TagChanges({
        SchemaEntity("object", RECORD): ("ROOT",),
        SchemaEntity("object.name", FIELD): ("PII",),
        SchemaEntity("object.address.object.street", FIELD): ("ADDR",),
        SchemaEntity("object.address.object", RECORD): ("NESTED",),
        SchemaEntity("object.emails.array.object.value", FIELD): ("EMAIL",),
        SchemaEntity("object.a.b", FIELD): ("DOTTED",),
        SchemaEntity("object.$defs.Money.object.amount", FIELD): ("MONEY",),
    }))
    props = out["properties"]
    assert out[TAGS_KEY] == ["ROOT"]
    assert props["name"][TAGS_KEY] == ["PII"]
    assert props["address"][TAGS_KEY] == ["NESTED"]
    assert props["address"]["properties"]["street"][TAGS_KEY] == ["ADDR"]
    assert props["emails"]["items"]["properties"]["value"][TAGS_KEY] == ["EMAIL"]
    assert props["a.b"][TAGS_KEY] == ["DOTTED"]
    assert out["$defs"]["Money"]["properties"]["amount"][TAGS_KEY] == ["MONEY"]


def test_json_schema_removing_the_last_tag_drops_the_keyword():
    tagged = json.dumps({"type": "object", "confluent:tags": ["A"], "properties": {}})
    root = SchemaEntity("object", RECORD)
    assert json.loads(parse_schema("JSON", tagged).retagged(TagChanges({}, {root: ("A",)}))) == {
        "type": "object", "properties": {}
    }


PROTO = """syntax = "proto3";
package acme;

message Order {
  string id = 1 [deprecated = true, (confluent.field_meta).tags = "OLD"];
  oneof payment {
    string card = 2;
  }
  message Line {
    string sku = 1;
  }
}
"""


def proto_retagged(text: str, changes: TagChanges) -> str:
    """The retagged schema, checked to compile again and to be stored as rendered."""
    retagged = parse_schema("PROTOBUF", text).retagged(changes)
    assert parse_schema("PROTOBUF", retagged).stored_text == retagged
    return retagged


def test_protobuf_tags_are_meta_options_and_the_meta_file_is_imported():
    out = proto_retagged(PROTO, TagChanges({
        SchemaEntity("Order", RECORD): ("ORDER",),
        SchemaEntity("Order.id", FIELD): ("PII",),
        SchemaEntity("Order.payment.card", FIELD): ("PCI",),
        SchemaEntity("Order.Line", RECORD): ("LINE",),
    }))
    assert 'import "confluent/meta.proto";' in out
    assert out.count("option (confluent.message_meta)") == 2
    assert "(confluent.field_meta).tags" not in out  # folded into the literal
    id_line = out[out.index("string id = 1"):out.index("oneof payment")]
    assert "deprecated = true" in id_line and '"OLD",' in id_line and '"PII"' in id_line
    card = out[out.index("string card = 2"):]
    assert '"PCI"' in card[:card.index("}")]


def test_protobuf_oneof_field_without_the_oneof_and_removal_drops_the_option():
    tagged = proto_retagged(PROTO, TagChanges({SchemaEntity("Order.card", FIELD): ("PCI",)}))
    out = proto_retagged(tagged, TagChanges({}, {
        SchemaEntity("Order.card", FIELD): ("PCI",), SchemaEntity("Order.id", FIELD): ("OLD",),
    }))
    assert "confluent.field_meta" not in out and "string id = 1 [deprecated = true];" in out


@pytest.mark.parametrize(
    "schema_type, text, entity, reason",
    [
        ("AVRO", ORDER, SchemaEntity("com.acme.Nope", RECORD), ""),
        ("AVRO", ORDER, SchemaEntity("com.acme.Order.nope", FIELD), "has no field 'nope'"),
        ("AVRO", ORDER, SchemaEntity("other.Order", RECORD), ""),  # a namespace must be the record's own
        ("AVRO", ORDER, SchemaEntity("Order", FIELD), ""),  # a field path needs a record part
        ("JSON", PERSON, SchemaEntity("object.nope", FIELD), ""),
        ("JSON", PERSON, SchemaEntity("object", FIELD), ""),
        ("JSON", PERSON, SchemaEntity("object.name.object.x", FIELD), ""),
        ("JSON", PERSON, SchemaEntity("string.name", FIELD), "unknown step 'string'"),
        ("JSON", PERSON, SchemaEntity("oneof.0.object.name", FIELD), "'oneof' step is not supported"),
        ("PROTOBUF", PROTO, SchemaEntity("acme.Order", RECORD), "no message 'acme'"),  # no package in paths
        ("PROTOBUF", PROTO, SchemaEntity("Order.nope", FIELD), "no field 'nope'"),
        ("PROTOBUF", PROTO, SchemaEntity("Order.other.card", FIELD), "no field 'card'"),
        ("PROTOBUF", PROTO, SchemaEntity("id", FIELD), ""),
    ],
)
def test_unknown_path_is_refused_naming_it(schema_type, text, entity, reason):
    with pytest.raises(TagPathError) as caught:
        parse_schema(schema_type, text).retagged(TagChanges({entity: ("T",)}))
    assert f"No matching path '{entity.path}'" in str(caught.value) and reason in str(caught.value)


@pytest.mark.parametrize(
    "schema_type, text, tagged",
    [
        ("AVRO", ORDER, {
            SchemaEntity("com.acme.Order", RECORD): ("A",), SchemaEntity("com.acme.Customer.email", FIELD): ("B",),
            SchemaEntity("com.other.Line.sku", FIELD): ("C", "D"),
        }),
        ("JSON", PERSON, {
            SchemaEntity("object", RECORD): ("A",), SchemaEntity("object.address.object.street", FIELD): ("B",),
            SchemaEntity("object.emails.array", FIELD): ("C",), SchemaEntity("object.$defs.Money", FIELD): ("D",),
            SchemaEntity("object.emails.array.object.value", FIELD): ("E", "F"),
        }),
        ("PROTOBUF", PROTO, {
            SchemaEntity("Order", RECORD): ("A",), SchemaEntity("Order.Line.sku", FIELD): ("B",),
            SchemaEntity("Order.card", FIELD): ("C",), SchemaEntity("Order.id", FIELD): ("OLD", "D"),
        }),
    ],
    ids=["avro", "json", "protobuf"],
)
def test_tagged_entities_are_the_paths_retagged_takes(schema_type, text, tagged):
    """What `tagged_entities` lists (what propagateSchemaTags carries over) is what was tagged, by paths that
    tag the same places again."""
    retagged = parse_schema(schema_type, parse_schema(schema_type, text).retagged(TagChanges(tagged)))
    assert retagged.tagged_entities() == tagged
    again = parse_schema(schema_type, text).retagged(TagChanges(retagged.tagged_entities()))
    assert parse_schema(schema_type, again).tagged_entities() == tagged


def test_propagated_tags_are_added_after_the_changes():
    field = SchemaEntity("R.f", FIELD)
    changes = TagChanges({field: ("NEW",)}, {field: ("OLD", "GONE")})
    propagated = changes.with_propagated({field: ("OLD",), SchemaEntity("R", RECORD): ("REC",)})
    assert propagated.add == {field: ("NEW", "OLD"), SchemaEntity("R", RECORD): ("REC",)}
    assert propagated.remove == {field: ("GONE",)}  # OLD is propagated again, as Confluent does
