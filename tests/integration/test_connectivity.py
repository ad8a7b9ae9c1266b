"""Basic-auth logins and the first queries a new user runs, through each driver API."""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import AuthError

from harness import ADMIN_PASSWORD, ADMIN_USER, open_driver, unique_name
from server_process import ServerProcess

CREATE_FRIENDS = "CREATE (:Person {name: $name})-[:KNOWS]->(:Person {name: 'Bo'})"
FIND_FRIENDS = "MATCH (a:Person)-[:KNOWS]->(b) WHERE a.name = $name RETURN b.name AS friend"


def test_login_with_correct_password(server: ServerProcess) -> None:
    with open_driver(server, (ADMIN_USER, ADMIN_PASSWORD)) as driver:
        driver.verify_connectivity()
        records, _, keys = driver.execute_query("RETURN 1 AS one")
    assert keys == ["one"]
    assert [record.data() for record in records] == [{"one": 1}]


def test_login_with_wrong_password(server: ServerProcess) -> None:
    with open_driver(server, (ADMIN_USER, "wrong-password")) as driver:
        with pytest.raises(AuthError) as raised:
            driver.verify_connectivity()
    assert raised.value.code == "Neo.ClientError.Security.Unauthorized"


def test_login_with_unknown_user(server: ServerProcess) -> None:
    with open_driver(server, ("nosuchuser", "some-password")) as driver:
        with pytest.raises(AuthError) as raised:
            driver.execute_query("RETURN 1")
    assert raised.value.code == "Neo.ClientError.Security.Unauthorized"


def test_login_with_empty_password(server: ServerProcess) -> None:
    # The driver leaves the credentials key out for an empty password.
    with open_driver(server, (ADMIN_USER, "")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_server_agent_and_protocol(admin: neo4j.Driver) -> None:
    info = admin.get_server_info()
    assert info.agent.startswith("Neo4j/"), info.agent
    assert info.protocol_version[0] >= 5, info.protocol_version


def test_issue_example_execute_query(admin: neo4j.Driver) -> None:
    name = unique_name("Al")
    admin.execute_query(CREATE_FRIENDS, name=name)
    records, _, keys = admin.execute_query(FIND_FRIENDS, name=name)
    assert keys == ["friend"]
    assert [record.data() for record in records] == [{"friend": "Bo"}]


def test_issue_example_session_run(admin: neo4j.Driver) -> None:
    name = unique_name("Al")
    with admin.session() as session:
        summary = session.run(CREATE_FRIENDS, name=name).consume()
        assert summary.counters.nodes_created == 2
        assert summary.counters.relationships_created == 1
        result = session.run(FIND_FRIENDS, name=name)
        assert result.data() == [{"friend": "Bo"}]


def test_issue_example_managed_transactions(admin: neo4j.Driver) -> None:
    name = unique_name("Al")

    def write(tx: neo4j.ManagedTransaction) -> None:
        tx.run(CREATE_FRIENDS, name=name).consume()

    def read(tx: neo4j.ManagedTransaction) -> list[dict[str, object]]:
        return tx.run(FIND_FRIENDS, name=name).data()

    with admin.session() as session:
        session.execute_write(write)
        assert session.execute_read(read) == [{"friend": "Bo"}]


def test_parameters_as_dictionary(admin: neo4j.Driver) -> None:
    records, _, _ = admin.execute_query("RETURN $a + $b AS sum", {"a": 40, "b": 2})
    assert records[0]["sum"] == 42
