"""Helpers for the hostile-client tests: a server with short limits, raw logins, health checks."""

from __future__ import annotations

import struct
import time

from bolt_wire import FAILURE, HELLO, LOGON, SUCCESS, BoltSocket, Structure, describe, failure_code, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver
from server_process import ServerProcess

HELLO_EXTRA = {"user_agent": "hostile-tests/1.0", "bolt_agent": {"product": "hostile-tests/1.0"}}
INVALID = "Neo.ClientError.Request.Invalid"
INVALID_FORMAT = "Neo.ClientError.Request.InvalidFormat"

# Short bounds, so that every timeout in the hostile tests passes in seconds.
LOGIN_TIMEOUT = 2.0
IDLE_TIMEOUT = 3.0
WRITE_TIMEOUT = 2.0
MAX_MESSAGE_SIZE = 4 << 20
SHORT_LIMITS = {
    "NORNICDB_BOLT_LOGIN_TIMEOUT": "2s",
    "NORNICDB_BOLT_IDLE_TIMEOUT": "3s",
    "NORNICDB_BOLT_WRITE_TIMEOUT": "2s",
    "NORNICDB_BOLT_MAX_MESSAGE_SIZE": str(MAX_MESSAGE_SIZE),
}
SEED_LABEL = "HostileSeed"


def start_seeded_server(factory: ServerFactory, extra: dict[str, str] | None = None) -> ServerProcess:
    """Start a server with the short limits and commit one node that every attack must leave."""
    server = factory.standard({**SHORT_LIMITS, **(extra or {})})
    with admin_driver(server) as driver:
        driver.execute_query(f"CREATE (:{SEED_LABEL} {{value: 42}})")
    return server


def assert_healthy(server: ServerProcess) -> None:
    """A new driver logs in and runs a query, and the committed seed node is still there."""
    assert server.running, server.log_tail()
    with admin_driver(server) as driver:
        records, _, _ = driver.execute_query(f"MATCH (n:{SEED_LABEL}) RETURN n.value AS value")
    assert [record["value"] for record in records] == [42]


def connect(server: ServerProcess, timeout: float = 5.0) -> BoltSocket:
    """Open a raw connection and agree on Bolt 5.4 down to 5.1, which have LOGON."""
    connection = BoltSocket(server.address, server.bolt_port, timeout=timeout)
    major, minor = connection.handshake(version_slot(5, 4, 3))
    assert major == 5, f"negotiated {major}.{minor}"
    assert 1 <= minor <= 4, f"negotiated {major}.{minor}"
    return connection


def login(server: ServerProcess, timeout: float = 5.0) -> BoltSocket:
    """Open a raw connection logged in as the admin."""
    connection = connect(server, timeout)
    connection.pipeline(
        (HELLO, HELLO_EXTRA),
        (LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD}),
    )
    replies = [connection.receive(), connection.receive()]
    assert [reply.tag for reply in replies] == [SUCCESS, SUCCESS], describe(replies)
    return connection


def expect_failure(connection: BoltSocket, code: str) -> Structure:
    """Read the next message and check that it is FAILURE with `code`."""
    message = connection.receive()
    assert message.tag == FAILURE, describe([message])
    assert failure_code(message) == code, describe([message])
    return message


def expect_fatal(connection: BoltSocket, data: bytes) -> None:
    """Send malformed `data`: the reply must be FAILURE InvalidFormat, then the server closes."""
    connection.send_raw(data)
    expect_failure(connection, INVALID_FORMAT)
    assert connection.is_closed()


def expect_closed_within(connection: BoltSocket, seconds: float) -> float:
    """Wait until the server closes the connection, at most `seconds`; return the time it took."""
    started = time.monotonic()
    assert connection.is_closed(timeout=seconds), f"still open after {seconds} s"
    return time.monotonic() - started


def chunk(body: bytes) -> bytes:
    """One message of a single chunk followed by the end marker; the body must fit in a chunk."""
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


def chunks(body: bytes) -> bytes:
    """One message split into chunks of at most 65,535 bytes."""
    data = b"".join(
        struct.pack(">H", len(body[start : start + 0xFFFF])) + body[start : start + 0xFFFF]
        for start in range(0, len(body), 0xFFFF)
    )
    return data + b"\x00\x00"
