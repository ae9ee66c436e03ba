"""Descriptor pools holding a schema's files, with descriptor.proto always present (options are read through it)."""

from __future__ import annotations

from collections.abc import Sequence

from google.protobuf import descriptor_pb2, descriptor_pool

from schemata.compat.errors import SchemaParseError

_DESCRIPTOR_PROTO = "google/protobuf/descriptor.proto"


def build_pool(files: Sequence[descriptor_pb2.FileDescriptorProto]) -> descriptor_pool.DescriptorPool:
    """A new pool holding `files` (dependencies first); SchemaParseError if the runtime cannot load them."""
    pool = descriptor_pool.DescriptorPool()
    if not any(f.name == _DESCRIPTOR_PROTO or _declares_options(f) for f in files):
        own = descriptor_pb2.FileDescriptorProto()
        descriptor_pb2.DESCRIPTOR.CopyToProto(own)
        pool.Add(own)
    for file in files:
        try:
            pool.Add(file)
        except TypeError as exc:  # upb's own limits (e.g. a message of tens of thousands of fields)
            raise SchemaParseError(f"The schema cannot be loaded: {exc}") from None
    return pool


def _declares_options(file: descriptor_pb2.FileDescriptorProto) -> bool:
    """Whether `file` is a copy of descriptor.proto under another name (a schema registered as itself)."""
    return file.package == "google.protobuf" and any(m.name == "FieldOptions" for m in file.message_type)
