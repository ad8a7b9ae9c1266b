"""Neo4j's transactional HTTP endpoints: each endpoint, row and graph results, stats, ownership.

Data written over HTTP is checked over Bolt with the official driver, and the other way round.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterator

import neo4j
import pytest

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, count_nodes, create_user, unique_name
from http_client import (
    DATABASE,
    FORBIDDEN,
    TRANSACTION_NOT_FOUND,
    Response,
    assert_error,
    commit,
    request,
    statements,
)
from server_process import ServerProcess

ADMIN = (ADMIN_USER, ADMIN_PASSWORD)
TX_PATH = f"/db/{DATABASE}/tx"


@pytest.fixture(scope="module")
def users(admin: neo4j.Driver) -> Iterator[dict[str, tuple[str, str]]]:
    """Local accounts by role, as (user, password): two editors and a viewer."""
    accounts = {}
    for key, role in (("editor", "editor"), ("other editor", "editor"), ("viewer", "viewer")):
        name = unique_name(role)
        password = f"{role}-password-{name}"
        create_user(admin, name, password, role)
        accounts[key] = (name, password)
    yield accounts


def begin(server: ServerProcess, auth: object, *items: object) -> tuple[Response, str]:
    """Open a transaction with `POST /db/{db}/tx`; return the response and the transaction's path."""
    response = request(server, "POST", TX_PATH, statements(*items), auth=auth)  # type: ignore[arg-type]
    assert response.status == 201, response.describe()
    location = response.headers.get("Location", "")
    assert f"/db/{DATABASE}/tx/" in location, response.headers
    path = location[location.index(f"/db/{DATABASE}/tx/") :]
    return response, path


def rows(response: Response, index: int = 0) -> list[list[object]]:
    return [entry["row"] for entry in response.json["results"][index]["data"]]


def test_commit_endpoint_round_trip(server: ServerProcess) -> None:
    parameterized = ("RETURN $x AS x, $y AS y", {"x": 41, "y": "text"})
    response = commit(server, ADMIN, parameterized, "UNWIND [1, 2] AS n RETURN n")
    assert response.status == 200, response.describe()
    assert response.json["errors"] == []
    first, second = response.json["results"]
    assert first["columns"] == ["x", "y"]
    assert rows(response, 0) == [[41, "text"]]
    assert second["columns"] == ["n"]
    assert rows(response, 1) == [[1], [2]]
    assert "commit" not in response.json
    assert "transaction" not in response.json


def test_empty_statements_commit(server: ServerProcess) -> None:
    response = commit(server, ADMIN)
    assert response.status == 200, response.describe()
    assert response.json["results"] == []
    assert response.json["errors"] == []


def test_parameter_types(server: ServerProcess) -> None:
    parameters = {"i": 7, "f": 1.5, "s": "é", "b": True, "n": None, "l": [1, "two"], "m": {"k": [1.0]}}
    response = commit(server, ADMIN, ("RETURN $i, $f, $s, $b, $n, $l, $m", parameters))
    assert response.status == 200, response.describe()
    assert rows(response) == [[7, 1.5, "é", True, None, [1, "two"], {"k": [1.0]}]]


TEMPORAL_TEXTS = [
    "2020-06-01T12:00+02:00[Europe/Berlin]",
    "2020-01-15T12:00:30.500+01:00[Europe/Berlin]",
    "2020-06-01T12:00-05:00",
    "2020-06-01T12:00:00.000000001",
    "2020-06-01",
    "12:00+01:00",
    "12:00:01.123456",
    "P1Y2M3DT4H5M6.5S",
    "PT-1M-0.001S",
]


def test_temporal_values_match_to_string(server: ServerProcess) -> None:
    query = (
        "WITH [datetime($t[0]), datetime($t[1]), datetime($t[2]), localdatetime($t[3]), date($t[4]), "
        "time($t[5]), localtime($t[6]), duration($t[7]), duration($t[8])] AS values "
        "RETURN values, [value IN values | toString(value)] AS texts"
    )
    response = commit(server, ADMIN, (query, {"t": TEMPORAL_TEXTS}))
    assert response.status == 200, response.describe()
    assert response.json["errors"] == [], response.describe()
    [[values, texts]] = rows(response)
    assert values == TEMPORAL_TEXTS
    assert texts == TEMPORAL_TEXTS


def test_committed_data_visible_over_bolt(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("HttpCommitted")
    response = commit(server, ADMIN, f"CREATE (:{label} {{n: 1}})", f"CREATE (:{label} {{n: 2}})")
    assert response.json["errors"] == [], response.describe()
    assert count_nodes(admin, label) == 2


def test_bolt_data_visible_over_http(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("BoltMade")
    admin.execute_query(f"CREATE (:{label} {{name: 'bolt'}})")
    response = commit(server, ADMIN, f"MATCH (n:{label}) RETURN n.name AS name")
    assert rows(response) == [["bolt"]]


def test_statement_error_rolls_back(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("HttpFailed")
    response = commit(server, ADMIN, f"CREATE (:{label})", "RETURN nonsense(", f"CREATE (:{label})")
    assert response.status == 200, response.describe()
    assert response.error_codes == ["Neo.ClientError.Statement.SyntaxError"], response.describe()
    # Only the statement that ran before the error has a result.
    assert len(response.json["results"]) == 1
    assert count_nodes(admin, label) == 0


def test_open_run_commit(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("HttpExplicit")
    opened, path = begin(server, ADMIN, f"CREATE (:{label} {{step: 1}})")
    assert opened.json["errors"] == []
    assert opened.json["commit"].endswith(path + "/commit"), opened.json
    expires = email.utils.parsedate_to_datetime(opened.json["transaction"]["expires"])
    assert expires.timestamp() > time.time()
    assert count_nodes(admin, label) == 0, "uncommitted data is visible to another session"

    body = statements(f"CREATE (:{label} {{step: 2}})", f"MATCH (n:{label}) RETURN count(n)")
    more = request(server, "POST", path, body, auth=ADMIN)
    assert more.status == 200, more.describe()
    assert rows(more, 1) == [[2]]
    assert more.json["commit"].endswith(path + "/commit")
    assert "expires" in more.json["transaction"]

    done = request(server, "POST", path + "/commit", statements(f"CREATE (:{label} {{step: 3}})"), auth=ADMIN)
    assert done.status == 200, done.describe()
    assert done.json["errors"] == []
    assert "commit" not in done.json
    assert "transaction" not in done.json
    assert isinstance(done.json.get("lastBookmarks"), list), done.json
    assert count_nodes(admin, label) == 3
    assert_error(request(server, "POST", path, statements(), auth=ADMIN), 404, TRANSACTION_NOT_FOUND)


def test_rollback_discards(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("HttpRolledBack")
    _, path = begin(server, ADMIN, f"CREATE (:{label})")
    response = request(server, "DELETE", path, auth=ADMIN)
    assert response.status == 200, response.describe()
    assert response.json == {"results": [], "errors": []}
    assert count_nodes(admin, label) == 0
    assert_error(request(server, "POST", path + "/commit", statements(), auth=ADMIN), 404, TRANSACTION_NOT_FOUND)


def test_error_in_open_transaction_forgets_it(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("HttpBroken")
    _, path = begin(server, ADMIN, f"CREATE (:{label})")
    failed = request(server, "POST", path, statements("RETURN 1/0"), auth=ADMIN)
    assert failed.status == 200, failed.describe()
    assert failed.error_codes, failed.describe()
    assert_error(request(server, "POST", path + "/commit", statements(), auth=ADMIN), 404, TRANSACTION_NOT_FOUND)
    assert count_nodes(admin, label) == 0


def test_other_user_cannot_use_transaction(
    server: ServerProcess, admin: neo4j.Driver, users: dict[str, tuple[str, str]]
) -> None:
    label = unique_name("HttpOwned")
    owner, intruder = users["editor"], users["other editor"]
    _, path = begin(server, owner, f"CREATE (:{label})")
    for auth in (intruder, ADMIN):
        more = request(server, "POST", path, statements(f"CREATE (:{label})"), auth=auth)
        assert_error(more, 404, TRANSACTION_NOT_FOUND)
        assert_error(request(server, "POST", path + "/commit", statements(), auth=auth), 404, TRANSACTION_NOT_FOUND)
        assert_error(request(server, "DELETE", path, auth=auth), 404, TRANSACTION_NOT_FOUND)
    assert_error(request(server, "POST", path, statements()), 401)
    # The owner's transaction survived the attempts and still commits.
    done = request(server, "POST", path + "/commit", statements(), auth=owner)
    assert done.status == 200, done.describe()
    assert done.json["errors"] == []
    assert count_nodes(admin, label) == 1


def test_viewer_delete_forbidden_commit(
    server: ServerProcess, admin: neo4j.Driver, users: dict[str, tuple[str, str]]
) -> None:
    label = unique_name("HttpKeep")
    admin.execute_query(f"CREATE (:{label}), (:{label})")
    response = commit(server, users["viewer"], "MATCH (n) DELETE n")
    assert response.status == 200, response.describe()
    assert response.error_codes == [FORBIDDEN], response.describe()
    assert count_nodes(admin, label) == 2


def test_viewer_delete_forbidden_explicit(
    server: ServerProcess, admin: neo4j.Driver, users: dict[str, tuple[str, str]]
) -> None:
    label = unique_name("HttpKeepExplicit")
    admin.execute_query(f"CREATE (:{label}), (:{label})")
    viewer = users["viewer"]

    opened = request(server, "POST", TX_PATH, statements("MATCH (n) DELETE n"), auth=viewer)
    assert opened.status in (200, 201), opened.describe()
    assert opened.error_codes == [FORBIDDEN], opened.describe()
    location = opened.headers.get("Location")
    if location:
        # The failed statement rolled the transaction back, so committing it must not delete.
        path = location[location.index(TX_PATH) :]
        committed = request(server, "POST", path + "/commit", statements(), auth=viewer)
        assert committed.status == 404, committed.describe()
    assert count_nodes(admin, label) == 2

    _, path = begin(server, viewer)
    response = request(server, "POST", path + "/commit", statements("MATCH (n) DELETE n"), auth=viewer)
    assert response.status == 200, response.describe()
    assert response.error_codes == [FORBIDDEN], response.describe()
    assert count_nodes(admin, label) == 2


def test_access_mode_read(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("HttpReadMode")
    body = statements(f"CREATE (:{label})")
    response = request(server, "POST", f"{TX_PATH}/commit", body, auth=ADMIN, headers={"Access-Mode": "READ"})
    assert response.status == 200, response.describe()
    assert response.error_codes == ["Neo.ClientError.Statement.AccessMode"], response.describe()
    assert count_nodes(admin, label) == 0


def test_row_and_graph_contents(server: ServerProcess) -> None:
    label = unique_name("HttpGraph")
    body = statements(
        {
            "statement": f"CREATE (a:{label} {{name: 'a'}})-[r:KNOWS {{since: 2020}}]->(b:{label} {{name: 'b'}}) "
            "RETURN a, r, b, a AS again",
            "resultDataContents": ["row", "graph"],
        }
    )
    response = request(server, "POST", f"{TX_PATH}/commit", body, auth=ADMIN)
    assert response.status == 200, response.describe()
    assert response.json["errors"] == []
    entry = response.json["results"][0]["data"][0]
    assert entry["row"] == [{"name": "a"}, {"since": 2020}, {"name": "b"}, {"name": "a"}]
    assert [meta["type"] for meta in entry["meta"]] == ["node", "relationship", "node", "node"]
    assert all(meta["deleted"] is False and meta["elementId"] for meta in entry["meta"])
    graph = entry["graph"]
    # The node returned twice appears once.
    assert len(graph["nodes"]) == 2, graph
    assert len(graph["relationships"]) == 1, graph
    nodes = {node["properties"]["name"]: node for node in graph["nodes"]}
    assert nodes["a"]["labels"] == [label]
    assert isinstance(nodes["a"]["id"], str)
    relationship = graph["relationships"][0]
    assert relationship["type"] == "KNOWS"
    assert relationship["startNode"] == nodes["a"]["id"]
    assert relationship["endNode"] == nodes["b"]["id"]
    assert relationship["properties"] == {"since": 2020}


def test_graph_only_contents(server: ServerProcess) -> None:
    body = statements({"statement": "RETURN 1 AS one", "resultDataContents": ["graph"]})
    response = request(server, "POST", f"{TX_PATH}/commit", body, auth=ADMIN)
    assert response.status == 200, response.describe()
    entry = response.json["results"][0]["data"][0]
    assert "row" not in entry
    assert entry["graph"] == {"nodes": [], "relationships": []}


def test_unknown_result_content_rejected(server: ServerProcess) -> None:
    body = statements({"statement": "RETURN 1", "resultDataContents": ["rest"]})
    assert_error(request(server, "POST", f"{TX_PATH}/commit", body, auth=ADMIN), 400)


def test_include_stats(server: ServerProcess) -> None:
    label = unique_name("HttpStats")
    body = statements(
        {"statement": f"CREATE (:{label} {{a: 1, b: 2}}), (:{label})", "includeStats": True},
        {"statement": "RETURN 1"},
    )
    response = request(server, "POST", f"{TX_PATH}/commit", body, auth=ADMIN)
    assert response.status == 200, response.describe()
    stats = response.json["results"][0]["stats"]
    assert stats["contains_updates"] is True
    assert stats["nodes_created"] == 2
    assert stats["properties_set"] == 2
    assert stats["labels_added"] == 2
    for key in (
        "nodes_deleted",
        "relationships_created",
        "relationship_deleted",
        "labels_removed",
        "indexes_added",
        "indexes_removed",
        "constraints_added",
        "constraints_removed",
        "contains_system_updates",
        "system_updates",
    ):
        assert key in stats, f"stats lack {key}: {stats}"
    assert "stats" not in response.json["results"][1]


def test_idle_timeout_rolls_back(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_HTTP_TRANSACTION_IDLE_TIMEOUT": "2"})
    label = unique_name("HttpIdle")

    # Keep-alive requests inside the timeout reset the deadline, so this one outlives it.
    _, kept = begin(server, ADMIN, f"CREATE (:{label} {{kept: true}})")
    for _ in range(3):
        time.sleep(1.0)
        alive = request(server, "POST", kept, statements(), auth=ADMIN)
        assert alive.status == 200, alive.describe()
    done = request(server, "POST", kept + "/commit", statements(), auth=ADMIN)
    assert done.status == 200, done.describe()

    _, idle = begin(server, ADMIN, f"CREATE (:{label} {{kept: false}})")
    time.sleep(3.5)
    assert_error(request(server, "POST", idle + "/commit", statements(), auth=ADMIN), 404, TRANSACTION_NOT_FOUND)
    with neo4j.GraphDatabase.driver(server.uri, auth=ADMIN) as driver:
        records, _, _ = driver.execute_query(f"MATCH (n:{label}) RETURN n.kept AS kept")
    assert [record["kept"] for record in records] == [True]
