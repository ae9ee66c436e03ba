"""Message indexes of the Confluent wire format: the path from a file's top-level messages to one message.

Each index counts the `message` declarations at one nesting level (enums, services and the synthetic
map-entry messages do not count). On the wire: a zig-zag varint count, then one zig-zag varint per index,
except that `[0]` (the first top-level message) is the single byte 0x00.
"""

from __future__ import annotations

from collections.abc import Sequence

from google.protobuf import descriptor_pb2


def encode_message_indexes(indexes: Sequence[int]) -> bytes:
    """The wire bytes of `indexes`: `[0]` -> b"\\x00", `[1]` -> b"\\x02\\x02", `[0, 2]` -> b"\\x04\\x00\\x04"."""
    if list(indexes) == [0]:
        return b"\x00"
    return b"".join(_varint(_zigzag(n)) for n in (len(indexes), *indexes))


def decode_message_indexes(buf: bytes, offset: int = 0) -> tuple[list[int], int]:
    """The indexes encoded at `buf[offset:]` and the offset just after them; a count of 0 means `[0]`."""
    count, offset = _read_signed(buf, offset)
    if count < 0:
        raise ValueError(f"Invalid message index count {count}")
    if count == 0:
        return [0], offset
    indexes = []
    for _ in range(count):
        index, offset = _read_signed(buf, offset)
        indexes.append(index)
    return indexes, offset


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def _varint(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _read_signed(buf: bytes, offset: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if offset >= len(buf):
            raise ValueError("Truncated message indexes")
        byte = buf[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return (value >> 1) ^ -(value & 1), offset
        shift += 7
        if shift >= 64:
            raise ValueError("Malformed varint in message indexes")


def declared_messages(messages: Sequence[descriptor_pb2.DescriptorProto]) -> list[descriptor_pb2.DescriptorProto]:
    """The messages that count for indexes: all but the synthetic map entries."""
    return [m for m in messages if not m.options.map_entry]


def indexes_of(file: descriptor_pb2.FileDescriptorProto, full_name: str) -> list[int]:
    """The message indexes of `full_name` in `file`; KeyError if the file declares no such message."""
    prefix = f"{file.package}." if file.package else ""
    if not full_name.lstrip(".").startswith(prefix):
        raise KeyError(f"Message {full_name} is not in package {file.package!r}")
    level = declared_messages(file.message_type)
    indexes = []
    for name in full_name.lstrip(".")[len(prefix):].split("."):
        position = next((i for i, m in enumerate(level) if m.name == name), None)
        if position is None:
            raise KeyError(f"Message {full_name} is not declared in this schema")
        indexes.append(position)
        level = declared_messages(level[position].nested_type)
    return indexes


def name_at(file: descriptor_pb2.FileDescriptorProto, indexes: Sequence[int]) -> str:
    """The full name of the message at `indexes` in `file`; KeyError if there is none."""
    if not indexes:
        raise KeyError("Empty message indexes")
    names = [file.package] if file.package else []
    level = declared_messages(file.message_type)
    for index in indexes:
        if not 0 <= index < len(level):
            raise KeyError(f"No message at indexes {list(indexes)}")
        names.append(level[index].name)
        level = declared_messages(level[index].nested_type)
    return ".".join(names)
