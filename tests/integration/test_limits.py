"""Limits on what one client can make the server do: time, memory, message size, idle logins."""

from __future__ import annotations

import os
import socket
import time

import neo4j
import pytest
from neo4j.exceptions import ClientError, TransientError

from bolt_wire import HELLO, LOGON, PULL, RUN, BoltSocket, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver, count_nodes, unique_name
from server_process import ServerProcess


def test_large_parameter_message(admin: neo4j.Driver) -> None:
    # About 6 MB in one RUN message, more than the server's 1 MiB read buffer.
    rows = [{"a": index, "b": "x" * 20} for index in range(200_000)]
    records, _, _ = admin.execute_query("UNWIND $rows AS r RETURN count(r) AS c", rows=rows)
    assert records[0]["c"] == 200_000


def test_transaction_timeout_terminates(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_TRANSACTION_TIMEOUT": "1"})
    with admin_driver(server) as driver:
        label = unique_name("Slow")
        driver.execute_query(f"UNWIND range(1, 2000) AS i CREATE (:{label} {{i: i}})")
        started = time.monotonic()
        with pytest.raises(ClientError) as raised:
            with driver.session() as session:
                session.run(f"MATCH (a:{label}), (b:{label}), (c:{label}) RETURN count(*)").consume()
        assert raised.value.code == "Neo.ClientError.Transaction.TransactionTimedOut"
        assert time.monotonic() - started < 10
        records, _, _ = driver.execute_query("RETURN 1 AS alive")
        assert records[0]["alive"] == 1


def test_client_timeout_terminates(admin: neo4j.Driver) -> None:
    label = unique_name("ClientTimeout")
    admin.execute_query(f"UNWIND range(1, 2000) AS i CREATE (:{label} {{i: i}})")
    query = neo4j.Query(f"MATCH (a:{label}), (b:{label}), (c:{label}) RETURN count(*)", timeout=0.5)
    with pytest.raises(ClientError) as raised:
        with admin.session() as session:
            session.run(query).consume()
    assert raised.value.code == "Neo.ClientError.Transaction.TransactionTimedOut"


def test_row_limit(admin: neo4j.Driver) -> None:
    with pytest.raises(TransientError) as raised:
        with admin.session() as session:
            session.run("RETURN size(range(1, 20000000)) AS n").consume()
    assert raised.value.code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


def test_limit_stops_early(admin: neo4j.Driver) -> None:
    label = unique_name("Cross")
    admin.execute_query(f"UNWIND range(1, 2000) AS i CREATE (:{label} {{i: i}})")
    started = time.monotonic()
    records, _, _ = admin.execute_query(f"MATCH (a:{label}), (b:{label}), (c:{label}) RETURN a.i LIMIT 3")
    assert len(records) == 3
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(("operator", "operand"), [("+", "1"), (" AND ", "true"), (" OR ", "false"), (" < ", "1")])
@pytest.mark.parametrize("terms", [1500, 5000, 50000])
def test_long_operator_chain(admin: neo4j.Driver, operator: str, operand: str, terms: int) -> None:
    # Balanced chains may run to a result; others must fail with a SyntaxError. Either way the
    # server must survive.
    query = "RETURN " + operator.join([operand] * terms) + " AS v"
    try:
        admin.execute_query(query)
    except ClientError as error:
        assert error.code == "Neo.ClientError.Statement.SyntaxError", error.message
    records, _, _ = admin.execute_query("RETURN 1 AS alive")
    assert records[0]["alive"] == 1


def test_write_in_read_mode_rejected(admin: neo4j.Driver) -> None:
    label = unique_name("ReadMode")
    with pytest.raises(ClientError) as raised:
        admin.execute_query(f"CREATE (:{label})", routing_=neo4j.RoutingControl.READ)
    assert raised.value.code == "Neo.ClientError.Statement.AccessMode"
    assert count_nodes(admin, label) == 0


@pytest.mark.parametrize(
    "query",
    ["MATCH (n) RETURN COUNT { CREATE (:Hidden) } AS c", "MATCH (n) WHERE EXISTS { MATCH (m) SET m.hidden = 1 } RETURN n"],
)
def test_write_in_expression_subquery_rejected(admin: neo4j.Driver, query: str) -> None:
    with pytest.raises(ClientError) as raised:
        admin.execute_query(query)
    assert raised.value.code == "Neo.ClientError.Statement.SyntaxError"
    assert count_nodes(admin, "Hidden") == 0


def cpu_seconds(server: ServerProcess) -> float:
    """The CPU time the server process has used so far, from /proc."""
    fields = open(f"/proc/{server.process.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_disconnect_cancels_statement(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("Abandon")
    admin.execute_query(f"UNWIND range(1, 3000) AS i CREATE (:{label} {{i: i}})")
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.handshake(version_slot(5, 4))
        connection.pipeline(
            (HELLO, {"user_agent": "limits-test"}),
            (LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD}),
            (RUN, f"MATCH (a:{label}), (b:{label}), (c:{label}) RETURN count(*)", {}, {}),
            (PULL, {"n": -1}),
        )
        time.sleep(0.5)
    # The client is gone; the statement must stop instead of running to its end.
    time.sleep(1)
    before = cpu_seconds(server)
    time.sleep(1)
    assert cpu_seconds(server) - before < 0.5


def test_idle_unauthenticated_connection_closed(server: ServerProcess) -> None:
    with socket.create_connection(("127.0.0.1", server.bolt_port), timeout=40) as raw:
        raw.sendall(b"\x60\x60\xb0\x17" + b"\x00\x00\x08\x05" + b"\x00" * 12)
        assert raw.recv(4) == b"\x00\x00\x08\x05"
        started = time.monotonic()
        assert raw.recv(1) == b""
        assert 25 < time.monotonic() - started < 40


def test_log_escapes_client_text(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_LOG_LEVEL": "debug", "NORNICDB_AUTH_DEBUG": "true"})
    forged = "evil\n2026-01-01T00:00:00.000Z INFO [nornicdb] FORGED \x1b[31m"
    with neo4j.GraphDatabase.driver(server.uri, auth=(forged, "wrong-password")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()
    log = server.log_text()
    assert "\nFORGED" not in log
    assert not any(line.startswith("2026-01-01T00:00:00.000Z") for line in log.splitlines())
    assert "\x1b" not in log


def test_one_user_cannot_stall_others(server_factory: ServerFactory) -> None:
    import threading

    server = server_factory.standard({"NORNICDB_TRANSACTION_TIMEOUT": "4"})
    with admin_driver(server) as admin:
        label = unique_name("Busy")
        admin.execute_query(f"UNWIND range(1, 2000) AS i CREATE (:{label} {{i: i}})")
        admin.execute_query("CREATE USER busy SET PASSWORD 'busy-password' CHANGE NOT REQUIRED", database_="system")
        admin.execute_query("GRANT ROLE viewer TO busy", database_="system")
        codes: list[str] = []

        def hog() -> None:
            with neo4j.GraphDatabase.driver(server.uri, auth=("busy", "busy-password")) as driver:
                with driver.session() as session:
                    try:
                        session.run(f"MATCH (a:{label}), (b:{label}), (c:{label}) RETURN count(*)").consume()
                    except neo4j.exceptions.Neo4jError as error:
                        codes.append(error.code)

        hogs = [threading.Thread(target=hog) for _ in range(12)]
        for thread in hogs:
            thread.start()
        time.sleep(1)
        started = time.monotonic()
        records, _, _ = admin.execute_query("RETURN 1 AS alive")
        assert records[0]["alive"] == 1
        assert time.monotonic() - started < 2
        for thread in hogs:
            thread.join()
    assert "Neo.TransientError.Request.ResourceExhaustion" in codes


def test_idle_transaction_released_at_timeout(server_factory: ServerFactory) -> None:
    # An idle client must not keep a write transaction, and its lock, past the timeout.
    server = server_factory.standard({"NORNICDB_TRANSACTION_TIMEOUT": "2"})
    label = unique_name("IdleLock")
    with admin_driver(server) as holder, admin_driver(server) as other:
        session = holder.session()
        transaction = session.begin_transaction()
        transaction.run(f"CREATE (:{label})").consume()
        time.sleep(3.5)
        started = time.monotonic()
        other.execute_query(f"CREATE (:{label}Other)")
        assert time.monotonic() - started < 2
        with pytest.raises(ClientError) as raised:
            transaction.commit()
        assert raised.value.code == "Neo.ClientError.Transaction.TransactionTimedOut"
        session.close()
        assert count_nodes(other, label) == 0
        assert count_nodes(other, f"{label}Other") == 1
