"""Malformed Bolt traffic from hostile clients over raw sockets.

Each test attacks one connection and then checks that only that connection suffered: the server
still serves a new driver, and the node committed before the attacks is still there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bolt_wire import (
    BEGIN,
    GOODBYE,
    HELLO,
    IGNORED,
    LOGON,
    MAGIC,
    PULL,
    RECORD,
    RESET,
    RUN,
    SUCCESS,
    BoltSocket,
    describe,
    failure_code,
    pack,
    version_slot,
)
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from hostile import (
    HELLO_EXTRA,
    INVALID,
    INVALID_FORMAT,
    MAX_MESSAGE_SIZE,
    assert_healthy,
    chunk,
    chunks,
    connect,
    expect_closed_within,
    expect_failure,
    expect_fatal,
    login,
    start_seeded_server,
)
from server_process import ServerProcess

DISCARD, COMMIT, ROLLBACK, ROUTE, LOGOFF, TELEMETRY = 0x2F, 0x12, 0x13, 0x66, 0x6B, 0x54

# Every request message with valid fields, to send where the state does not allow it.
REQUESTS = {
    "RESET": (RESET,),
    "RUN": (RUN, "RETURN 1", {}, {}),
    "BEGIN": (BEGIN, {}),
    "PULL": (PULL, {"n": -1}),
    "DISCARD": (DISCARD, {"n": -1}),
    "COMMIT": (COMMIT,),
    "ROLLBACK": (ROLLBACK,),
    "ROUTE": (ROUTE, {}, [], {}),
    "LOGOFF": (LOGOFF,),
    "TELEMETRY": (TELEMETRY, 0),
    "LOGON": (LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD}),
}


@pytest.fixture(scope="module")
def hostile(module_server_factory: ServerFactory) -> ServerProcess:
    return start_seeded_server(module_server_factory)


@pytest.fixture(autouse=True)
def check_health(hostile: ServerProcess) -> Iterator[None]:
    yield
    assert_healthy(hostile)


def run_message(query_field: bytes, parameters: bytes = b"\xa0") -> bytes:
    """A RUN message body with the query and parameters given as encoded PackStream."""
    return b"\xb3\x10" + query_field + parameters + b"\xa0"


def assert_serves_after_reset(connection: BoltSocket) -> None:
    """After a failed RUN and its ignored PULL, RESET makes the connection serve again."""
    connection.pipeline((RESET,), (RUN, "RETURN 2 AS two", {}, {}), (PULL, {"n": -1}))
    replies = [connection.receive() for _ in range(5)]
    assert [reply.tag for reply in replies] == [IGNORED, SUCCESS, SUCCESS, RECORD, SUCCESS], describe(replies)
    assert replies[3].fields[0] == [2], describe(replies)


# MARK: Handshake and framing


@pytest.mark.parametrize(
    "garbage",
    [b"GET / HTTP/1.1\r\n\r\n", b"\x00" * 20, b"\xff" * 64, MAGIC + b"\xff" * 16],
    ids=["http", "zeros", "ones", "bad-versions"],
)
def test_garbage_before_handshake(hostile: ServerProcess, garbage: bytes) -> None:
    with BoltSocket(hostile.address, hostile.bolt_port) as connection:
        connection.send_raw(garbage)
        # A handshake with no usable version gets four zero bytes first; anything else gets nothing.
        reply = b""
        for _ in range(8):
            data = connection.socket.recv(64)
            if not data:
                break
            reply += data
        assert reply in (b"", b"\x00" * 4)


def test_garbage_after_handshake(hostile: ServerProcess) -> None:
    with connect(hostile) as connection:
        expect_fatal(connection, chunk(b"not packstream at all"))


def test_garbage_after_login(hostile: ServerProcess) -> None:
    with login(hostile) as connection:
        expect_fatal(connection, chunk(b"\xb1\x99\xc0"))


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_message_before_hello(hostile: ServerProcess, name: str) -> None:
    with connect(hostile) as connection:
        connection.send(*REQUESTS[name])
        messages = connection.receive_until_closed()
    assert len(messages) == 1, describe(messages)
    assert failure_code(messages[0]) == INVALID, describe(messages)


@pytest.mark.parametrize("name", sorted(set(REQUESTS) - {"LOGON"}))
def test_message_before_logon(hostile: ServerProcess, name: str) -> None:
    with connect(hostile) as connection:
        connection.send(HELLO, HELLO_EXTRA)
        assert connection.receive().tag == SUCCESS
        connection.send(*REQUESTS[name])
        messages = connection.receive_until_closed()
    assert len(messages) == 1, describe(messages)
    assert failure_code(messages[0]) == INVALID, describe(messages)


def test_goodbye_before_hello(hostile: ServerProcess) -> None:
    with connect(hostile) as connection:
        connection.send(GOODBYE)
        assert connection.receive_until_closed() == []


def test_oversized_message(hostile: ServerProcess) -> None:
    with login(hostile) as connection:
        # Full chunks beyond the message limit, without the end marker.
        full = b"\xff\xff" + b"\x00" * 0xFFFF
        sent = 0
        for _ in range(MAX_MESSAGE_SIZE // 0xFFFF + 2):
            try:
                connection.send_raw(full)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
        assert sent > MAX_MESSAGE_SIZE // 0xFFFF - 8
        messages = connection.receive_until_closed()
    assert len(messages) == 1, describe(messages)
    assert failure_code(messages[0]) == INVALID_FORMAT, describe(messages)


def test_oversized_chunk_header_closes_after_idle_timeout(hostile: ServerProcess) -> None:
    # The header promises 65,535 bytes and 10 arrive; the message never completes.
    with login(hostile, timeout=10) as connection:
        connection.send_raw(b"\xff\xff" + b"\xb3\x10" + b"\x00" * 8)
        assert expect_closed_within(connection, 8) > 1


def test_truncated_message_then_disconnect(hostile: ServerProcess) -> None:
    with login(hostile) as connection:
        connection.send_raw(b"\x00\x40" + run_message(b"\x88RETURN 1")[:5])


def test_chunk_boundaries_inside_values(hostile: ServerProcess) -> None:
    # Valid, but split one byte per chunk: the server must join them.
    body = run_message(pack("RETURN 7 AS seven"))
    with login(hostile) as connection:
        connection.send_raw(b"".join(b"\x00\x01" + bytes([byte]) for byte in body) + b"\x00\x00")
        assert connection.receive().tag == SUCCESS
        connection.send(PULL, {"n": -1})
        record = connection.receive()
        assert record.tag == RECORD, describe([record])
        assert record.fields[0] == [7], describe([record])


# MARK: Values


@pytest.mark.parametrize(
    "body",
    [
        run_message(b"\x84R\xffN\xfe"),
        run_message(pack("RETURN $x"), b"\xa1\x82\xc3\x28\x01"),
        run_message(pack("RETURN 1"), b"\xa1\x81x\x83\xed\xa0\x80"),
    ],
    ids=["query", "parameter-key", "parameter-value"],
)
def test_invalid_utf8(hostile: ServerProcess, body: bytes) -> None:
    with login(hostile) as connection:
        expect_fatal(connection, chunk(body))


def test_invalid_utf8_in_hello(hostile: ServerProcess) -> None:
    with connect(hostile) as connection:
        expect_fatal(connection, chunk(b"\xb1\x01\xa1\x8auser_agent\x82\xc0\xc1"))


@pytest.mark.parametrize("opener", [b"\x91", b"\xa1\x81k"], ids=["lists", "maps"])
def test_deep_nesting(hostile: ServerProcess, opener: bytes) -> None:
    depth = 10_000
    parameters = b"\xa1\x81x" + opener * depth + b"\xc0"
    with login(hostile) as connection:
        expect_fatal(connection, chunks(run_message(pack("RETURN $x"), parameters)))


def test_nesting_within_limit_runs(hostile: ServerProcess) -> None:
    parameters = b"\xa1\x81x" + b"\x91" * 40 + b"\x01"
    with login(hostile) as connection:
        connection.send_raw(chunk(run_message(pack("RETURN size($x) AS n"), parameters)))
        assert connection.receive().tag == SUCCESS
        connection.send(PULL, {"n": -1})
        assert connection.receive().fields[0] == [1]


@pytest.mark.parametrize(
    "marker",
    [
        b"\xd6\xff\xff\xff\xff",
        b"\xda\xff\xff\xff\xff",
        b"\xd2\xff\xff\xff\xff",
        b"\xce\xff\xff\xff\xff",
        b"\xd6\x00\x0f\xff\xff",
    ],
    ids=["list", "map", "string", "bytes", "list-within-limit"],
)
def test_huge_declared_size_without_bytes(hostile: ServerProcess, marker: bytes) -> None:
    with login(hostile) as connection:
        expect_fatal(connection, chunk(run_message(pack("RETURN $x"), b"\xa1\x81x" + marker)))


def test_thousands_of_parameters(hostile: ServerProcess) -> None:
    parameters = {f"p{index}": index for index in range(5000)}
    query = "RETURN $p0 + $p4999 AS total"
    with login(hostile) as connection:
        connection.pipeline((RUN, query, parameters, {}), (PULL, {"n": -1}))
        assert connection.receive().tag == SUCCESS
        assert connection.receive().fields[0] == [4999]


def test_too_many_parameters(hostile: ServerProcess) -> None:
    parameters = {f"p{index}": 0 for index in range(70_000)}
    with login(hostile) as connection:
        connection.pipeline((RUN, "RETURN 1", parameters, {}), (PULL, {"n": -1}))
        expect_failure(connection, INVALID)
        # Only the statement failed: after RESET the connection serves again.
        assert_serves_after_reset(connection)


def test_query_text_too_long(hostile: ServerProcess) -> None:
    query = "RETURN 1 AS one // " + "x" * (1 << 20)
    with login(hostile) as connection:
        connection.pipeline((RUN, query, {}, {}), (PULL, {"n": -1}))
        expect_failure(connection, INVALID)


def test_syntax_error_keeps_connection(hostile: ServerProcess) -> None:
    with login(hostile) as connection:
        connection.pipeline((RUN, "RETURN (((", {}, {}), (PULL, {"n": -1}))
        expect_failure(connection, "Neo.ClientError.Statement.SyntaxError")
        assert_serves_after_reset(connection)


def test_handshake_without_known_version(hostile: ServerProcess) -> None:
    # A handshake of the right length whose every slot names no version the server speaks.
    with BoltSocket(hostile.address, hostile.bolt_port) as connection:
        assert connection.handshake(version_slot(255, 255), version_slot(0, 0)) == (0, 0)
        assert connection.is_closed()
