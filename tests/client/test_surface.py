"""The public surface: what `schemata.registry.client` exports, that it imports without the server's dependencies,
and that every low-level error has a public one."""

from __future__ import annotations

import inspect
import json
import pkgutil
import subprocess
import sys
import textwrap
from importlib import metadata

import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from schemata import cli, compat, registry
from schemata.registry import client
from schemata.registry.client._rest import ERRORS_BY_CODE, transport_error

CONFLUENT_NAMES = {
    "SchemaRegistryClient", "AvroSerializer", "AvroDeserializer", "JSONSerializer", "JSONDeserializer",
    "ProtobufSerializer", "ProtobufDeserializer", "SerializationContext", "MessageField",
    "topic_subject_name_strategy", "record_subject_name_strategy", "topic_record_subject_name_strategy",
}


def test_all_is_sorted_complete_and_public() -> None:
    assert client.__all__ == sorted(client.__all__)
    assert set(client.__all__) >= CONFLUENT_NAMES
    public = {name for name, value in vars(client).items() if not name.startswith("_") and not inspect.ismodule(value)}
    assert public == set(client.__all__)
    for name in client.__all__:
        assert getattr(client, name).__module__.startswith("schemata.registry.client._"), name


def test_every_exception_is_a_client_error_drawn_in_the_docstring() -> None:
    errors = [value for value in vars(client).values() if isinstance(value, type) and issubclass(value, Exception)]
    assert len(errors) == 15
    for error in errors:
        assert issubclass(error, client.ClientError)
        assert error.__name__ in client.__doc__


def test_constructor_signatures_follow_confluent_kafka() -> None:
    from confluent_kafka.schema_registry import avro, json_schema, protobuf

    pairs = [
        (client.AvroSerializer, avro.AvroSerializer), (client.AvroDeserializer, avro.AvroDeserializer),
        (client.JSONSerializer, json_schema.JSONSerializer), (client.JSONDeserializer, json_schema.JSONDeserializer),
        (client.ProtobufSerializer, protobuf.ProtobufSerializer),
        (client.ProtobufDeserializer, protobuf.ProtobufDeserializer),
    ]
    for ours, theirs in pairs:
        ours_params = list(inspect.signature(ours).parameters)
        theirs_params = list(inspect.signature(theirs).parameters)[: len(ours_params)]
        assert ours_params == theirs_params, ours.__name__


def test_import_needs_neither_fastapi_nor_sqlalchemy() -> None:
    script = textwrap.dedent("""
        import sys

        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("fastapi", "sqlalchemy", "starlette", "uvicorn"):
                    raise ImportError(f"blocked: {name}")
                return None

        sys.meta_path.insert(0, Refuse())
        import schemata.registry.client
        from schemata.registry.client import AvroSerializer, JSONSerializer, ProtobufSerializer
        assert not any(m.split(".")[0] in ("fastapi", "sqlalchemy") for m in sys.modules)
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _base_distributions(name: str, seen: set[str] | None = None) -> set[str]:
    """`name` and every distribution its requirements pull in, extras left out."""
    seen = set() if seen is None else seen
    key = canonicalize_name(name)
    if key in seen:
        return seen
    seen.add(key)
    for text in metadata.requires(name) or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            _base_distributions(requirement.name, seen)
    return seen


_LIGHT_IMPORT = """
import json, sys
allowed = set(json.loads(sys.argv[1]))
stdlib = sys.stdlib_module_names

class OnlyTheLightInstall:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] not in stdlib and name not in allowed:
            raise ImportError(f"not in the light install: {name}")
        return None

sys.meta_path.insert(0, OnlyTheLightInstall())
import schemata.registry.client
from schemata.registry.client import AvroSerializer, JSONSerializer, ProtobufDeserializer, ProtobufSerializer
print("ok")
"""


def _module_names(dist: metadata.Distribution) -> set[str]:
    """The dotted names of the packages and modules among a distribution's files."""
    names = set()
    for file in dist.files or ():
        parts = file.parts
        if parts[0].endswith((".dist-info", ".data")) or ".." in parts:
            continue
        names |= {".".join(parts[:i]) for i in range(1, len(parts))}
        if file.suffix in (".py", ".so", ".pyd"):
            names.add(".".join((*parts[:-1], file.name.split(".")[0])))
    return names


def _project_modules() -> set[str]:
    """The project's own module names (an editable install lists a finder, not the `schemata.*` files)."""
    names = {"schemata"}
    for package in (registry, compat, cli):
        names.add(package.__name__)
        names |= {info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")}
    return names


def test_the_client_imports_with_the_light_install_only() -> None:
    """`pip install schemata` (no extras) must be enough for `import schemata.registry.client`: with every import
    refused but the standard library's and those of the distributions the base install requires (the
    project's own among them) (optional imports of those then fall back, as they would), the client still imports."""
    base = _base_distributions("schemata")
    allowed = _project_modules()
    for dist in metadata.distributions():
        if canonicalize_name(dist.metadata["Name"]) in base:
            allowed |= _module_names(dist)
    result = subprocess.run(
        [sys.executable, "-c", _LIGHT_IMPORT, json.dumps(sorted(allowed))], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


@pytest.mark.parametrize("error_type", sorted(_subclasses(httpx.TransportError) | {httpx.TransportError},
                                              key=lambda cls: cls.__name__))
def test_every_httpx_transport_error_maps_to_a_public_one(error_type: type[httpx.TransportError]) -> None:
    mapped = transport_error("http://registry:8081/subjects", error_type("boom"))
    expected = client.RegistryTimeoutError if issubclass(error_type, httpx.TimeoutException) else (
        client.RegistryUnreachableError)
    assert type(mapped) is expected
    assert "http://registry:8081/subjects" in str(mapped) and "boom" in str(mapped)


def test_error_codes_map_to_their_exceptions() -> None:
    assert ERRORS_BY_CODE[40403] is client.SchemaNotFoundError
    assert ERRORS_BY_CODE[409] is ERRORS_BY_CODE[40901] is client.IncompatibleSchemaError
    assert all(issubclass(error, client.SchemaRegistryError) for error in ERRORS_BY_CODE.values())
