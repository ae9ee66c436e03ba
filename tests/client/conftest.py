"""Client fixtures: our client (on the live SQLite registry, or in-process in modules marked `in_process`),
confluent-kafka's, and generated _pb2 modules."""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from grpc_tools import protoc

from schemata.registry.client import SchemaRegistryClient

PROTOS = Path(__file__).parent / "protos"
NAMES = ("orders", "common", "payments")


@pytest.fixture
def client(request: pytest.FixtureRequest) -> Iterator[SchemaRegistryClient]:
    """Our client on the live server; in a module marked `in_process` (serializer behaviour, not the HTTP
    contract), on the registry's app in this process."""
    if request.node.get_closest_marker("in_process") is not None:
        yield request.getfixturevalue("in_process_client")
        return
    with SchemaRegistryClient({"url": request.getfixturevalue("sqlite_registry_url")}) as registry_client:
        yield registry_client


@pytest.fixture
def topic(request: pytest.FixtureRequest) -> str:
    """A topic name unique to this test, so that its subjects are too."""
    return f"{request.node.name.split('[')[0]}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def pb2(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """`orders_pb2`, `common_pb2` and `payments_pb2`, generated from tests/client/protos by grpc_tools' protoc."""
    out = tmp_path_factory.mktemp("pb2")
    include = Path(protoc.__file__).parent / "_proto"
    args = ["protoc", f"-I{PROTOS}", f"-I{include}", f"--python_out={out}", *(f"{name}.proto" for name in NAMES)]
    if protoc.main(args) != 0:
        raise RuntimeError("protoc failed on tests/client/protos")
    sys.path.insert(0, str(out))
    modules: dict[str, ModuleType] = {name: importlib.import_module(f"{name}_pb2") for name in NAMES}
    return SimpleNamespace(**modules)
