"""Permission bypass attempts through procedures, EXPLAIN and PROFILE, by users with few or no roles."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from neo4j.exceptions import ClientError, Forbidden

from harness import count_nodes, create_user, open_driver, unique_name
from http_client import commit
from server_process import ServerProcess

PASSWORDS = {"viewer": "viewer-password", "none": "no-role-password"}

# Queries that need no permission only up to the point where they read the graph: each starts
# with the permission-free `dbms.showCurrentUser()` and reads through an expression.
GRAPH_READING_CALLS = [
    "CALL dbms.showCurrentUser() YIELD username RETURN [(n)-->(m) | [n.secret, m.secret]] AS leak",
    "CALL dbms.showCurrentUser() YIELD username RETURN [(n)-[*0..0]-(m) | properties(n)] AS leak",
    "CALL dbms.showCurrentUser() YIELD username WHERE size([(n)-->(m) | 1]) > 0 RETURN username",
    "CALL dbms.showCurrentUser() YIELD username RETURN username ORDER BY size([(n)-->(m) | 1])",
    "PROFILE CALL dbms.showCurrentUser() YIELD username RETURN [(n)-[*0..0]-(m) | n.secret] AS leak",
    "EXPLAIN CALL dbms.showCurrentUser() YIELD username RETURN [(n)-[*0..0]-(m) | n.secret] AS leak",
]


@pytest.fixture(scope="module")
def role_drivers(server: ServerProcess, admin: neo4j.Driver) -> Iterator[dict[str, tuple[str, neo4j.Driver]]]:
    """A user name and a driver per role, each logged in as a new account holding only that role."""
    drivers = {}
    for role, password in PASSWORDS.items():
        name = unique_name(role)
        create_user(admin, name, password, role)
        drivers[role] = (name, open_driver(server, (name, password)))
    yield drivers
    for _, driver in drivers.values():
        driver.close()


@pytest.fixture(scope="module")
def secret_graph(admin: neo4j.Driver) -> str:
    """Creates two connected nodes holding a secret, and returns the secret."""
    secret = unique_name("secret")
    admin.execute_query("CREATE (:Vault {secret: $s})-[:GUARDS]->(:Vault {secret: $s})", s=secret)
    return secret


@pytest.mark.parametrize("query", GRAPH_READING_CALLS)
def test_role_none_denied_pattern_reads(
    role_drivers: dict[str, tuple[str, neo4j.Driver]], secret_graph: str, query: str
) -> None:
    _, driver = role_drivers["none"]
    with pytest.raises(Forbidden) as raised:
        driver.execute_query(query)
    assert raised.value.code == "Neo.ClientError.Security.Forbidden"
    assert secret_graph not in str(raised.value)


def test_role_none_denied_pattern_reads_over_http(
    server: ServerProcess, role_drivers: dict[str, tuple[str, neo4j.Driver]], secret_graph: str
) -> None:
    name, _ = role_drivers["none"]
    response = commit(server, (name, PASSWORDS["none"]), GRAPH_READING_CALLS[1])
    assert response.status == 200
    assert [error["code"] for error in response.json["errors"]] == ["Neo.ClientError.Security.Forbidden"]
    assert secret_graph not in response.text


def test_viewer_pattern_reads_allowed(role_drivers: dict[str, tuple[str, neo4j.Driver]], secret_graph: str) -> None:
    _, driver = role_drivers["viewer"]
    records, _, _ = driver.execute_query(
        "CALL dbms.showCurrentUser() YIELD username RETURN [(n:Vault)-->(m) | m.secret] AS found"
    )
    assert records[0]["found"] == [secret_graph]


def test_role_none_keeps_show_current_user(role_drivers: dict[str, tuple[str, neo4j.Driver]]) -> None:
    name, driver = role_drivers["none"]
    records, _, _ = driver.execute_query("CALL dbms.showCurrentUser() YIELD username RETURN username")
    assert [record["username"] for record in records] == [name]


@pytest.mark.parametrize(
    "template",
    [
        "EXPLAIN MATCH (n) CALL {{ CREATE (:{label}) }} RETURN n",
        "EXPLAIN FOREACH (x IN [1] | CREATE (:{label}))",
        "EXPLAIN MERGE (:{label} {{x: 1}})",
        "EXPLAIN UNWIND [1] AS x CALL {{ WITH x CREATE (:{label}) RETURN 1 AS one }} RETURN one",
    ],
)
def test_explain_runs_no_nested_write(admin: neo4j.Driver, template: str) -> None:
    label = unique_name("Explained")
    with admin.session() as session:
        summary = session.run(template.format(label=label)).consume()
    assert summary.plan is not None
    assert summary.counters.nodes_created == 0
    assert count_nodes(admin, label) == 0


def test_explain_rejects_nested_prefix(admin: neo4j.Driver) -> None:
    for query in ["EXPLAIN EXPLAIN RETURN 1", "EXPLAIN PROFILE RETURN 1", "PROFILE EXPLAIN RETURN 1"]:
        with pytest.raises(ClientError) as raised:
            admin.execute_query(query)
        assert raised.value.code == "Neo.ClientError.Statement.SyntaxError", query


def test_profile_respects_read_access_mode(admin: neo4j.Driver) -> None:
    label = unique_name("ReadMode")
    with admin.session(default_access_mode=neo4j.READ_ACCESS) as session:
        with pytest.raises(ClientError) as raised:
            session.run(f"PROFILE CREATE (:{label})").consume()
    assert raised.value.code == "Neo.ClientError.Statement.AccessMode"
    assert count_nodes(admin, label) == 0


def test_explain_plan_omits_parameter_values(admin: neo4j.Driver) -> None:
    secret = unique_name("parameter")
    with admin.session() as session:
        summary = session.run("EXPLAIN MATCH (n) WHERE n.secret = $p CREATE (:Copy {secret: $p})", p=secret).consume()
    assert secret not in str(summary.plan)
