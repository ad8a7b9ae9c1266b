"""Start a cluster for tests: one throwaway PostgreSQL server and N nornicdb nodes sharing it.

Every node gets free loopback ports, its own data directory and log, the run's admin account and
`NORNICDB_JWT_SECRET`, and the node id `node-<i>` (1-based). Heartbeat interval and member
timeout are short (1 s and 3 s) so tests that kill a node do not wait long.
"""

from __future__ import annotations

import time
from pathlib import Path

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from http_client import request
from postgres_server import PostgresServer
from server_process import ServerProcess

HEARTBEAT_INTERVAL_SECONDS = 1
# Six missed heartbeats before a member counts as down: a loaded test machine can delay a node's
# heartbeat thread by seconds, and a live node reported down breaks the duplicate-id test.
MEMBER_TIMEOUT_SECONDS = 6


class Cluster:
    """A PostgreSQL server and the nornicdb nodes started on one database of it."""

    def __init__(self, root: Path, size: int) -> None:
        self.postgres = PostgresServer()
        self.factory = ServerFactory(root)
        self.size = size
        self.nodes: list[ServerProcess] = []
        self.database = ""

    def start_with(self, extra: dict[str, str] | None = None) -> None:
        """Start PostgreSQL, then the nodes one after another with `extra` settings added."""
        self.postgres.start()
        self.database = self.postgres.create_database()
        for index in range(1, self.size + 1):
            environment = self.node_environment(f"node-{index}")
            environment.update(extra or {})
            self.nodes.append(self.factory.standard(environment))

    def wait_for_members(self, timeout: float = 5.0) -> None:
        """Wait until every node's status endpoint lists all nodes as live.

        Each node rereads the members table once per heartbeat, so the first nodes see the last
        one within an interval of its start.
        """
        expected = sorted(f"node-{index}" for index in range(1, self.size + 1))
        deadline = time.monotonic() + timeout
        while any(sorted(self.live_members(node)) != expected for node in self.nodes):
            if time.monotonic() > deadline:
                raise AssertionError(f"the nodes did not all see each other as live within {timeout} s")
            time.sleep(0.2)

    @staticmethod
    def live_members(node: ServerProcess) -> list[str]:
        """Return the node ids that `node`'s status endpoint reports as live."""
        response = request(node, "GET", "/api/v1/cluster/status", auth=(ADMIN_USER, ADMIN_PASSWORD))
        assert response.status == 200, response.describe()
        members = response.json["members"]  # type: ignore[index]
        return [member["node_id"] for member in members if member["state"] == "live"]

    def node_environment(self, node_id: str) -> dict[str, str]:
        return {
            "NORNICDB_STORAGE_URL": self.postgres.url(self.database),
            "NORNICDB_CLUSTER_NODE_ID": node_id,
            "NORNICDB_CLUSTER_HEARTBEAT_INTERVAL": f"{HEARTBEAT_INTERVAL_SECONDS}s",
            "NORNICDB_CLUSTER_MEMBER_TIMEOUT": f"{MEMBER_TIMEOUT_SECONDS}s",
        }

    def close(self) -> None:
        """Stop the running nodes (each must exit with code 0), then PostgreSQL."""
        try:
            self.factory.close()
        finally:
            self.postgres.close()
