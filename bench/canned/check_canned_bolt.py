"""Check canned-bolt over raw sockets and with the official driver; exit non-zero on the first failure.

    bash bench/refs/build.sh
    .venv/driver6/bin/python bench/canned/check_canned_bolt.py [--binary .build/bench/canned-bolt]

It starts the responder on a free loopback port and checks the handshake: sent byte by byte, with
version ranges, with 4.4, with a manifest request and with no common version. Then it checks
chunked and pipelined requests, keep-alive NOOPs, GOODBYE, and the FAILURE and close that follow
a malformed request or an unknown signature. Last, it runs `RETURN 1` through the neo4j driver of
the interpreter that runs the script.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

import neo4j

REPO_ROOT = Path(__file__).resolve().parents[2]
MAGIC = bytes.fromhex("6060B017")
# Slots are 00 RANGE MINOR MAJOR.
V5_8_TO_5_0 = bytes([0, 8, 8, 5])
V4_4 = bytes([0, 0, 4, 4])
EMPTY = bytes(4)
MANIFEST_V1 = bytes([0, 0, 1, 0xFF])

HELLO = bytes.fromhex("B101A0")  # HELLO {}
LOGON = bytes.fromhex("B16AA0")
RUN = bytes.fromhex("B31088") + b"RETURN 1" + bytes.fromhex("A0A0")  # RUN "RETURN 1" {} {}
PULL = bytes.fromhex("B13FA1816EFF")  # PULL {n: -1}
RESET = bytes.fromhex("B00F")
GOODBYE = bytes.fromhex("B002")
UNKNOWN = bytes.fromhex("B077")

SUCCESS_EMPTY = bytes.fromhex("B170A0")
RUN_SUCCESS = bytes.fromhex("B170A2") + b"\x86fields\x91\x811\x87t_first\x00"
RECORD_ONE = bytes.fromhex("B1719101")
PULL_SUCCESS = bytes.fromhex("B170A1") + b"\x86t_last\x00"


def chunked(message: bytes, chunk_size: int = 0xFFFF) -> bytes:
    """Encode one message as chunks of at most `chunk_size` bytes and the 00 00 end marker."""
    out = bytearray()
    for start in range(0, len(message), chunk_size):
        chunk = message[start : start + chunk_size]
        out += len(chunk).to_bytes(2, "big") + chunk
    return bytes(out + b"\x00\x00")


def receive_exactly(connection: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        part = connection.recv(size - len(data))
        if not part:
            raise AssertionError(f"connection closed after {len(data)} of {size} expected bytes")
        data += part
    return bytes(data)


def receive_message(connection: socket.socket) -> bytes:
    """Read one chunked message and return its body."""
    body = bytearray()
    while True:
        size = int.from_bytes(receive_exactly(connection, 2), "big")
        if size == 0:
            return bytes(body)
        body += receive_exactly(connection, size)


def assert_closed(connection: socket.socket) -> None:
    connection.settimeout(5)
    try:
        rest = connection.recv(1024)
    except ConnectionResetError:
        # Closing a socket with unread input sends a reset instead of a FIN.
        return
    assert rest == b"", f"expected the server to close the connection, received {rest.hex()}"


def handshake(port: int, slots: list[bytes], *, byte_by_byte: bool = False) -> tuple[socket.socket, bytes]:
    """Connect, send the magic and four slots, and return the socket and the 4-byte reply."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    request = MAGIC + b"".join(slots)
    if byte_by_byte:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in request:
            connection.sendall(bytes([byte]))
            time.sleep(0.002)
    else:
        connection.sendall(request)
    return connection, receive_exactly(connection, 4)


def check_handshakes(port: int) -> None:
    cases = [
        ([V5_8_TO_5_0, V4_4, EMPTY, EMPTY], bytes([0, 0, 8, 5])),
        ([bytes([0, 4, 10, 5]), EMPTY, EMPTY, EMPTY], bytes([0, 0, 8, 5])),  # 5.10-5.6 picks 5.8
        ([bytes([0, 0, 3, 5]), V4_4, EMPTY, EMPTY], bytes([0, 0, 3, 5])),
        ([V4_4, EMPTY, EMPTY, EMPTY], bytes([0, 0, 4, 4])),
        ([bytes([0, 2, 6, 4]), EMPTY, EMPTY, EMPTY], bytes([0, 0, 4, 4])),  # 4.6-4.4 covers 4.4
        ([MANIFEST_V1, V5_8_TO_5_0, EMPTY, EMPTY], bytes([0, 0, 8, 5])),
        ([bytes([0, 0, 0, 3]), bytes([0, 0, 3, 4]), EMPTY, EMPTY], bytes(4)),
        ([bytes([0, 0, 0, 6]), EMPTY, EMPTY, EMPTY], bytes(4)),
    ]
    for slots, expected in cases:
        connection, reply = handshake(port, slots)
        offered = " ".join(slot.hex() for slot in slots)
        assert reply == expected, f"proposals {offered}: expected {expected.hex()}, received {reply.hex()}"
        if expected == bytes(4):
            assert_closed(connection)
        connection.close()

    connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    connection.sendall(b"GET / HTTP/1.1\r\n\r\n")
    assert_closed(connection)
    connection.close()


def check_session(port: int) -> None:
    connection, reply = handshake(port, [V5_8_TO_5_0, EMPTY, EMPTY, EMPTY], byte_by_byte=True)
    assert reply == bytes([0, 0, 8, 5]), reply.hex()

    # HELLO and LOGON pipelined in one write, with a NOOP between them.
    connection.sendall(chunked(HELLO) + b"\x00\x00" + chunked(LOGON))
    hello = receive_message(connection)
    assert hello.startswith(bytes.fromhex("B170A2")), hello.hex()
    assert b"Neo4j/5.26.0" in hello and b"bolt-1" in hello, hello.hex()
    assert receive_message(connection) == SUCCESS_EMPTY

    # RUN and PULL pipelined, repeated so that several pairs arrive in one read.
    connection.sendall((chunked(RUN) + chunked(PULL)) * 3)
    for _ in range(3):
        assert receive_message(connection) == RUN_SUCCESS
        assert receive_message(connection) == RECORD_ONE
        assert receive_message(connection) == PULL_SUCCESS

    # RUN split into 1-byte chunks, and sent one byte per write.
    for byte in chunked(RUN, chunk_size=1):
        connection.sendall(bytes([byte]))
    assert receive_message(connection) == RUN_SUCCESS

    # A message larger than the responder's 64 KiB read buffer, in two chunks.
    text = b"x" * 100_000
    huge = bytes.fromhex("B310D2") + len(text).to_bytes(4, "big") + text + bytes.fromhex("A0A0")
    connection.sendall(chunked(huge))
    assert receive_message(connection) == RUN_SUCCESS

    # 200 RUNs in 7-byte chunks in one write, so chunk headers straddle the responder's reads.
    parameter = b"y" * 255
    medium = bytes.fromhex("B310D101F4") + b"x" * 500 + bytes.fromhex("A1816BD0FF") + parameter + bytes.fromhex("A0")
    connection.sendall(chunked(medium, chunk_size=7) * 200)
    for _ in range(200):
        assert receive_message(connection) == RUN_SUCCESS

    connection.sendall(chunked(RESET) + chunked(GOODBYE))
    assert receive_message(connection) == SUCCESS_EMPTY
    assert_closed(connection)
    connection.close()


def check_failures(port: int) -> None:
    for name, message in (("unknown signature", UNKNOWN), ("not a structure", b"\x01\x02"), ("one byte", b"\xb1")):
        connection, _ = handshake(port, [V5_8_TO_5_0, EMPTY, EMPTY, EMPTY])
        connection.sendall(chunked(HELLO) + chunked(message) + chunked(RUN))
        assert receive_message(connection).startswith(bytes.fromhex("B170")), name
        failure = receive_message(connection)
        assert failure.startswith(bytes.fromhex("B17FA2")), f"{name}: {failure.hex()}"
        assert b"Neo.ClientError.Request.Invalid" in failure, f"{name}: {failure.hex()}"
        assert_closed(connection)
        connection.close()


def check_driver(port: int) -> None:
    with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("a", "b")) as driver:
        with driver.session() as session:
            value = session.run("RETURN 1").single()[0]
            assert value == 1, value
            with session.begin_transaction() as transaction:
                assert transaction.run("RETURN 1").single()[0] == 1
                transaction.commit()
        records, _, _ = driver.execute_query("RETURN 1")
        assert [record[0] for record in records] == [1], records
        print(f"neo4j driver {neo4j.__version__}: Bolt {driver.get_server_info().protocol_version}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, default=REPO_ROOT / ".build" / "bench" / "canned-bolt")
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"canned-bolt not found at {options.binary}; run bash bench/refs/build.sh first")
    process = subprocess.Popen([str(options.binary), "127.0.0.1", "0"], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        port = int(line.split()[-1])
        check_handshakes(port)
        check_session(port)
        check_failures(port)
        check_driver(port)
    finally:
        process.terminate()
        process.wait(timeout=10)
    print("canned-bolt: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
