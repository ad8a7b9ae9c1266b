"""The server keeps its graph and accounts in PostgreSQL when NORNICDB_STORAGE_URL names one."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from harness import ADMIN_PASSWORD, ServerFactory, admin_driver, create_user, open_driver, unique_name
from postgres_server import PostgresServer
from server_process import ServerProcess, free_port
from test_configuration import run_serve


def postgres_server(factory: ServerFactory, postgres: PostgresServer, database: str | None = None) -> ServerProcess:
    database = database or postgres.create_database()
    return factory.standard({"NORNICDB_STORAGE_URL": postgres.url(database)})


def test_login_and_queries(server_factory: ServerFactory, postgres: PostgresServer) -> None:
    server = postgres_server(server_factory, postgres)
    with admin_driver(server) as driver:
        driver.execute_query("CREATE (:City {name: 'Oslo'})-[:ROAD {km: 523}]->(:City {name: 'Bergen'})")
        records, _, _ = driver.execute_query(
            "MATCH (a:City)-[r:ROAD]->(b:City) RETURN a.name AS a, r.km AS km, b.name AS b"
        )
        assert [record.data() for record in records] == [{"a": "Oslo", "km": 523, "b": "Bergen"}]
        labels, _, _ = driver.execute_query("CALL db.labels() YIELD label RETURN collect(label) AS labels")
        assert labels[0]["labels"] == ["City"]
    with open_driver(server, ("admin", "wrong-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_graph_lives_in_postgres(server_factory: ServerFactory, postgres: PostgresServer) -> None:
    database = postgres.create_database()
    server = postgres_server(server_factory, postgres, database)
    with admin_driver(server) as driver:
        driver.execute_query("UNWIND range(1, 3) AS i CREATE (:Row {i: i})")
    tables = postgres.psql(database, "SELECT name FROM nornicdb.databases")
    assert tables.split() == ["nornic"]
    accounts = postgres.psql(database, "SELECT name FROM nornicdb.accounts")
    assert "admin" in accounts.split()


def test_restart_keeps_data_and_accounts(server_factory: ServerFactory, postgres: PostgresServer) -> None:
    server = postgres_server(server_factory, postgres)
    label = unique_name("Kept")
    user, password = unique_name("user"), "password-" + unique_name("p")
    with admin_driver(server) as driver:
        driver.execute_query(f"CREATE (:{label} {{name: 'kept'}})")
        driver.execute_query("CREATE INDEX kept_name IF NOT EXISTS FOR (n:Kept) ON (n.name)")
        create_user(driver, user, password, role="editor")
    server.restart()
    with admin_driver(server) as driver:
        records, _, _ = driver.execute_query(f"MATCH (n:{label}) RETURN n.name AS name")
        assert [record["name"] for record in records] == ["kept"]
        indexes, _, _ = driver.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS names")
        assert "kept_name" in indexes[0]["names"]
    with open_driver(server, (user, password)) as driver:
        driver.verify_connectivity()


def test_two_servers_share_one_database(server_factory: ServerFactory, postgres: PostgresServer) -> None:
    database = postgres.create_database()
    first = postgres_server(server_factory, postgres, database)
    second = postgres_server(server_factory, postgres, database)
    with admin_driver(first) as driver:
        driver.execute_query("CREATE (:Shared {from: 'first'})")
    with admin_driver(second) as driver:
        records, _, _ = driver.execute_query("MATCH (n:Shared) RETURN n.from AS origin")
        assert [record["origin"] for record in records] == ["first"]


def test_password_never_logged(server_factory: ServerFactory, postgres: PostgresServer) -> None:
    database = postgres.create_database()
    server = postgres_server(server_factory, postgres, database)
    with admin_driver(server) as driver:
        driver.execute_query("RETURN 1")
    # A failing connection logs libpq's message and the URL, which must stay redacted.
    postgres.stop()
    try:
        with admin_driver(server, max_transaction_retry_time=0.0) as driver:
            with pytest.raises(neo4j.exceptions.Neo4jError):
                driver.execute_query("CREATE (:Lost)")
    finally:
        postgres.start()
    server.stop()
    log = server.log_text()
    assert "***@127.0.0.1" in log
    assert postgres.password not in log
    assert ADMIN_PASSWORD not in log


@pytest.mark.parametrize(
    "url",
    [
        "mysql://user:{secret}@127.0.0.1/db",
        "postgres://user:{secret}@127.0.0.1:99999/db",
        "postgres://user:{secret}@127.0.0.1/db?sslmode",
    ],
)
def test_invalid_url_rejected(tmp_path: Path, url: str) -> None:
    secret = "s3cret-" + unique_name("pw")
    result = run_serve(tmp_path, {"NORNICDB_STORAGE_URL": url.format(secret=secret)})
    assert result.returncode != 0
    assert "NORNICDB_STORAGE_URL" in result.stderr
    assert secret not in result.stdout + result.stderr


def test_unreachable_postgres_fails_start(tmp_path: Path) -> None:
    secret = "s3cret-" + unique_name("pw")
    url = f"postgres://user:{secret}@127.0.0.1:{free_port()}/db?connect_timeout=2"
    result = run_serve(tmp_path, {"NORNICDB_STORAGE_URL": url})
    assert result.returncode != 0
    assert "DatabaseUnavailable" in result.stdout + result.stderr
    assert secret not in result.stdout + result.stderr
