"""The rule catalogue: each id spelled once, every entry a rule of its format's book, unknown ids an error, and
docs/rules.md generated from it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemata.compat import Level, catalogue, check_compatibility, parse_schema
from schemata.compat.avro.rules import AVRO_RULES
from schemata.compat.catalogue import NEVER, TABLES, Entry, Json, Kind, Policy, Table, UnknownRuleError
from schemata.compat.catalogue.docs import render
from schemata.compat.findings import Finding
from schemata.compat.jsonschema import BOOK
from schemata.compat.protobuf.buf_rules import BUF_RULES
from schemata.compat.protobuf.confluent_rules import CONFLUENT_RULES
from schemata.compat.rules import Rule, RuleBook

ROOT = Path(__file__).parents[2]


class Sample(Table):
    format = None
    title = "Sample"
    policies = frozenset({Policy.STRICT, Policy.LENIENT})
    names_differences = False

    SAMPLE_ADDED = Entry(Kind.PROPERTY, frozenset({Policy.LENIENT}), "a sample was added", "Remove it.")
    SAMPLE_REMOVED = Entry(Kind.PROPERTY, NEVER, "a sample was removed")


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == render(TABLES), "docs/rules.md is stale: python -m schemata.compat.catalogue > docs/rules.md"


def test_every_entry_is_a_rule_of_its_formats_book_and_nothing_else_is() -> None:
    books = {catalogue.Avro: AVRO_RULES, catalogue.Json: BOOK, catalogue.Protobuf: CONFLUENT_RULES,
             catalogue.Buf: BUF_RULES}
    for table, book in books.items():
        assert {e.id for e in table.entries} == set(book.rules), table.title
        assert all(book.rules[e.id].entry is e and book.rules[e.id].kind is e.kind for e in table.entries)
    assert len(catalogue.entries()) == sum(len(t.entries) for t in TABLES) == 188


def test_entries_carry_their_table_data() -> None:
    entry = catalogue.lookup("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
    assert entry is Json.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL
    assert (entry.format, entry.kind, entry.difference_type) == ("JSON", Kind.PROPERTY, entry.id)
    assert entry.checked_under == {Policy.STRICT, Policy.LENIENT} and entry.compatible_under == {Policy.LENIENT}
    assert catalogue.lookup("FIELD_SAME_NAME").checked_under == {Policy.WIRE_JSON}
    assert catalogue.lookup("FIELD_SAME_NAME").difference_type is None
    assert catalogue.lookup("SCHEMA_TYPE_CHANGED").format is None
    assert all(e.compatible_under <= e.checked_under for e in catalogue.entries())


def _string_constants(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_every_id_is_spelled_once_as_the_name_of_its_entry() -> None:
    ids = {entry.id for entry in catalogue.entries()}
    sources = [p for folder in ("compat", "registry", "cli") for p in (ROOT / folder).rglob("*.py")]
    literal = [(str(p.relative_to(ROOT)), line, value) for p in sources for line, value in _string_constants(p)
               if value in ids]
    assert literal == []
    definitions: dict[str, int] = {}
    for path in (ROOT / "compat" / "catalogue").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id in ids:
                        definitions[target.id] = definitions.get(target.id, 0) + 1
    assert definitions == dict.fromkeys(ids, 1)


def test_a_finding_with_an_id_outside_the_catalogue_is_an_error() -> None:
    book = RuleBook(Sample)

    @book.rule(Sample.SAMPLE_ADDED)
    def invents_an_id(rule: Rule, value: str) -> Iterator[Finding]:
        yield Finding("SAMPLE_INVENTED", "#/", f"invented for {value}")

    with pytest.raises(UnknownRuleError, match="SAMPLE_INVENTED"):
        list(book.run(Kind.PROPERTY, "x"))
    with pytest.raises(UnknownRuleError):
        catalogue.incompatible([Finding("SAMPLE_INVENTED", "#/", "")], Policy.STRICT)
    with pytest.raises(UnknownRuleError):
        catalogue.lookup("SAMPLE_INVENTED")
    assert catalogue.get("SAMPLE_INVENTED") is None


def test_a_rule_book_takes_only_its_own_tables_entries() -> None:
    book = RuleBook(Sample)
    with pytest.raises(UnknownRuleError):
        book.add(Json.TYPE_CHANGED, lambda rule, value: iter(()))
    book.add(Sample.SAMPLE_ADDED, lambda rule, value: iter(()))
    with pytest.raises(ValueError, match="twice"):
        book.add(Sample.SAMPLE_ADDED, lambda rule, value: iter(()))


def test_a_classification_without_a_rule_is_an_error_not_a_dropped_difference() -> None:
    book = RuleBook(Sample)
    book.add(Sample.SAMPLE_ADDED, lambda rule, value: iter([rule.finding("#/", value)]))
    chosen: dict[str, Entry] = {"entry": Sample.SAMPLE_ADDED}
    book.classifier(Kind.PROPERTY)(lambda value: chosen["entry"])
    assert [f.rule for f in book.run(Kind.PROPERTY, "x")] == ["SAMPLE_ADDED"]
    chosen["entry"] = Sample.SAMPLE_REMOVED  # in the table, but no rule registered for it
    with pytest.raises(UnknownRuleError, match="SAMPLE_REMOVED"):
        list(book.run(Kind.PROPERTY, "x"))


def test_run_skips_rules_by_policy_and_by_triggers() -> None:
    book = RuleBook(Sample)
    book.add(Sample.SAMPLE_ADDED, lambda rule, value: iter([rule.finding("#/", value)]), triggers=("sample",))
    assert [f.rule for f in book.run(Kind.PROPERTY, "x", keywords={"sample", "type"})] == ["SAMPLE_ADDED"]
    assert list(book.run(Kind.PROPERTY, "x", keywords={"type"})) == []
    assert list(book.run(Kind.PROPERTY, "x", policy=Policy.WIRE)) == []
    (finding,) = book.run(Kind.PROPERTY, "x", policy=Policy.STRICT)
    assert finding.hint == "Remove it."
    assert catalogue.accepted(Finding("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "#/", ""), Policy.LENIENT)


def test_a_schema_type_change_is_the_engines_catalogue_entry() -> None:
    avro = parse_schema("AVRO", '"string"')
    json_schema = parse_schema("JSON", '{"type": "string"}')
    (finding,) = check_compatibility(Level.BACKWARD, json_schema, [avro])
    assert finding.rule == catalogue.Engine.SCHEMA_TYPE_CHANGED.id
    assert finding.hint == catalogue.Engine.SCHEMA_TYPE_CHANGED.hint
