"""The diff's pure parts: the pretty-printer's line spans, a finding's path located on them (Avro, JSON Schema,
Protobuf), and difflib's side by side; checked on the sample flow's findings from the one decision."""

from __future__ import annotations

import json

import pytest

from schemata.compat import Level, check_compatibility, parse_schema
from schemata.registry.ui.diff import MAX_DIFF_LINES, Location, listing, proto_spans, side_by_side
from tests.ui.seed import SAMPLES

ORDERS = {
    "AVRO": SAMPLES / "avro" / "order_placed",
    "JSON": SAMPLES / "json" / "order_placed",
    "PROTOBUF": SAMPLES / "protobuf" / "order_placed",
}


def _text(schema_type: str, version: int) -> str:
    return next(ORDERS[schema_type].glob(f"v{version}.*")).read_text()


def _lines(found: Location | None, text: tuple[str, ...]) -> list[str]:
    assert found is not None
    return [line.strip() for line in text[found.first - 1 : found.last]]


def test_the_printed_json_is_the_schema_indented_with_a_span_for_every_node() -> None:
    text = _text("AVRO", 2)
    shown = listing("AVRO", text)
    assert json.loads("\n".join(shown.lines)) == json.loads(text)
    assert shown.spans[""] == (1, len(shown.lines))
    assert shown.lines[0] == "{" and shown.lines[1] == '  "type": "record",'
    first, last = shown.spans["/fields/6"]
    assert shown.lines[first - 1].strip() == "{" and '"name": "coupon_code"' in shown.lines[first]
    assert shown.lines[last - 1].strip() == "}"


def test_key_order_is_stable_whatever_order_the_schema_was_written_in() -> None:
    written = {"fields": [{"type": "int", "name": "a", "doc": "A."}], "name": "R", "type": "record"}
    reordered = {"type": "record", "name": "R", "fields": [{"doc": "A.", "name": "a", "type": "int"}]}
    assert listing("AVRO", json.dumps(written)).lines == listing("AVRO", json.dumps(reordered)).lines
    assert listing("AVRO", json.dumps(written)).lines[1:3] == ('  "type": "record",', '  "name": "R",')
    schema = {"properties": {"b": {"type": "string"}, "a": {"type": "integer"}}, "type": "object"}
    lines = listing("JSON", json.dumps(schema)).lines
    assert lines[1] == '  "type": "object",' and lines.index('    "a": {') < lines.index('    "b": {')


@pytest.mark.parametrize("schema_type", ["AVRO", "JSON", "PROTOBUF"])
def test_every_finding_of_the_breaking_v3_lands_on_its_node(schema_type: str) -> None:
    v2, v3 = (parse_schema(schema_type, _text(schema_type, n)) for n in (2, 3))
    old, new = listing(schema_type, _text(schema_type, 2)), listing(schema_type, _text(schema_type, 3))
    findings = check_compatibility(Level.FULL, v3, [v2])
    assert findings
    for finding in findings:
        # Avro's paths are into the reader (the new schema for BACKWARD); the others name the node in both.
        reader = new if schema_type != "AVRO" or finding.direction == "BACKWARD" else old
        where = reader.locate(finding.path)
        assert where is not None and where.exact, (finding.rule, finding.path)


def test_the_avro_findings_point_at_the_changed_field() -> None:
    new = listing("AVRO", _text("AVRO", 3))
    by_rule = {f.rule: f for f in check_compatibility(
        Level.BACKWARD, parse_schema("AVRO", _text("AVRO", 3)), [parse_schema("AVRO", _text("AVRO", 2))]
    )}
    assert _lines(new.locate(by_rule["TYPE_MISMATCH"].path), new.lines) == ['"type": "int"']
    lines = _lines(new.locate(by_rule["READER_FIELD_MISSING_DEFAULT_VALUE"].path), new.lines)
    assert lines[1] == '"name": "shipping_address",'


def test_a_path_through_an_avro_type_name_lands_in_the_definition() -> None:
    item = {"type": "record", "name": "Item", "fields": [{"name": "sku", "type": "string"}]}
    schema = {"type": "record", "name": "Order", "namespace": "shop", "fields": [
        {"name": "first", "type": item},
        {"name": "second", "type": "shop.Item"},
        {"name": "third", "type": {"type": "array", "items": "Item"}},
    ]}
    shown = listing("AVRO", json.dumps(schema))
    sku = shown.spans["/fields/0/type/fields/0/type"]
    for path in ("/fields/1/type/fields/0/type", "/fields/2/type/items/fields/0/type"):
        found = shown.locate(path)
        assert found == Location(*sku, exact=True), path


def test_json_schema_paths_reach_required_names_and_local_refs() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"$ref": "#/definitions/A"}},
        "required": ["a", "b~/c"],
        "definitions": {"A": {"type": "object", "properties": {"x": {"type": "integer", "minimum": 1}}}},
    }
    shown = listing("JSON", json.dumps(schema))
    assert _lines(shown.locate("#/required/b~0~1c"), shown.lines) == ['"b~/c"']
    assert _lines(shown.locate("#/properties/a/properties/x/minimum"), shown.lines) == ['"minimum": 1']
    nearest = shown.locate("#/properties/gone/maxLength")
    assert nearest is not None and not nearest.exact
    assert (nearest.first, nearest.last) == shown.spans["/properties"]
    assert shown.locate("#/nothing/here") is None


PROTO = """syntax = "proto3";
package shop;

// A message { with braces } in a comment
message Order {
  string id = 1;
  map<string, int64> counts = 2 [deprecated = true];
  oneof payment {
    string card = 3;
    string voucher = 0x4;
  }
  message Line {
    string sku = 1;
    /* a block
       comment = 9; */
    int32 quantity = 2;
  }
  enum Status {
    option allow_alias = true;
    UNKNOWN = 0;
    GONE = -1;
  }
  reserved 7, 8;
  option (custom) = { key: "v" };
  repeated Line lines = 5;
}
service Orders {
  rpc Place (Order) returns (Order) { option deprecated = true; }
}
"""


def test_protobuf_spans_name_messages_oneofs_fields_and_enum_values() -> None:
    spans = proto_spans(PROTO.split("\n"))
    assert spans["/Order"] == (5, 26)
    assert spans["/Order/1"] == (6, 6)
    assert spans["/Order/2"] == (7, 7)
    assert spans["/Order/payment"] == (8, 11)
    assert spans["/Order/payment/3"] == spans["/Order/3"] == (9, 9)
    assert spans["/Order/payment/4"] == (10, 10)
    assert spans["/Order/Line"] == (12, 17) and spans["/Order/Line/2"] == (16, 16)
    assert "/Order/Line/9" not in spans
    assert spans["/Order/Status/0"] == (20, 20) and spans["/Order/Status/-1"] == (21, 21)
    assert spans["/Order/5"] == (25, 25)
    assert not [key for key in spans if key.startswith("/Orders") or key.endswith(("/7", "/8"))]
    shown = listing("PROTOBUF", PROTO)
    assert shown.locate("#/Order/Line/2") == Location(16, 16, exact=True)
    assert shown.locate("#/Order/Line/99") == Location(12, 17, exact=False)
    assert shown.locate("#/Elsewhere/1") is None


def test_the_side_by_side_marks_the_lines_v2_added_and_nothing_else() -> None:
    old, new = listing("AVRO", _text("AVRO", 1)), listing("AVRO", _text("AVRO", 2))
    compared = side_by_side(old.lines, new.lines)
    assert compared.aligned
    changed = [row for row in compared.rows if row.kind != "equal"]
    added = [row.new.text.strip() for row in changed if row.new is not None]
    assert '"name": "coupon_code",' in added
    assert all(row.new is None or row.new.changed for row in changed)
    unchanged = [row for row in compared.rows if row.kind == "equal"]
    assert unchanged and all(not row.old.changed and not row.new.changed for row in unchanged if row.old and row.new)
    assert [row.old.number for row in compared.rows if row.old] == list(range(1, len(old.lines) + 1))
    assert [row.new.number for row in compared.rows if row.new] == list(range(1, len(new.lines) + 1))


def test_texts_too_long_to_align_are_shown_unaligned() -> None:
    long = [f"line {i}" for i in range(MAX_DIFF_LINES + 1)]
    compared = side_by_side(long, long[:10])
    assert not compared.aligned and compared.changed == 0
    assert len(compared.rows) == len(long)
