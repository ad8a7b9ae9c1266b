"""Three nodes on one PostgreSQL database: routing tables, failover, status and shared tokens.

One module-scoped cluster serves every test, in file order, because starting three nodes takes
a few seconds: the tests before `test_killed_node_leaves_routing` see three live nodes, the
ones after see node 3 killed. The last test checks the status endpoint of a server outside
cluster mode.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from bolt_wire import HELLO, LOGON, SUCCESS, BoltSocket, version_slot
from cluster import MEMBER_TIMEOUT_SECONDS, Cluster
from harness import ADMIN_PASSWORD, ADMIN_USER, open_driver
from http_client import request
from postgres_server import binary_directory
from server_process import ServerProcess, ServerStartError

ROUTE = 0x66
STATUS_PATH = "/api/v1/cluster/status"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if binary_directory() is None:
        pytest.skip("PostgreSQL is not installed (scripts/setup.sh installs it)")
    started = Cluster(tmp_path_factory.mktemp("cluster"), size=3)
    # Debug logs record each Bolt login, which shows which node served a connection.
    started.start_with({"NORNICDB_LOG_LEVEL": "debug"})
    # Each node rereads the members table once per heartbeat, so the first ones see the last
    # one joined within an interval.
    expected = sorted(address(node) for node in started.nodes)
    deadline = time.monotonic() + 5
    while any(sorted(route(node)["READ"]) != expected for node in started.nodes):
        assert time.monotonic() < deadline, "the nodes did not see each other within 5 s"
        time.sleep(0.2)
    yield started
    started.close()


def address(node: ServerProcess) -> str:
    return f"{node.address}:{node.bolt_port}"


def route(node: ServerProcess) -> dict[str, list[str]]:
    """Send ROUTE to `node` as admin and return each role's addresses."""
    with BoltSocket(node.address, node.bolt_port) as bolt:
        bolt.handshake(version_slot(5, 4, 4))
        bolt.send(HELLO, {"user_agent": "cluster-test/1.0", "routing": {"address": address(node)}})
        assert bolt.receive().tag == SUCCESS
        bolt.send(LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD})
        assert bolt.receive().tag == SUCCESS
        bolt.send(ROUTE, {"address": address(node)}, [], {})
        reply = bolt.receive()
    assert reply.tag == SUCCESS, reply
    table = reply.fields[0]["rt"]  # type: ignore[index]
    assert table["ttl"] <= 10, table
    return {server["role"]: server["addresses"] for server in table["servers"]}


def logins(node: ServerProcess) -> int:
    """Count the Bolt logins in `node`'s debug log."""
    return node.log_text().count("[bolt] authenticated ")


def status(node: ServerProcess, auth: object = (ADMIN_USER, ADMIN_PASSWORD)) -> dict[str, dict[str, object]]:
    response = request(node, "GET", STATUS_PATH, auth=auth)  # type: ignore[arg-type]
    assert response.status == 200, response.describe()
    body = response.json
    assert body["cluster"] is True, body  # type: ignore[index]
    return {member["node_id"]: member for member in body["members"]}  # type: ignore[index]


def test_route_lists_every_node(cluster: Cluster) -> None:
    expected = sorted(address(node) for node in cluster.nodes)
    table = route(cluster.nodes[0])
    for role in ("ROUTE", "READ", "WRITE"):
        assert sorted(table[role]) == expected, table
    assert table["WRITE"][0] == address(cluster.nodes[0])


def test_driver_spreads_queries(cluster: Cluster) -> None:
    before = [logins(node) for node in cluster.nodes]
    uri = f"neo4j://{address(cluster.nodes[0])}"
    with neo4j.GraphDatabase.driver(uri, auth=(ADMIN_USER, ADMIN_PASSWORD)) as driver:
        driver.execute_query("CREATE (:Spread {i: 0})")
        sessions = [driver.session(default_access_mode=neo4j.READ_ACCESS) for _ in range(9)]
        try:
            # The driver picks a reader for each session's query by its load balancing.
            for session in sessions:
                session.run("MATCH (n:Spread) RETURN count(n) AS count").single()
        finally:
            for session in sessions:
                session.close()
    served = [logins(node) - count for node, count in zip(cluster.nodes, before, strict=True)]
    assert sum(1 for count in served if count > 0) >= 2, served


def test_status_lists_three_live_members(cluster: Cluster) -> None:
    members = status(cluster.nodes[0])
    assert sorted(members) == ["node-1", "node-2", "node-3"]
    for node_id, member in members.items():
        assert member["state"] == "live", member
        assert member["reachable"] is True, member
        assert isinstance(member["latency_ms"], float), member
        assert member["version"], member
    assert members["node-2"]["address"] == address(cluster.nodes[1])


def test_status_requires_admin(cluster: Cluster) -> None:
    response = request(cluster.nodes[0], "GET", STATUS_PATH)
    assert response.status == 401, response.describe()


def test_login_token_works_on_every_node(cluster: Cluster) -> None:
    response = request(
        cluster.nodes[0], "POST", "/api/v1/auth/token", {"username": ADMIN_USER, "password": ADMIN_PASSWORD}
    )
    assert response.status == 200, response.describe()
    token = response.json["access_token"]  # type: ignore[index]
    for node in cluster.nodes[1:]:
        with open_driver(node, neo4j.bearer_auth(token)) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one")
            assert records[0]["one"] == 1
        assert status(node, auth=token)["node-1"]["state"] == "live"


def test_duplicate_node_id_rejected(cluster: Cluster) -> None:
    # Several tries, because the refused server once crashed on exit while its thread listening
    # for security changes was still logging in to PostgreSQL.
    for _ in range(5):
        duplicate = cluster.factory.standard(cluster.node_environment("node-2"), start=False)
        with pytest.raises(ServerStartError, match="exited with code 1 during start-up"):
            duplicate.start()
        log = duplicate.log_text()
        assert "in use by a live member" in log
        assert "node-2" in log


def test_killed_node_leaves_routing(cluster: Cluster) -> None:
    uri = f"neo4j://{address(cluster.nodes[0])}"
    killed = cluster.nodes[2]
    with neo4j.GraphDatabase.driver(uri, auth=(ADMIN_USER, ADMIN_PASSWORD)) as driver:
        driver.execute_query("RETURN 1")
        killed.kill()
        deadline = time.monotonic() + MEMBER_TIMEOUT_SECONDS + 3
        # The driver drops the dead address on its first failed connection and retries elsewhere.
        for i in range(20):
            records, _, _ = driver.execute_query("RETURN $i AS i", i=i, routing_=neo4j.RoutingControl.READ)
            assert records[0]["i"] == i
        while address(killed) in route(cluster.nodes[0])["READ"]:
            assert time.monotonic() < deadline, "node 3 stayed in the routing table after the member timeout"
            time.sleep(0.5)
        for role, addresses in route(cluster.nodes[1]).items():
            assert address(killed) not in addresses, (role, addresses)
        records, _, _ = driver.execute_query("RETURN 2 AS two")
        assert records[0]["two"] == 2


def test_status_shows_killed_node_down(cluster: Cluster) -> None:
    members = status(cluster.nodes[0])
    assert members["node-3"]["state"] == "down", members["node-3"]
    assert members["node-3"]["reachable"] is False, members["node-3"]
    assert members["node-3"]["error"], members["node-3"]
    assert members["node-2"]["state"] == "live", members["node-2"]


def test_status_without_cluster(server: ServerProcess) -> None:
    response = request(server, "GET", STATUS_PATH, auth=(ADMIN_USER, ADMIN_PASSWORD))
    assert response.status == 200, response.describe()
    body = response.json
    assert body["cluster"] is False, body  # type: ignore[index]
    assert body["node_id"] is None, body  # type: ignore[index]
    [member] = body["members"]  # type: ignore[index]
    assert member["address"] == address(server), member
    assert member["state"] == "live", member
    assert member["reachable"] is True, member
