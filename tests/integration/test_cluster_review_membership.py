"""Attacks on cluster membership, ROUTE and the status endpoint, on two nodes sharing PostgreSQL.

One module-scoped cluster serves every test in file order. The stall test stops node 2 with
SIGSTOP past the member timeout and resumes it, so later tests see it live again.
"""

from __future__ import annotations

import os
import socket
import threading
import signal
import time
from collections.abc import Iterator

import pytest

from bolt_wire import FAILURE, HELLO, LOGON, SUCCESS, BoltSocket, version_slot
from cluster import MEMBER_TIMEOUT_SECONDS, Cluster
from harness import ADMIN_PASSWORD, ADMIN_USER, create_user, admin_driver, mint_token, unique_name
from http_client import request
from postgres_server import binary_directory

ROUTE = 0x66
STATUS_PATH = "/api/v1/cluster/status"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if binary_directory() is None:
        pytest.skip("PostgreSQL is not installed (scripts/setup.sh installs it)")
    started = Cluster(tmp_path_factory.mktemp("cluster"), size=2)
    started.start_with()
    yield started
    started.close()


def route_reply(cluster: Cluster, *, login: bool, database: str | None = None) -> object:
    node = cluster.nodes[0]
    with BoltSocket(node.address, node.bolt_port) as bolt:
        bolt.handshake(version_slot(5, 4, 4))
        bolt.send(HELLO, {"user_agent": "cluster-review/1.0", "routing": {"address": "x:1"}})
        assert bolt.receive().tag == SUCCESS
        if login:
            bolt.send(LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD})
            assert bolt.receive().tag == SUCCESS
        bolt.send(ROUTE, {"address": "x:1"}, [], {"db": database} if database else {})
        return bolt.receive()


def member_states(cluster: Cluster) -> dict[str, str]:
    response = request(cluster.nodes[0], "GET", STATUS_PATH, auth=(ADMIN_USER, ADMIN_PASSWORD))
    assert response.status == 200, response.describe()
    return {m["node_id"]: m["state"] for m in response.json["members"]}  # type: ignore[index]


def test_route_before_logon_rejected(cluster: Cluster) -> None:
    reply = route_reply(cluster, login=False)
    assert reply.tag == FAILURE, reply  # type: ignore[attr-defined]


def test_route_unknown_database_rejected(cluster: Cluster) -> None:
    reply = route_reply(cluster, login=True, database="nosuchdb")
    assert reply.tag == FAILURE, reply  # type: ignore[attr-defined]
    assert reply.fields[0]["code"] == "Neo.ClientError.Database.DatabaseNotFound"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "token",
    [
        mint_token("cluster:node-9", ["admin"], lifetime=-600),
        mint_token("cluster:node-9", ["admin"], secret="another-clusters-secret-0123456789abcdef"),
    ],
    ids=["expired", "other-secret"],
)
def test_status_rejects_bad_cluster_token(cluster: Cluster, token: str) -> None:
    response = request(cluster.nodes[0], "GET", STATUS_PATH, auth=token)  # type: ignore[arg-type]
    assert response.status == 401, response.describe()


def test_status_rejects_viewer(cluster: Cluster) -> None:
    name = unique_name("viewer")
    with admin_driver(cluster.nodes[0]) as driver:
        create_user(driver, name, "viewer-password", "viewer")
    response = request(cluster.nodes[0], "GET", STATUS_PATH, auth=(name, "viewer-password"))
    assert response.status == 403, response.describe()


def test_status_and_logs_hide_storage_password(cluster: Cluster) -> None:
    response = request(cluster.nodes[0], "GET", STATUS_PATH, auth=(ADMIN_USER, ADMIN_PASSWORD))
    assert response.status == 200, response.describe()
    password = cluster.postgres.password
    assert password not in str(response.json)
    assert "postgres://" not in str(response.json)
    for node in cluster.nodes:
        assert password not in node.log_text()


def test_stalled_node_returns_live(cluster: Cluster) -> None:
    stalled = cluster.nodes[1]
    pid = stalled.process.pid  # type: ignore[union-attr]
    os.kill(pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + MEMBER_TIMEOUT_SECONDS + 4
        while member_states(cluster).get("node-2") != "down":
            assert time.monotonic() < deadline, "node-2 was not reported down while stopped"
            time.sleep(0.2)
    finally:
        os.kill(pid, signal.SIGCONT)
    deadline = time.monotonic() + 5
    while member_states(cluster).get("node-2") != "live":
        assert time.monotonic() < deadline, "node-2 did not return live after SIGCONT"
        time.sleep(0.2)
    assert "took over this cluster node id" not in stalled.log_text()


def test_status_sends_no_token_to_down_member(cluster: Cluster) -> None:
    """A down member's address may belong to another host by now, so it must not get a token."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(3)
    port = listener.getsockname()[1]
    cluster.postgres.psql(
        cluster.database,
        "INSERT INTO nornicdb.members (node_id, address, version, incarnation, started_at, last_heartbeat) "
        f"VALUES ('node-stale', '127.0.0.1:{port}', '0', 'stale', now(), now() - interval '1 hour')",
    )
    received = bytearray()

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.settimeout(2)
            # Accept Bolt 5.4 and answer every later message with SUCCESS {}, so that a client
            # that would log in gets as far as sending LOGON.
            try:
                while chunk := connection.recv(65536):
                    before = len(received)
                    received.extend(chunk)
                    if before < 20 <= len(received):
                        connection.sendall(bytes([0, 0, 4, 5]))
                    elif before >= 20:
                        connection.sendall(bytes([0, 3, 0xB1, 0x70, 0xA0, 0, 0]))
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 3
        while "node-stale" not in member_states(cluster):
            assert time.monotonic() < deadline, "the inserted member never appeared"
            time.sleep(0.2)
        response = request(cluster.nodes[0], "GET", STATUS_PATH, auth=(ADMIN_USER, ADMIN_PASSWORD))
        assert response.status == 200, response.describe()
        stale = {m["node_id"]: m for m in response.json["members"]}["node-stale"]  # type: ignore[index]
        assert stale["state"] == "down", stale
        assert stale["reachable"] is False, stale
    finally:
        listener.close()
        thread.join(5)
    assert b"bearer" not in bytes(received)
