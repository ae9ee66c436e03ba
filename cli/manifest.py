"""The contract manifest (`schemata.yaml`): what a service produces and consumes, loaded with errors that name
the file and the key at fault.

    service: payment-service               # optional; else the manifest's folder name
    registry: http://localhost:8081        # optional
    compatibility: BACKWARD                # the level used offline
    produces:
      - topic: orders
        schema: schemas/order_placed.avsc  # AVRO / PROTOBUF / JSON from the extension, or `type:`
        subject: orders-value              # optional; else from `subject_strategy` (topic, record, topic_record)
        references: [{name, subject, version, schema}]
    consumes:
      - topic: payments
        schema: schemas/payment_processed.avsc  # the reader schema this service reads the topic with
        from_version: 3                    # optional: the first version this consumer may meet
    lint:                                  # optional: see `schemata.compat.lint.config`
      enable: [EVENT_ID_FIELD]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from schemata.cli.errors import CliError
from schemata.compat import Level, schema_types
from schemata.compat.lint import LintConfig, LintConfigError, parse_config
from schemata.compat.versions import LATEST, parse_version, version_number

TYPE_BY_EXTENSION = {".avsc": "AVRO", ".proto": "PROTOBUF", ".json": "JSON"}


class ManifestError(CliError):
    """The manifest is missing, is not YAML, or has a key with a wrong value."""


#: The largest manifest read, in bytes: a manifest lists contracts, it holds no data.
MAX_MANIFEST_BYTES = 1024 * 1024


class _NoAliases(yaml.SafeLoader):
    """YAML without aliases: a manifest has no use for them, and a few hundred bytes of nested aliases expand
    to billions of nodes once something walks or prints the value (the "billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a manifest", mark)
        return super().compose_node(parent, index)


class Role(StrEnum):
    """What a service does with a topic's events."""

    PRODUCES = "produces"
    CONSUMES = "consumes"


class SubjectStrategy(StrEnum):
    """How a subject name is derived when the manifest does not give one (Confluent's strategies)."""

    TOPIC = "topic"
    RECORD = "record"
    TOPIC_RECORD = "topic_record"

    def subject(self, topic: str | None, record_name: str | None) -> str | None:
        """The subject for `topic` and the schema's `record_name`; None when one of them is missing."""
        if self is SubjectStrategy.TOPIC:
            return f"{topic}-value" if topic else None
        if record_name is None:
            return None
        if self is SubjectStrategy.RECORD:
            return record_name
        return f"{topic}-{record_name}" if topic else None


@dataclass(frozen=True, slots=True)
class Reference:
    """A schema reference: `name` as the format uses it, the registered `subject`/`version`, and optionally
    a local `schema` file to use instead of the registry (offline, or before the subject is registered)."""

    name: str
    subject: str
    version: int
    schema: str | None


@dataclass(frozen=True, slots=True)
class Contract:
    """One entry of `produces` or `consumes`; `schema` is relative to the manifest's folder."""

    role: Role
    index: int
    topic: str | None
    schema: str
    schema_type: str
    subject: str | None
    strategy: SubjectStrategy
    references: tuple[Reference, ...]
    #: For a consumer: the first version of the subject it may meet (None: every live version).
    from_version: int | None = None

    @property
    def key(self) -> str:
        """Where the contract stands in the manifest, e.g. `produces[0]`."""
        return f"{self.role}[{self.index}]"


@dataclass(frozen=True, slots=True)
class Manifest:
    """A loaded manifest; `origin` names it in messages (its path, or `path at REF`)."""

    origin: str
    registry: str | None
    compatibility: Level
    contracts: tuple[Contract, ...]
    lint: LintConfig = field(default_factory=LintConfig)
    #: The service's name as `service:` gives it (see `service_name` for the default).
    service: str | None = None


def service_name(manifest: Manifest, path: Path) -> str:
    """The service a manifest speaks for: its `service:`, else the name of the folder it is in."""
    return manifest.service or path.resolve().parent.name


def load_manifest(path: Path) -> Manifest:
    """The manifest at `path`; a ManifestError naming the file if it is missing or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise ManifestError(f"{path}: is {size} bytes; a manifest is at most {MAX_MANIFEST_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such manifest (give its path with --config)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot be read: {exc}") from None
    return parse_manifest(text, str(path))


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """What the YAML parser found, and where (its own text names the stream `<unicode string>`)."""
    def at(mark: yaml.Mark) -> str:
        return f"line {mark.line + 1}, column {mark.column + 1}"

    if not isinstance(exc, yaml.MarkedYAMLError):
        return str(exc)
    found = f"{at(exc.problem_mark)}: {exc.problem}" if exc.problem_mark else str(exc.problem)
    if exc.context:
        found += f" ({exc.context}" + (f" at {at(exc.context_mark)})" if exc.context_mark else ")")
    return found


def parse_manifest(text: str, origin: str) -> Manifest:
    """Parse manifest `text`; `origin` names it in every error."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_MANIFEST_BYTES:
        raise ManifestError(f"{origin}: is {size} bytes; a manifest is at most {MAX_MANIFEST_BYTES} bytes")
    try:
        data = yaml.load(text, Loader=_NoAliases)
    except yaml.YAMLError as exc:
        raise ManifestError(f"{origin}: not valid YAML: {_yaml_problem(exc)}") from None
    if data is None:
        data = {}
    at = _Locator(origin)
    allowed = {"service", "registry", "compatibility", "subject_strategy", "produces", "consumes", "lint"}
    _mapping(data, at, "", allowed)
    strategy = _strategy(data.get("subject_strategy", SubjectStrategy.TOPIC.value), at, "subject_strategy")
    contracts = tuple(
        _contract(entry, role, index, strategy, at)
        for role in (Role.PRODUCES, Role.CONSUMES)
        for index, entry in enumerate(_list(data.get(role.value), at, role.value))
    )
    if not contracts:
        raise ManifestError(f"{origin}: declares no contracts; add `produces:` or `consumes:` entries")
    return Manifest(
        origin=origin,
        registry=_optional_str(data, "registry", at, ""),
        compatibility=_level(data.get("compatibility", Level.BACKWARD.value), at),
        contracts=contracts,
        lint=_lint(data.get("lint"), at),
        service=_optional_str(data, "service", at, ""),
    )


class _Locator:
    """Builds `<file>: <key>: <problem>` messages."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def error(self, key: str, problem: str) -> ManifestError:
        return ManifestError(f"{self.origin}: {key}: {problem}" if key else f"{self.origin}: {problem}")


def _contract(entry: Any, role: Role, index: int, default: SubjectStrategy, at: _Locator) -> Contract:
    key = f"{role}[{index}]"
    allowed = {"topic", "schema", "type", "subject", "subject_strategy", "references"}
    _mapping(entry, at, key, allowed | {"from_version"} if role is Role.CONSUMES else allowed)
    schema = _optional_str(entry, "schema", at, key)
    if schema is None:
        raise at.error(key, "missing `schema:` (the schema file, relative to the manifest)")
    topic = _optional_str(entry, "topic", at, key)
    subject = _optional_str(entry, "subject", at, key)
    if topic is None and subject is None:
        raise at.error(key, "needs a `topic:` or a `subject:`")
    return Contract(
        role=role,
        index=index,
        topic=topic,
        schema=schema,
        schema_type=_schema_type(entry, schema, at, key),
        subject=subject,
        strategy=_strategy(entry.get("subject_strategy", default.value), at, f"{key}.subject_strategy"),
        references=tuple(
            _reference(ref, at, f"{key}.references[{i}]")
            for i, ref in enumerate(_list(entry.get("references"), at, f"{key}.references"))
        ),
        from_version=_from_version(entry.get("from_version"), at, f"{key}.from_version"),
    )


def _from_version(value: Any, at: _Locator, key: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value < 2**31:
        raise at.error(key, f"must be a version number, not {value!r}")
    return value


def _reference(entry: Any, at: _Locator, key: str) -> Reference:
    _mapping(entry, at, key, {"name", "subject", "version", "schema"})
    name, subject = _optional_str(entry, "name", at, key), _optional_str(entry, "subject", at, key)
    if name is None or subject is None:
        raise at.error(key, "a reference needs `name:` and `subject:`")
    given = entry.get("version", LATEST)
    version = parse_version(given) if isinstance(given, str | int) else None
    if version is None:
        raise at.error(f"{key}.version", f"must be a version number or `latest`, not {given!r}")
    return Reference(name, subject, version_number(version), _optional_str(entry, "schema", at, key))


def _schema_type(entry: Mapping[str, Any], schema: str, at: _Locator, key: str) -> str:
    declared = _optional_str(entry, "type", at, key)
    if declared is not None:
        upper = declared.upper()
        if upper not in schema_types():
            raise at.error(f"{key}.type", f"unknown schema type {declared!r}; use one of {', '.join(schema_types())}")
        return upper
    suffix = PurePosixPath(schema).suffix.lower()
    if suffix not in TYPE_BY_EXTENSION:
        raise at.error(key, f"cannot tell the schema type of {schema!r} from its extension; add `type:`")
    return TYPE_BY_EXTENSION[suffix]


def _lint(value: Any, at: _Locator) -> LintConfig:
    try:
        return parse_config(value, "lint")
    except LintConfigError as exc:
        raise at.error(exc.key, exc.problem) from None


def _level(value: Any, at: _Locator) -> Level:
    try:
        return Level.parse(str(value))
    except ValueError:
        raise at.error("compatibility", f"unknown level {value!r}; use one of {', '.join(Level)}") from None


def _strategy(value: Any, at: _Locator, key: str) -> SubjectStrategy:
    try:
        return SubjectStrategy(str(value).lower())
    except ValueError:
        raise at.error(key, f"unknown strategy {value!r}; use one of {', '.join(SubjectStrategy)}") from None


def _mapping(value: Any, at: _Locator, key: str, allowed: set[str]) -> None:
    if not isinstance(value, dict):
        raise at.error(key, f"expected a mapping, got {type(value).__name__}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise at.error(key, f"unknown key {unknown[0]!r}; expected one of {', '.join(sorted(allowed))}")


def _list(value: Any, at: _Locator, key: str) -> list[Any]:
    if value is None:  # `produces:` with nothing under it
        return []
    if not isinstance(value, list):
        raise at.error(key, f"expected a list, got {type(value).__name__}")
    return value


def _optional_str(entry: Mapping[str, Any], name: str, at: _Locator, key: str) -> str | None:
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise at.error(f"{key}.{name}" if key else name, f"expected a non-empty string, got {value!r}")
    return value
