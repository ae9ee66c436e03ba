"""Schemas registered as a base64-encoded FileDescriptorProto (what confluent-kafka's serializers send).

Confluent accepts both .proto text and this form. The descriptor is printed back to .proto text, with its
imports resolved through the dependencies, so that it then takes the same path as any other schema.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence

from google.protobuf import descriptor_pb2
from google.protobuf.message import DecodeError

from schemata.compat.errors import SchemaParseError
from schemata.compat.protobuf.compiler import compile_proto
from schemata.compat.protobuf.names import SymbolTable
from schemata.compat.protobuf.options import OptionReader
from schemata.compat.protobuf.pool import build_pool
from schemata.compat.protobuf.printer import print_file
from schemata.compat.schema import Dependency

# .proto text always has a space or a `;`, which base64 never has.
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def looks_serialized(text: str) -> bool:
    """Whether `text` is base64 rather than .proto source."""
    return _BASE64.fullmatch(text.strip()) is not None


def proto_text_of(text: str, dependencies: Sequence[Dependency]) -> str:
    """The .proto text of the base64-encoded FileDescriptorProto `text`."""
    try:
        root = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(text.strip(), validate=True))
    except (binascii.Error, DecodeError) as exc:
        raise SchemaParseError(f"Invalid serialized FileDescriptorProto: {exc}") from None
    imports = "".join(f'import "{name}";\n' for name in root.dependency)
    closure = compile_proto('syntax = "proto3";\n' + imports, dependencies).files[:-1]
    files = (*closure, root)
    return print_file(root, SymbolTable(files), OptionReader(build_pool(files)))
