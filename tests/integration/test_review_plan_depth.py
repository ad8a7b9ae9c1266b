"""EXPLAIN and PROFILE of queries whose plans nest thousands of operators, over Bolt and HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from neo4j.exceptions import ClientError

from harness import count_nodes, create_user, open_driver, unique_name
from http_client import commit
from server_process import ServerProcess

VIEWER_PASSWORD = "viewer-password"


def chain(hops: int) -> str:
    """Return a pattern of `hops` relationships in a row: `(a0)-->(a1)-->...`."""
    return "(a0)" + "".join(f"-->(a{index})" for index in range(1, hops + 1))


@pytest.fixture(scope="module")
def viewer(server: ServerProcess, admin: neo4j.Driver) -> Iterator[tuple[str, neo4j.Driver]]:
    name = unique_name("viewer")
    create_user(admin, name, VIEWER_PASSWORD, "viewer")
    driver = open_driver(server, (name, VIEWER_PASSWORD))
    yield name, driver
    driver.close()


@pytest.mark.parametrize("prefix", ["EXPLAIN", "PROFILE"])
def test_deep_plan_rejected_over_bolt(
    server: ServerProcess, admin: neo4j.Driver, viewer: tuple[str, neo4j.Driver], prefix: str
) -> None:
    _, driver = viewer
    with pytest.raises(ClientError) as raised:
        driver.execute_query(f"{prefix} MATCH {chain(3000)} RETURN 1 AS one")
    assert raised.value.code == "Neo.ClientError.Statement.SyntaxError"
    assert "200 nested operators" in (raised.value.message or "")
    assert server.running, server.log_tail()
    records, _, _ = admin.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_deep_plan_rejected_over_http(server: ServerProcess, viewer: tuple[str, neo4j.Driver]) -> None:
    name, _ = viewer
    response = commit(server, (name, VIEWER_PASSWORD), f"EXPLAIN MATCH {chain(3000)} RETURN 1 AS one")
    assert response.status == 200
    assert [error["code"] for error in response.json["errors"]] == ["Neo.ClientError.Statement.SyntaxError"]
    assert server.running, server.log_tail()
    assert commit(server, (name, VIEWER_PASSWORD), "RETURN 1 AS one").json["errors"] == []


def test_deep_profile_writes_nothing(admin: neo4j.Driver) -> None:
    label = unique_name("Deep")
    items = ", ".join(f"n.p{index} = 1" for index in range(300))
    with pytest.raises(ClientError) as raised:
        admin.execute_query(f"PROFILE CREATE (n:{label}) SET {items}")
    assert raised.value.code == "Neo.ClientError.Statement.SyntaxError"
    assert count_nodes(admin, label) == 0


def test_plan_within_limit_decodes(admin: neo4j.Driver) -> None:
    with admin.session() as session:
        plan = session.run(f"EXPLAIN MATCH {chain(150)} RETURN 1 AS one").consume().plan
    depth = 0
    node = plan
    while node is not None:
        depth += 1
        node = node["children"][0] if node["children"] else None
    assert depth == 153
