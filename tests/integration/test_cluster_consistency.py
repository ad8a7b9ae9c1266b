"""Three nodes on one PostgreSQL database write one graph without losing or doubling anything.

Writers on every node, through each node's own `bolt://` address and through `neo4j://` routing,
use `execute_write`, so the driver retries the transient errors that lock waits and per-user
statement limits cause. A PostgreSQL restart in the middle must fail queries with a transient
error and leave every node able to serve again once PostgreSQL is back, without a node restart.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import neo4j
import pytest

from cluster import Cluster
from harness import admin_driver, count_nodes, create_user
from postgres_server import binary_directory
from server_process import ServerProcess

# Each node runs at most 4 statements of one user at once and rejects the next with a transient
# error. Three admin threads per node stay under that limit, and the routed threads use another
# user, so retries come mostly from lock waits.
THREADS_PER_NODE = 3
ROUTED_THREADS = 3
RETRY_SECONDS = 30.0
RECOVERY_SECONDS = 20.0
# The routed writers log in as their own user, so each node's log shows whether they reached it.
ROUTED_USER = "routed_writer"
ROUTED_PASSWORD = "routed-writer-password"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if binary_directory() is None:
        pytest.skip("PostgreSQL is not installed (scripts/setup.sh installs it)")
    started = Cluster(tmp_path_factory.mktemp("cluster"), size=3)
    # Debug logs record each Bolt login, which shows which nodes the routed writers reached.
    started.start_with({"NORNICDB_LOG_LEVEL": "debug"})
    started.wait_for_members()
    with admin_driver(started.nodes[0]) as driver:
        create_user(driver, ROUTED_USER, ROUTED_PASSWORD, role="editor")
    yield started
    started.close()


def logins(node: ServerProcess, user: str) -> int:
    """Count the Bolt logins of `user` in `node`'s debug log."""
    return node.log_text().count(f"[bolt] authenticated auth.principal={user} ")


def routing_driver(node: ServerProcess) -> neo4j.Driver:
    """Open a `neo4j://` driver that starts from `node` and spreads writes over the routing table."""
    return neo4j.GraphDatabase.driver(
        f"neo4j://{node.address}:{node.bolt_port}",
        auth=(ROUTED_USER, ROUTED_PASSWORD),
        connection_timeout=5.0,
        max_transaction_retry_time=RETRY_SECONDS,
    )


def writer_drivers(cluster: Cluster) -> list[neo4j.Driver]:
    """Return THREADS_PER_NODE entries per node's `bolt://` driver, then ROUTED_THREADS routed ones."""
    drivers: list[neo4j.Driver] = []
    for node in cluster.nodes:
        driver = admin_driver(node, max_transaction_retry_time=RETRY_SECONDS)
        drivers.extend([driver] * THREADS_PER_NODE)
    routed = routing_driver(cluster.nodes[0])
    drivers.extend([routed] * ROUTED_THREADS)
    return drivers


def run_writers(drivers: list[neo4j.Driver], write: neo4j.api.ManagedTransaction, rounds: int) -> None:
    """Run `write(tx, round)` `rounds` times on every entry of `drivers`, one thread per entry."""

    def work(driver: neo4j.Driver) -> None:
        with driver.session() as session:
            for index in range(rounds):
                session.execute_write(write, index)

    try:
        with ThreadPoolExecutor(len(drivers)) as pool:
            for future in [pool.submit(work, driver) for driver in drivers]:
                future.result()
    finally:
        for driver in set(drivers):
            driver.close()


def test_increments_from_all_nodes_add_up(cluster: Cluster) -> None:
    rounds = 10
    with admin_driver(cluster.nodes[0]) as driver:
        driver.execute_query("CREATE (:Counter {id: 1, n: 0})")

    def increment(tx: neo4j.ManagedTransaction, _: int) -> None:
        tx.run("MATCH (c:Counter {id: 1}) SET c.n = c.n + 1").consume()

    drivers = writer_drivers(cluster)
    run_writers(drivers, increment, rounds)  # type: ignore[arg-type]
    expected = len(drivers) * rounds
    routed_logins = [logins(node, ROUTED_USER) for node in cluster.nodes]
    assert sum(1 for count in routed_logins if count > 0) >= 2, routed_logins
    for node in cluster.nodes:
        with admin_driver(node) as driver:
            records, _, _ = driver.execute_query("MATCH (c:Counter {id: 1}) RETURN c.n AS n")
        assert [record["n"] for record in records] == [expected], node.uri


def test_merge_from_all_nodes_creates_one_node(cluster: Cluster) -> None:
    keys = 15

    def merge(tx: neo4j.ManagedTransaction, key: int) -> None:
        tx.run("MERGE (:Key {k: $k})", k=key).consume()

    run_writers(writer_drivers(cluster), merge, keys)  # type: ignore[arg-type]
    with admin_driver(cluster.nodes[1]) as driver:
        records, _, _ = driver.execute_query("MATCH (n:Key) RETURN n.k AS k, count(*) AS copies ORDER BY k")
    assert [record["k"] for record in records] == list(range(keys))
    assert [record["copies"] for record in records] == [1] * keys


def query_error_code(node: ServerProcess, statement: str) -> str | None:
    """Run `statement` on `node` once and return the Neo4j code it fails with, or None on success."""
    with admin_driver(node, max_transaction_retry_time=0.0) as driver:
        try:
            driver.execute_query(statement)
        except neo4j.exceptions.Neo4jError as error:
            return error.code or "no code"
    return None


def wait_until_serving(node: ServerProcess, label: str) -> int:
    """Count `label` nodes on `node`, retrying until it reaches PostgreSQL again."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    with admin_driver(node, max_transaction_retry_time=0.0) as driver:
        while True:
            try:
                return count_nodes(driver, label)
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def test_postgres_restart_keeps_writes(cluster: Cluster) -> None:
    per_node = 20
    for index, node in enumerate(cluster.nodes):
        with admin_driver(node) as driver:
            driver.execute_query(
                "UNWIND range(1, $count) AS i CREATE (:Before {node: $node, i: i})", count=per_node, node=index
            )
    cluster.postgres.stop()
    try:
        for node in cluster.nodes:
            code = query_error_code(node, "MATCH (n:Before) RETURN count(n) AS count")
            assert code is not None, f"{node.uri} answered with PostgreSQL stopped"
            assert code.startswith("Neo.TransientError."), f"{node.uri}: {code}"
            write_code = query_error_code(node, "CREATE (:During)")
            assert write_code is not None, f"{node.uri} wrote with PostgreSQL stopped"
            assert write_code.startswith("Neo.TransientError."), f"{node.uri}: {write_code}"
    finally:
        cluster.postgres.start()
    for node in cluster.nodes:
        assert wait_until_serving(node, "Before") == per_node * len(cluster.nodes), node.uri
        assert node.running
    for index, node in enumerate(cluster.nodes):
        with admin_driver(node) as driver:
            driver.execute_query("CREATE (:After {node: $node})", node=index)
    with admin_driver(cluster.nodes[2]) as driver:
        assert count_nodes(driver, "After") == len(cluster.nodes)
        assert count_nodes(driver, "During") == 0
