"""EXPLAIN and PROFILE over Bolt and HTTP: the plan the driver returns, index use and permissions."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from neo4j.exceptions import Forbidden

from harness import ADMIN_PASSWORD, ADMIN_USER, count_nodes, create_user, open_driver, unique_name
from http_client import commit
from server_process import ServerProcess


def operators(plan: dict) -> list[str]:
    """Return every operator type of a Bolt plan, depth first."""
    return [plan["operatorType"]] + [name for child in plan["children"] for name in operators(child)]


def find(plan: dict, operator_type: str) -> dict | None:
    if plan["operatorType"] == operator_type:
        return plan
    for child in plan["children"]:
        found = find(child, operator_type)
        if found is not None:
            return found
    return None


@pytest.fixture(scope="module")
def viewer(server: ServerProcess, admin: neo4j.Driver) -> Iterator[neo4j.Driver]:
    name = unique_name("viewer")
    create_user(admin, name, "viewer-password", "viewer")
    driver = open_driver(server, (name, "viewer-password"))
    yield driver
    driver.close()


def test_explain_returns_plan_without_rows(admin: neo4j.Driver) -> None:
    label = unique_name("Explained")
    admin.execute_query(f"CREATE (:{label} {{name: 'a'}})")
    with admin.session() as session:
        result = session.run(f"EXPLAIN MATCH (n:{label}) RETURN n.name AS name")
        assert list(result) == []
        summary = result.consume()
    assert summary.profile is None
    plan = summary.plan
    assert plan is not None
    assert plan["operatorType"] == "ProduceResults"
    assert plan["identifiers"] == ["name"]
    assert operators(plan) == ["ProduceResults", "Projection", "NodeByLabelScan"]
    scan = find(plan, "NodeByLabelScan")
    assert scan is not None
    assert scan["args"]["Details"] == f"n:{label}"


def test_explain_shows_index_seek_after_create_index(admin: neo4j.Driver) -> None:
    label = unique_name("Seek")
    query = f"EXPLAIN MATCH (n:{label}) WHERE n.name = $name RETURN n"
    with admin.session() as session:
        before = session.run(query, name="x").consume().plan
    assert find(before, "NodeIndexSeek") is None
    assert find(before, "NodeByLabelScan") is not None
    admin.execute_query(f"CREATE INDEX FOR (n:{label}) ON (n.name)")
    with admin.session() as session:
        after = session.run(query, name="x").consume().plan
    seek = find(after, "NodeIndexSeek")
    assert seek is not None
    assert f"n:{label}(name)" in seek["args"]["Details"]


def test_explain_write_creates_nothing(admin: neo4j.Driver) -> None:
    label = unique_name("NotMade")
    with admin.session() as session:
        summary = session.run(f"EXPLAIN CREATE (:{label} {{x: 1}})").consume()
    assert find(summary.plan, "Create") is not None
    assert summary.counters.nodes_created == 0
    assert count_nodes(admin, label) == 0


def test_profile_runs_query_with_statistics(admin: neo4j.Driver) -> None:
    label = unique_name("Profiled")
    with admin.session() as session:
        result = session.run(f"PROFILE UNWIND [1, 2, 3] AS x CREATE (n:{label} {{x: x}}) RETURN n.x AS x")
        assert [record["x"] for record in result] == [1, 2, 3]
        summary = result.consume()
    assert summary.plan is None
    profile = summary.profile
    assert profile is not None
    assert profile["operatorType"] == "ProduceResults"
    assert profile["rows"] == 3
    create = find(profile, "Create")
    assert create is not None
    assert create["rows"] == 3
    assert create["dbHits"] == 3
    assert summary.counters.nodes_created == 3
    assert count_nodes(admin, label) == 3


def test_viewer_may_explain_reads(viewer: neo4j.Driver) -> None:
    with viewer.session() as session:
        plan = session.run("EXPLAIN MATCH (n) RETURN count(n)").consume().plan
    assert operators(plan) == ["ProduceResults", "EagerAggregation", "AllNodesScan"]


def test_viewer_denied_explain_create(viewer: neo4j.Driver, admin: neo4j.Driver) -> None:
    label = unique_name("ViewerExplain")
    for prefix in ["EXPLAIN", "PROFILE"]:
        with pytest.raises(Forbidden) as raised:
            viewer.execute_query(f"{prefix} CREATE (:{label})")
        assert raised.value.code == "Neo.ClientError.Security.Forbidden"
    assert count_nodes(admin, label) == 0


def test_explain_schema_command_rejected(admin: neo4j.Driver) -> None:
    with pytest.raises(neo4j.exceptions.ClientError) as raised:
        admin.execute_query("EXPLAIN SHOW INDEXES")
    assert raised.value.code == "Neo.ClientError.Statement.SyntaxError"


def test_http_explain_carries_plan(server: ServerProcess) -> None:
    response = commit(server, (ADMIN_USER, ADMIN_PASSWORD), "EXPLAIN MATCH (n) RETURN n")
    assert response.status == 200
    result = response.json["results"][0]
    assert result["data"] == []
    root = result["plan"]["root"]
    assert root["operatorType"] == "ProduceResults"
    assert [child["operatorType"] for child in root["children"]] == ["Projection"]


def test_http_profile_carries_statistics(server: ServerProcess) -> None:
    response = commit(server, (ADMIN_USER, ADMIN_PASSWORD), "PROFILE UNWIND [1, 2] AS x RETURN x")
    assert response.status == 200
    result = response.json["results"][0]
    assert [row["row"] for row in result["data"]] == [[1], [2]]
    root = result["plan"]["root"]
    assert root["rows"] == 2
    assert "dbHits" in root
