"""The Confluent framing: `0x00`, the schema id as a 4-byte big-endian signed int, then the payload.

Protobuf puts the message indexes between the id and the payload (`schemata.compat.protobuf` encodes them).
"""

from __future__ import annotations

import struct
from typing import cast

from schemata.registry.client._errors import UnknownMagicByteError

MAGIC_BYTE = 0
HEADER_SIZE = 5
_HEADER = struct.Struct(">bi")


def schema_header(schema_id: int) -> bytes:
    """The 5 bytes that start every message written with schema `schema_id`."""
    return _HEADER.pack(MAGIC_BYTE, schema_id)


def read_schema_id(data: bytes) -> int:
    """The schema id of a framed message; UnknownMagicByteError if it is not framed as Confluent does."""
    if len(data) < HEADER_SIZE:
        raise UnknownMagicByteError(
            f"Message of {len(data)} bytes is too short for the Confluent framing (5 header bytes)"
        )
    magic, schema_id = cast(tuple[int, int], _HEADER.unpack_from(data))
    if magic == MAGIC_BYTE:
        return schema_id
    if magic == 1:
        raise UnknownMagicByteError(
            "Unknown magic byte 0x01: a schema GUID framing (Confluent 8.x), which this client does not read"
        )
    raise UnknownMagicByteError(
        f"Unknown magic byte 0x{data[0]:02x}: the message was not written by a schema registry serializer"
        " (expected 0x00)"
    )
