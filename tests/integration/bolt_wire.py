"""A minimal Bolt client over a raw socket, for tests that send what a driver never would.

It implements the handshake, chunking and the PackStream v1 subset that the messages used by
the tests need (null, booleans, integers, floats, strings, bytes, lists, maps, structures).
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

MAGIC = b"\x60\x60\xb0\x17"

HELLO = 0x01
GOODBYE = 0x02
RESET = 0x0F
RUN = 0x10
BEGIN = 0x11
PULL = 0x3F
LOGON = 0x6A
SUCCESS = 0x70
RECORD = 0x71
IGNORED = 0x7E
FAILURE = 0x7F

MESSAGE_NAMES = {SUCCESS: "SUCCESS", RECORD: "RECORD", IGNORED: "IGNORED", FAILURE: "FAILURE"}


@dataclass
class Structure:
    tag: int
    fields: list[object]


def version_slot(major: int, minor: int, range_: int = 0) -> bytes:
    """Encode one handshake slot: `major.minor` down to `major.(minor - range_)`."""
    return bytes([0, range_, minor, major])


def pack(value: object) -> bytes:
    """Encode `value` in PackStream v1 with the smallest encoding."""
    if value is None:
        return b"\xc0"
    if value is True:
        return b"\xc3"
    if value is False:
        return b"\xc2"
    if isinstance(value, int):
        if -16 <= value <= 127:
            return struct.pack(">b", value)
        for marker, fmt, low, high in (
            (0xC8, ">b", -128, 127),
            (0xC9, ">h", -(2**15), 2**15 - 1),
            (0xCA, ">i", -(2**31), 2**31 - 1),
            (0xCB, ">q", -(2**63), 2**63 - 1),
        ):
            if low <= value <= high:
                return bytes([marker]) + struct.pack(fmt, value)
        raise ValueError(f"integer out of range: {value}")
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, str):
        return pack_sized(value.encode("utf-8"), 0x80, 0xD0)
    if isinstance(value, bytes):
        return pack_header(len(value), None, 0xCC) + value
    if isinstance(value, list):
        return pack_header(len(value), 0x90, 0xD4) + b"".join(pack(item) for item in value)
    if isinstance(value, dict):
        body = b"".join(pack(key) + pack(item) for key, item in value.items())
        return pack_header(len(value), 0xA0, 0xD8) + body
    if isinstance(value, Structure):
        return bytes([0xB0 + len(value.fields), value.tag]) + b"".join(pack(field) for field in value.fields)
    raise TypeError(f"cannot pack {type(value).__name__}")


def pack_header(size: int, tiny_marker: int | None, marker_8: int) -> bytes:
    if tiny_marker is not None and size < 16:
        return bytes([tiny_marker + size])
    if size < 2**8:
        return bytes([marker_8]) + struct.pack(">B", size)
    if size < 2**16:
        return bytes([marker_8 + 1]) + struct.pack(">H", size)
    return bytes([marker_8 + 2]) + struct.pack(">I", size)


def pack_sized(data: bytes, tiny_marker: int, marker_8: int) -> bytes:
    return pack_header(len(data), tiny_marker, marker_8) + data


class Unpacker:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def read(self, count: int) -> bytes:
        chunk = self.data[self.offset : self.offset + count]
        if len(chunk) != count:
            raise ValueError("truncated PackStream value")
        self.offset += count
        return chunk

    def unpack(self) -> object:
        marker = self.read(1)[0]
        if marker < 0x80:
            return marker
        if marker >= 0xF0:
            return marker - 0x100
        high = marker & 0xF0
        if high == 0x80:
            return self.read(marker & 0x0F).decode("utf-8")
        if high == 0x90:
            return [self.unpack() for _ in range(marker & 0x0F)]
        if high == 0xA0:
            return self.unpack_map(marker & 0x0F)
        if high == 0xB0:
            tag = self.read(1)[0]
            return Structure(tag, [self.unpack() for _ in range(marker & 0x0F)])
        fixed = {0xC0: None, 0xC2: False, 0xC3: True}
        if marker in fixed:
            return fixed[marker]
        if marker == 0xC1:
            return struct.unpack(">d", self.read(8))[0]
        integers = {0xC8: ">b", 0xC9: ">h", 0xCA: ">i", 0xCB: ">q"}
        if marker in integers:
            fmt = integers[marker]
            return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]
        sizes = {0: ">B", 1: ">H", 2: ">I"}
        if 0xCC <= marker <= 0xCE:
            return self.read(self.size(sizes[marker - 0xCC]))
        if 0xD0 <= marker <= 0xD2:
            return self.read(self.size(sizes[marker - 0xD0])).decode("utf-8")
        if 0xD4 <= marker <= 0xD6:
            return [self.unpack() for _ in range(self.size(sizes[marker - 0xD4]))]
        if 0xD8 <= marker <= 0xDA:
            return self.unpack_map(self.size(sizes[marker - 0xD8]))
        raise ValueError(f"unknown PackStream marker 0x{marker:02X}")

    def size(self, fmt: str) -> int:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def unpack_map(self, count: int) -> dict[str, object]:
        result = {}
        for _ in range(count):
            key = self.unpack()
            result[key] = self.unpack()
        return result


class ConnectionClosed(Exception):
    """The server closed the connection (or reset it) before a whole message arrived."""


class BoltSocket:
    """One raw Bolt connection with blocking reads bounded by `timeout` seconds."""

    def __init__(self, address: str, port: int, timeout: float = 5.0) -> None:
        self.socket = socket.create_connection((address, port), timeout=timeout)
        self.version: tuple[int, int] | None = None

    def close(self) -> None:
        self.socket.close()

    def __enter__(self) -> BoltSocket:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send_raw(self, data: bytes) -> None:
        self.socket.sendall(data)

    def receive_exact(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            try:
                chunk = self.socket.recv(count - len(data))
            except ConnectionResetError as error:
                raise ConnectionClosed(f"reset after {len(data)} of {count} bytes") from error
            if not chunk:
                raise ConnectionClosed(f"closed after {len(data)} of {count} bytes")
            data += chunk
        return data

    def handshake(self, *slots: bytes) -> tuple[int, int]:
        """Send the magic and up to four version slots; return the version the server chose."""
        padded = list(slots) + [b"\x00\x00\x00\x00"] * (4 - len(slots))
        self.send_raw(MAGIC + b"".join(padded[:4]))
        answer = self.receive_exact(4)
        self.version = (answer[3], answer[2])
        return self.version

    def send(self, tag: int, *fields: object) -> None:
        self.send_raw(encode_message(tag, *fields))

    def pipeline(self, *messages: tuple[object, ...]) -> bool:
        """Send several messages in one write, as drivers do; each is (tag, field, ...).

        Returns False if the server had already closed the connection, which is a valid
        reaction to the first of them; the replies read afterwards tell what it did.
        """
        data = b"".join(encode_message(message[0], *message[1:]) for message in messages)  # type: ignore[arg-type]
        try:
            self.send_raw(data)
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True

    def receive(self) -> Structure:
        """Return the next message, skipping NOOP chunks; raise ConnectionClosed at end of stream."""
        body = b""
        while True:
            size = struct.unpack(">H", self.receive_exact(2))[0]
            if size == 0:
                if body:
                    break
                continue
            body += self.receive_exact(size)
        message = Unpacker(body).unpack()
        if not isinstance(message, Structure):
            raise ValueError(f"a Bolt message must be a structure, got {message!r}")
        return message

    def receive_until_closed(self, limit: int = 20) -> list[Structure]:
        """Return every message until the server closes the connection (at most `limit`)."""
        messages = []
        for _ in range(limit):
            try:
                messages.append(self.receive())
            except ConnectionClosed:
                return messages
            except TimeoutError:
                raise AssertionError(
                    f"server neither replied nor closed in time; so far: {describe(messages)}"
                ) from None
        raise AssertionError(f"connection still open after {limit} messages: {describe(messages)}")

    def is_closed(self, timeout: float = 5.0) -> bool:
        """Return whether the server has closed the connection within `timeout` seconds."""
        self.socket.settimeout(timeout)
        try:
            return self.socket.recv(1) == b""
        except ConnectionResetError:
            return True
        except TimeoutError:
            return False


def encode_message(tag: int, *fields: object) -> bytes:
    """Encode one message as chunks of at most 65,535 bytes followed by the end marker."""
    body = pack(Structure(tag, list(fields)))
    chunks = b""
    for start in range(0, len(body), 0xFFFF):
        piece = body[start : start + 0xFFFF]
        chunks += struct.pack(">H", len(piece)) + piece
    return chunks + b"\x00\x00"


def failure_code(message: Structure) -> str | None:
    """Return the Neo4j status code of a FAILURE, in the pre-5.7 or the GQL shape."""
    if message.tag != FAILURE:
        return None
    metadata = message.fields[0] if message.fields else {}
    assert isinstance(metadata, dict)
    return metadata.get("neo4j_code") or metadata.get("code")


def describe(messages: list[Structure]) -> list[str]:
    return [f"{MESSAGE_NAMES.get(m.tag, hex(m.tag))} {m.fields}" for m in messages]
