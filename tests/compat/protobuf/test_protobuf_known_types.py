"""The built-in copies of Confluent's known Protobuf files declare what confluent-kafka's generated classes do."""

from __future__ import annotations

import pytest
from confluent_kafka.schema_registry.confluent import meta_pb2
from confluent_kafka.schema_registry.confluent.type import decimal_pb2
from google.protobuf import descriptor_pb2

from schemata.compat.protobuf.compiler import compile_proto


@pytest.mark.parametrize("module", [meta_pb2, decimal_pb2], ids=["meta", "decimal"])
def test_built_in_confluent_file_matches_confluent_kafka(module: object) -> None:
    expected = descriptor_pb2.FileDescriptorProto()
    module.DESCRIPTOR.CopyToProto(expected)  # type: ignore[attr-defined]
    compiled = compile_proto(f'syntax = "proto3"; import "{expected.name}";')
    built_in = next(f for f in compiled.files if f.name == expected.name)
    for part in ("package", "dependency", "message_type", "enum_type", "extension"):
        assert getattr(built_in, part) == getattr(expected, part), part
