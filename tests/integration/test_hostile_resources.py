"""Hostile clients that hold resources: slow senders, idle and surplus connections, clients that
never read, and clients that open transactions or results without end.

Every test leaves the server serving a new driver, with the node committed before it intact.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import neo4j
import pytest

from bolt_wire import (
    BEGIN,
    HELLO,
    LOGON,
    MAGIC,
    PULL,
    RUN,
    SUCCESS,
    BoltSocket,
    describe,
    encode_message,
    failure_code,
    version_slot,
)
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver, count_nodes, create_user, unique_name
from hostile import (
    HELLO_EXTRA,
    IDLE_TIMEOUT,
    INVALID,
    LOGIN_TIMEOUT,
    WRITE_TIMEOUT,
    assert_healthy,
    connect,
    expect_closed_within,
    expect_failure,
    login,
    start_seeded_server,
)
from server_process import ServerProcess

MAX_CONNECTIONS = 12
MAX_TRANSACTIONS = 3
NO_THREADS = "Neo.TransientError.Request.NoThreadsAvailable"


@pytest.fixture(scope="module")
def hostile(module_server_factory: ServerFactory) -> ServerProcess:
    return start_seeded_server(
        module_server_factory,
        {
            "NORNICDB_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
            "NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER": str(MAX_TRANSACTIONS),
        },
    )


@pytest.fixture(autouse=True)
def check_health(hostile: ServerProcess) -> Iterator[None]:
    yield
    assert_healthy(hostile)


def trickle(connection: BoltSocket, data: bytes, interval: float) -> int:
    """Send `data` one byte at a time; return how many bytes went before the server closed."""
    for index, byte in enumerate(data):
        try:
            connection.send_raw(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            return index
        time.sleep(interval)
    return len(data)


def test_slow_handshake(hostile: ServerProcess) -> None:
    handshake = MAGIC + version_slot(5, 4, 3) + b"\x00" * 12
    with BoltSocket(hostile.address, hostile.bolt_port, timeout=10) as connection:
        started = time.monotonic()
        sent = trickle(connection, handshake, 1.0)
        assert sent < len(handshake)
        assert time.monotonic() - started < LOGIN_TIMEOUT + 3


def test_half_handshake(hostile: ServerProcess) -> None:
    with BoltSocket(hostile.address, hostile.bolt_port, timeout=10) as connection:
        connection.send_raw(MAGIC + b"\x00\x04")
        assert LOGIN_TIMEOUT - 0.5 < expect_closed_within(connection, LOGIN_TIMEOUT + 3)


def test_hello_without_logon(hostile: ServerProcess) -> None:
    with connect(hostile, timeout=10) as connection:
        connection.send(HELLO, HELLO_EXTRA)
        assert connection.receive().tag == SUCCESS
        assert expect_closed_within(connection, LOGIN_TIMEOUT + 3) < LOGIN_TIMEOUT + 1


def test_slow_message_after_login(hostile: ServerProcess) -> None:
    label = unique_name("Slow")
    with login(hostile, timeout=10) as connection:
        message = encode_message(RUN, f"CREATE (:{label})", {}, {})
        started = time.monotonic()
        sent = trickle(connection, message, 0.5)
        assert sent < len(message)
        assert time.monotonic() - started < IDLE_TIMEOUT + 3
    with admin_driver(hostile) as driver:
        assert count_nodes(driver, label) == 0


def test_noop_chunks_do_not_keep_connection(hostile: ServerProcess) -> None:
    with login(hostile, timeout=10) as connection:
        # One NOOP chunk (two zero bytes) a second, for up to 20 seconds.
        started = time.monotonic()
        sent = trickle(connection, b"\x00\x00" * 20, 0.5)
        assert sent < 40
        assert time.monotonic() - started < IDLE_TIMEOUT + 3


def test_idle_authenticated_connections_closed(hostile: ServerProcess) -> None:
    connections = [login(hostile, timeout=10) for _ in range(3)]
    try:
        time.sleep(IDLE_TIMEOUT - 1)
        # A request resets the idle clock of one connection only.
        connections[0].pipeline((RUN, "RETURN 1", {}, {}), (PULL, {"n": -1}))
        assert [connections[0].receive().tag for _ in range(3)][-1] == SUCCESS
        for connection in connections[1:]:
            assert expect_closed_within(connection, 3)
        assert not connections[0].is_closed(timeout=0.5)
        assert expect_closed_within(connections[0], IDLE_TIMEOUT + 2)
    finally:
        for connection in connections:
            connection.close()


def test_connections_over_the_limit(hostile: ServerProcess) -> None:
    # Open connections that send HELLO and never log in, until the server rejects one. Earlier
    # connections may still be closing, so the served count may fall short of the limit.
    served: list[BoltSocket] = []
    try:
        for _ in range(MAX_CONNECTIONS + 5):
            connection = connect(hostile, timeout=10)
            connection.send(HELLO, HELLO_EXTRA)
            reply = connection.receive()
            if reply.tag != SUCCESS:
                assert failure_code(reply) == NO_THREADS, describe([reply])
                assert connection.is_closed()
                connection.close()
                break
            served.append(connection)
        assert MAX_CONNECTIONS - 2 <= len(served) <= MAX_CONNECTIONS
        # A driver gets the same code, as a transient error that it retries.
        with admin_driver(hostile, max_transaction_retry_time=0.5) as driver:
            with pytest.raises(neo4j.exceptions.TransientError) as raised:
                driver.execute_query("RETURN 1")
        assert raised.value.code == NO_THREADS
        # The served connections never log in, so the login timeout frees their places.
        for connection in served:
            assert connection.is_closed(timeout=LOGIN_TIMEOUT + 3)
    finally:
        for connection in served:
            connection.close()


def test_connection_flood(hostile: ServerProcess) -> None:
    # Far more connections than the limit, opened at once and left silent; bounded in count.
    sockets: list[socket.socket] = []
    try:
        for _ in range(200):
            sockets.append(socket.create_connection((hostile.address, hostile.bolt_port), timeout=5))
        time.sleep(LOGIN_TIMEOUT + 1.5)
    finally:
        for raw in sockets:
            raw.close()


def test_client_that_never_reads(hostile: ServerProcess) -> None:
    label = unique_name("Unread")
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.settimeout(10)
    raw.connect((hostile.address, hostile.bolt_port))
    connection = BoltSocket.__new__(BoltSocket)
    connection.socket = raw
    connection.version = None
    with connection:
        connection.handshake(version_slot(5, 4, 3))
        big = "x" * 200
        connection.pipeline(
            (HELLO, HELLO_EXTRA),
            (LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD}),
            (BEGIN, {}),
            (RUN, f"CREATE (:{label})", {}, {}),
            (PULL, {"n": -1}),
        )
        # The transaction has written, so it holds the write lock, before the client stops reading.
        replies = [connection.receive() for _ in range(5)]
        assert [reply.tag for reply in replies] == [SUCCESS] * 5, describe(replies)
        connection.pipeline(
            (RUN, "UNWIND range(1, 100000) AS i RETURN i, $big AS pad", {"big": big}, {}),
            (PULL, {"n": -1}),
        )
        # The transaction holds the write lock; once the write timeout closes the connection,
        # another client can write. The timeout counts from the last progress and the server
        # checks it every 250 ms, so the close comes between one timeout and one timeout plus
        # half a second after the socket last accepted bytes of the reply.
        started = time.monotonic()
        with admin_driver(hostile, max_transaction_retry_time=20) as driver:
            driver.execute_query(f"CREATE (:{label}Other)")
            assert count_nodes(driver, label) == 0
            assert count_nodes(driver, f"{label}Other") == 1
        assert time.monotonic() - started < 2 * WRITE_TIMEOUT + 10
    assert "the client read none of the reply" in hostile.log_text()


def test_transactions_per_user(hostile: ServerProcess) -> None:
    name = unique_name("other")
    with admin_driver(hostile) as driver:
        create_user(driver, name, "other-password", "editor")
    holders = [login(hostile) for _ in range(MAX_TRANSACTIONS)]
    try:
        for connection in holders:
            connection.send(BEGIN, {})
            assert connection.receive().tag == SUCCESS
        with login(hostile) as extra:
            extra.send(BEGIN, {})
            expect_failure(extra, "Neo.TransientError.Request.ResourceExhaustion")
        # Another user is not held up by the admin's transactions.
        with neo4j.GraphDatabase.driver(hostile.uri, auth=(name, "other-password")) as other:
            with other.session() as session, session.begin_transaction() as transaction:
                assert transaction.run("RETURN 1 AS one").single()["one"] == 1
        # Ending one transaction gives its place back.
        holders[0].send(0x13)
        assert holders[0].receive().tag == SUCCESS
        with login(hostile) as extra:
            extra.send(BEGIN, {})
            assert extra.receive().tag == SUCCESS
    finally:
        for connection in holders:
            connection.close()


def test_open_results_per_connection(hostile: ServerProcess) -> None:
    with login(hostile) as connection:
        connection.send(BEGIN, {})
        assert connection.receive().tag == SUCCESS
        replies = []
        for _ in range(100):
            connection.send(RUN, "RETURN 1", {}, {})
            replies.append(connection.receive())
        assert all(reply.tag == SUCCESS for reply in replies), describe(replies[-3:])
        connection.send(RUN, "RETURN 1", {}, {})
        expect_failure(connection, INVALID)
