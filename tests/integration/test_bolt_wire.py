"""Hostile or out-of-order Bolt traffic sent over raw sockets.

Each test checks that the server closes or fails the connection as the protocol requires, that
no query ran without authentication, and that the server still serves a normal driver after.
"""

from __future__ import annotations

import neo4j
import pytest

from bolt_wire import (
    FAILURE,
    HELLO,
    IGNORED,
    LOGON,
    MAGIC,
    PULL,
    RESET,
    RUN,
    SUCCESS,
    BoltSocket,
    ConnectionClosed,
    describe,
    failure_code,
    version_slot,
)
from harness import ADMIN_PASSWORD, ADMIN_USER, count_nodes, unique_name
from server_process import ServerProcess

HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0", "bolt_agent": {"product": "nornicdb-tests/1.0"}}
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"


def open_connection(server: ServerProcess) -> BoltSocket:
    connection = BoltSocket(server.address, server.bolt_port)
    # Offer only Bolt 5.4 down to 5.1, which all have LOGON, so HELLO carries no credentials.
    version = connection.handshake(version_slot(5, 4, 3))
    assert version[0] == 5, f"negotiated {version}"
    assert 1 <= version[1] <= 4, f"negotiated {version}"
    return connection


def assert_server_still_serves(server: ServerProcess, admin: neo4j.Driver) -> None:
    records, _, _ = admin.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    with BoltSocket(server.address, server.bolt_port) as connection:
        assert connection.handshake(version_slot(5, 4, 3))[0] == 5


def test_garbage_instead_of_magic(server: ServerProcess, admin: neo4j.Driver) -> None:
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.send_raw(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert connection.is_closed(), "the server kept a connection open after an HTTP request line"
    assert_server_still_serves(server, admin)


def test_wrong_magic_with_valid_versions(server: ServerProcess, admin: neo4j.Driver) -> None:
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.send_raw(b"\x60\x60\xb0\x18" + version_slot(5, 4, 3) + b"\x00" * 12)
        assert connection.is_closed()
    assert_server_still_serves(server, admin)


def test_no_common_version(server: ServerProcess, admin: neo4j.Driver) -> None:
    with BoltSocket(server.address, server.bolt_port) as connection:
        version = connection.handshake(version_slot(99, 0), version_slot(1, 0))
        assert version == (0, 0)
        assert connection.is_closed()
    assert_server_still_serves(server, admin)


def test_truncated_handshake_then_close(server: ServerProcess, admin: neo4j.Driver) -> None:
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.send_raw(MAGIC + b"\x00\x00")
    assert_server_still_serves(server, admin)


def test_reset_before_hello(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("BeforeHello")
    with open_connection(server) as connection:
        connection.pipeline((RESET,), (RUN, f"CREATE (:{label})", {}, {}), (PULL, {"n": -1}))
        messages = connection.receive_until_closed()
    assert all(message.tag in (FAILURE, IGNORED) for message in messages), describe(messages)
    assert count_nodes(admin, label) == 0
    assert_server_still_serves(server, admin)


def test_reset_before_logon(server: ServerProcess, admin: neo4j.Driver) -> None:
    # RESET must never move an unauthenticated connection to READY.
    label = unique_name("BeforeLogon")
    with open_connection(server) as connection:
        connection.send(HELLO, HELLO_EXTRA)
        hello = connection.receive()
        assert hello.tag == SUCCESS, describe([hello])
        connection.pipeline((RESET,), (RUN, f"CREATE (:{label})", {}, {}), (PULL, {"n": -1}))
        messages = connection.receive_until_closed()
    assert messages, "no reply to RESET before LOGON"
    assert messages[0].tag == FAILURE, describe(messages)
    assert not any(message.tag == SUCCESS for message in messages[1:]), describe(messages)
    assert count_nodes(admin, label) == 0
    assert_server_still_serves(server, admin)


def test_run_before_logon(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("NoLogon")
    with open_connection(server) as connection:
        connection.pipeline((HELLO, HELLO_EXTRA), (RUN, f"CREATE (:{label})", {}, {}), (PULL, {"n": -1}))
        messages = connection.receive_until_closed()
    assert messages and messages[0].tag == SUCCESS, describe(messages)
    assert len(messages) >= 2, describe(messages)
    assert messages[1].tag == FAILURE, describe(messages)
    assert not any(message.tag == SUCCESS for message in messages[1:]), describe(messages)
    assert count_nodes(admin, label) == 0
    assert_server_still_serves(server, admin)


def test_wrong_password_then_pipelined_run(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("BadLogon")
    with open_connection(server) as connection:
        connection.pipeline(
            (HELLO, HELLO_EXTRA),
            (LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": "wrong-password"}),
            (RUN, f"CREATE (:{label})", {}, {}),
            (PULL, {"n": -1}),
        )
        messages = connection.receive_until_closed()
    assert [message.tag for message in messages[:2]] == [SUCCESS, FAILURE], describe(messages)
    assert failure_code(messages[1]) == UNAUTHORIZED
    assert not any(message.tag == SUCCESS for message in messages[2:]), describe(messages)
    assert count_nodes(admin, label) == 0
    assert_server_still_serves(server, admin)


@pytest.mark.parametrize(
    "token",
    [
        {},
        {"scheme": "basic", "principal": ADMIN_USER},
        {"scheme": "basic", "credentials": ADMIN_PASSWORD},
        {"scheme": "basic", "principal": [ADMIN_USER], "credentials": ADMIN_PASSWORD},
        {"scheme": "none"},
        {"scheme": "kerberos", "principal": "", "credentials": "ticket"},
    ],
    ids=["empty", "no-credentials", "no-principal", "principal-list", "none", "unknown-scheme"],
)
def test_malformed_auth_token_unauthorized(server: ServerProcess, admin: neo4j.Driver, token: dict) -> None:
    with open_connection(server) as connection:
        connection.pipeline((HELLO, HELLO_EXTRA), (LOGON, token))
        messages = connection.receive_until_closed()
    assert [message.tag for message in messages] == [SUCCESS, FAILURE], describe(messages)
    assert failure_code(messages[1]) == UNAUTHORIZED
    assert_server_still_serves(server, admin)


def test_huge_credentials_rejected(server: ServerProcess, admin: neo4j.Driver) -> None:
    # A FAILURE or closing the connection are both acceptable; a login is not.
    with open_connection(server) as connection:
        connection.send(HELLO, HELLO_EXTRA)
        connection.pipeline(
            (LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": "x" * 1_000_000}),
            (RUN, "RETURN 1", {}, {}),
            (PULL, {"n": -1}),
        )
        try:
            messages = connection.receive_until_closed()
        except ConnectionClosed:
            messages = []
    assert not any(message.tag == SUCCESS for message in messages[1:]), describe(messages)
    assert_server_still_serves(server, admin)


def test_raw_login_and_query(server: ServerProcess) -> None:
    with open_connection(server) as connection:
        connection.send(HELLO, HELLO_EXTRA)
        hello = connection.receive()
        assert hello.tag == SUCCESS
        assert str(hello.fields[0].get("server", "")).startswith("Neo4j/"), hello.fields
        connection.send(LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD})
        assert connection.receive().tag == SUCCESS
        connection.send(RUN, "RETURN $x AS x", {"x": 41}, {})
        connection.send(PULL, {"n": -1})
        run, record, pulled = connection.receive(), connection.receive(), connection.receive()
        assert run.tag == SUCCESS, describe([run])
        assert run.fields[0]["fields"] == ["x"], describe([run])
        assert record.fields == [[41]]
        assert pulled.tag == SUCCESS, describe([pulled])


def test_unknown_message_closes(server: ServerProcess, admin: neo4j.Driver) -> None:
    with open_connection(server) as connection:
        connection.send(HELLO, HELLO_EXTRA)
        assert connection.receive().tag == SUCCESS
        connection.pipeline((0x55, "surprise"))
        messages = connection.receive_until_closed()
    assert not any(message.tag == SUCCESS for message in messages), describe(messages)
    assert_server_still_serves(server, admin)
