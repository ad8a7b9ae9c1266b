"""Client errors: unknown databases and syntax errors, and that the connection survives them."""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import ClientError, CypherSyntaxError

from harness import admin_driver
from server_process import ServerProcess

DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"


def test_unknown_database_execute_query(admin: neo4j.Driver) -> None:
    with pytest.raises(ClientError) as raised:
        admin.execute_query("RETURN 1", database_="nosuchdatabase")
    assert raised.value.code == DATABASE_NOT_FOUND


def test_unknown_database_session(admin: neo4j.Driver) -> None:
    with admin.session(database="nosuchdatabase") as session:
        with pytest.raises(ClientError) as raised:
            session.run("RETURN 1").consume()
    assert raised.value.code == DATABASE_NOT_FOUND


def test_unknown_database_transaction(admin: neo4j.Driver) -> None:
    with admin.session(database="nosuchdatabase") as session:
        with pytest.raises(ClientError) as raised:
            with session.begin_transaction() as tx:
                tx.run("RETURN 1").consume()
    assert raised.value.code == DATABASE_NOT_FOUND


def test_default_database_by_name(admin: neo4j.Driver) -> None:
    records, summary, _ = admin.execute_query("RETURN 1 AS one", database_="nornic")
    assert records[0]["one"] == 1
    assert summary.database == "nornic"


def test_home_database_is_default(admin: neo4j.Driver) -> None:
    _, summary, _ = admin.execute_query("RETURN 1 AS one")
    assert summary.database == "nornic"


def test_syntax_error_keeps_connection(server: ServerProcess) -> None:
    # One pooled connection, so the follow-up query must run on the connection that failed.
    with admin_driver(server, max_connection_pool_size=1) as driver:
        with driver.session() as session:
            with pytest.raises(CypherSyntaxError) as raised:
                session.run("RETRUN 1").consume()
            assert raised.value.code == "Neo.ClientError.Statement.SyntaxError"
            assert session.run("RETURN 1 AS one").single()["one"] == 1
            with pytest.raises(CypherSyntaxError):
                session.run("MATCH (n RETURN n").consume()
            assert session.run("RETURN 2 AS two").single()["two"] == 2


def test_syntax_error_in_execute_query_not_retried(admin: neo4j.Driver) -> None:
    with pytest.raises(CypherSyntaxError):
        admin.execute_query("CREATE (n:Broken")
    records, _, _ = admin.execute_query("RETURN 3 AS three")
    assert records[0]["three"] == 3


def test_missing_parameter_is_client_error(admin: neo4j.Driver) -> None:
    with pytest.raises(ClientError) as raised:
        admin.execute_query("RETURN $absent AS value")
    assert raised.value.code.startswith("Neo.ClientError."), raised.value.code


@pytest.mark.parametrize("query", ["RETURN 1", "CREATE (:Anywhere)", "CREATE INDEX FOR (n:P) ON (n.x)"])
def test_data_query_on_system_database(admin: neo4j.Driver, query: str) -> None:
    with pytest.raises(ClientError) as raised:
        admin.execute_query(query, database_="system")
    assert raised.value.code == "Neo.ClientError.Statement.NotSystemDatabaseError"


def test_user_command_on_data_database(admin: neo4j.Driver) -> None:
    with pytest.raises(ClientError) as raised:
        admin.execute_query("SHOW USERS", database_="nornic")
    assert raised.value.code == "Neo.ClientError.Statement.UnsupportedAdministrationCommand"
