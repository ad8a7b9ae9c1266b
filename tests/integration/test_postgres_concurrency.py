"""Concurrent writers and PostgreSQL outages with the server's data in PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import neo4j
import pytest

from harness import ServerFactory, admin_driver
from postgres_server import PostgresServer
from server_process import ServerProcess

WORKERS = 8
# QueryService runs at most 4 statements of one user at once and rejects a fifth with a transient
# error, so auto-commit statements, which drivers do not retry, stay within that.
AUTO_COMMIT_WORKERS = 4


@pytest.fixture
def server(server_factory: ServerFactory, postgres: PostgresServer) -> ServerProcess:
    return server_factory.standard({"NORNICDB_STORAGE_URL": postgres.url(postgres.create_database())})


def test_concurrent_increments_lose_nothing(server: ServerProcess) -> None:
    rounds = 25
    with admin_driver(server, max_transaction_retry_time=30.0) as driver:
        driver.execute_query("CREATE (:Counter {x: 0})")

        def increment(_: int) -> None:
            with driver.session() as session:
                for _ in range(rounds):
                    session.execute_write(lambda tx: tx.run("MATCH (n:Counter) SET n.x = n.x + 1").consume())

        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(increment, range(WORKERS)))
        records, _, _ = driver.execute_query("MATCH (n:Counter) RETURN n.x AS x")
    assert records[0]["x"] == WORKERS * rounds


def test_auto_commit_increments_lose_nothing(server: ServerProcess) -> None:
    rounds = 10
    with admin_driver(server) as driver:
        driver.execute_query("CREATE (:Tally {x: 0})")

        def increment(_: int) -> None:
            with driver.session() as session:
                for _ in range(rounds):
                    session.run("MATCH (n:Tally) SET n.x = n.x + 1").consume()

        with ThreadPoolExecutor(AUTO_COMMIT_WORKERS) as pool:
            list(pool.map(increment, range(AUTO_COMMIT_WORKERS)))
        records, _, _ = driver.execute_query("MATCH (n:Tally) RETURN n.x AS x")
    assert records[0]["x"] == AUTO_COMMIT_WORKERS * rounds


def test_concurrent_merge_creates_one_node(server: ServerProcess) -> None:
    keys = 20
    with admin_driver(server, max_transaction_retry_time=30.0) as driver:

        def merge(_: int) -> None:
            with driver.session() as session:
                for key in range(keys):
                    session.execute_write(lambda tx, k=key: tx.run("MERGE (:Key {k: $k})", k=k).consume())

        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(merge, range(WORKERS)))
        records, _, _ = driver.execute_query("MATCH (n:Key) RETURN n.k AS k, count(*) AS copies ORDER BY k")
    assert [record["k"] for record in records] == list(range(keys))
    assert [record["copies"] for record in records] == [1] * keys


def test_postgres_restart_fails_cleanly_then_recovers(server: ServerProcess, postgres: PostgresServer) -> None:
    with admin_driver(server) as driver:
        driver.execute_query("CREATE (:Survivor {name: 'before'})")
    postgres.stop()
    try:
        with admin_driver(server) as driver:
            with driver.session() as session:
                with pytest.raises(neo4j.exceptions.Neo4jError) as raised:
                    session.run("MATCH (n:Survivor) RETURN n.name").consume()
        assert raised.value.code is not None
        assert raised.value.code.startswith("Neo.TransientError."), raised.value.code
    finally:
        postgres.start()
    deadline = time.monotonic() + 15
    with admin_driver(server) as driver:
        while True:
            try:
                records, _, _ = driver.execute_query("MATCH (n:Survivor) RETURN n.name AS name")
                break
            except neo4j.exceptions.Neo4jError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert [record["name"] for record in records] == ["before"]
        driver.execute_query("CREATE (:Survivor {name: 'after'})")
        records, _, _ = driver.execute_query("MATCH (n:Survivor) RETURN n.name AS name ORDER BY name")
    assert [record["name"] for record in records] == ["after", "before"]
    assert server.running
