"""The Protobuf format of the compatibility engine: protoc-based parsing, canonical text, Confluent's diff
rules (STRICT) and the rule sets of `buf breaking` WIRE and WIRE_JSON as stricter optional policies."""

from schemata.compat.protobuf.diff import diff
from schemata.compat.protobuf.format import ProtobufFormat
from schemata.compat.protobuf.indexes import decode_message_indexes, encode_message_indexes
from schemata.compat.protobuf.schema import ProtobufSchema

__all__ = [
    "ProtobufFormat",
    "ProtobufSchema",
    "decode_message_indexes",
    "diff",
    "encode_message_indexes",
]
