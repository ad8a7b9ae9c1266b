"""Three servers on one PostgreSQL database apply each other's security changes within a second.

Each server listens for the changes the others announce with NOTIFY and reloads what they name,
and all of them count failed logins per principal in one table. A change is made on one node
and checked on another, on a new connection and on one opened before the change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import neo4j
import pytest
from neo4j.exceptions import Forbidden

from cluster import Cluster
from harness import ADMIN_PASSWORD, ADMIN_USER, admin_driver, create_user, login_code, open_driver, unique_name
from http_client import cluster_token, commit, request
from postgres_server import binary_directory
from server_process import ServerProcess

# The maximum time a change may take to reach another node, in seconds.
SYNC_SECONDS = 1.0
PASSWORD = "cluster-password"
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Three servers with the same JWT secret on one PostgreSQL database."""
    if binary_directory() is None:
        pytest.skip("PostgreSQL is not installed (scripts/setup.sh installs it)")
    started = Cluster(tmp_path_factory.mktemp("cluster"), size=3)
    started.start_with({"NORNICDB_LOCKOUT_DURATION": "60s", "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0"})
    yield started
    started.close()


@pytest.fixture(scope="module")
def nodes(cluster: Cluster) -> list[ServerProcess]:
    return cluster.nodes


def wait_for(check: Callable[[], bool], timeout: float = SYNC_SECONDS) -> float:
    """Call `check` until it returns true; return the seconds that took, or fail after `timeout`."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"condition still false after {timeout} s")
        time.sleep(0.02)


def run_on(node: ServerProcess, statement: str) -> None:
    with admin_driver(node) as driver:
        driver.execute_query(statement, database_="system")


def new_user(nodes: list[ServerProcess], role: str) -> str:
    """Create a user on the first node and wait until every node accepts its login."""
    name = unique_name("synced")
    with admin_driver(nodes[0]) as driver:
        create_user(driver, name, PASSWORD, role)
    for node in nodes:
        wait_for(lambda: login_code(node, name, PASSWORD) is None)
    return name


def can_write(driver: neo4j.Driver, label: str) -> bool:
    try:
        driver.execute_query(f"CREATE (:{label})")
    except Forbidden:
        return False
    return True


def test_role_grant_reaches_new_connection(nodes: list[ServerProcess]) -> None:
    user = new_user(nodes, "viewer")
    label = unique_name("Granted")
    with open_driver(nodes[2], (user, PASSWORD)) as driver:
        assert not can_write(driver, label)
    run_on(nodes[1], f"GRANT ROLE editor TO {user}")

    def new_connection_writes() -> bool:
        with open_driver(nodes[2], (user, PASSWORD)) as driver:
            return can_write(driver, label)

    wait_for(new_connection_writes)


def test_role_revoke_reaches_open_connection(nodes: list[ServerProcess]) -> None:
    user = new_user(nodes, "editor")
    label = unique_name("Revoked")
    with open_driver(nodes[2], (user, PASSWORD), max_connection_pool_size=1) as driver:
        assert can_write(driver, label)
        run_on(nodes[1], f"REVOKE ROLE editor FROM {user}")
        wait_for(lambda: not can_write(driver, label))


def test_dropped_user_rejected(nodes: list[ServerProcess]) -> None:
    user = new_user(nodes, "viewer")
    run_on(nodes[1], f"DROP USER {user}")
    wait_for(lambda: login_code(nodes[2], user, PASSWORD) == UNAUTHORIZED)


def test_password_change_reaches_other_node(nodes: list[ServerProcess]) -> None:
    user = new_user(nodes, "viewer")
    run_on(nodes[1], f"ALTER USER {user} SET PASSWORD 'changed-password' CHANGE NOT REQUIRED")
    wait_for(lambda: login_code(nodes[2], user, "changed-password") is None)
    assert login_code(nodes[2], user, PASSWORD) == UNAUTHORIZED


def test_revoked_token_rejected(nodes: list[ServerProcess]) -> None:
    admin = (ADMIN_USER, ADMIN_PASSWORD)
    issued = cluster_token(nodes[1], admin, "node-sync", "viewer")
    token = str(issued["token"])
    assert commit(nodes[2], token, "RETURN 1").status == 200
    revoked = request(nodes[1], "POST", "/api/v1/auth/revoke", {"token": token}, auth=admin)
    assert revoked.status == 200, revoked.describe()
    wait_for(lambda: commit(nodes[2], token, "RETURN 1").status == 401)


def test_failures_on_three_nodes_lock_everywhere(nodes: list[ServerProcess]) -> None:
    user = new_user(nodes, "viewer")
    for node in nodes:
        assert login_code(node, user, "wrong-password") == UNAUTHORIZED
    for node in nodes:
        assert login_code(node, user, PASSWORD) == RATE_LIMIT


def test_success_resets_shared_count(nodes: list[ServerProcess]) -> None:
    user = new_user(nodes, "viewer")
    assert login_code(nodes[0], user, "wrong-password") == UNAUTHORIZED
    assert login_code(nodes[1], user, "wrong-password") == UNAUTHORIZED
    assert login_code(nodes[2], user, PASSWORD) is None
    assert login_code(nodes[0], user, "wrong-password") == UNAUTHORIZED
    assert login_code(nodes[1], user, PASSWORD) is None


def test_changes_arrive_after_postgres_restart(cluster: Cluster) -> None:
    nodes = cluster.nodes
    user = new_user(nodes, "viewer")
    label = unique_name("AfterRestart")
    cluster.postgres.stop()
    cluster.postgres.start()
    for node in nodes:
        wait_for(lambda: "Listening for security changes again" in node.log_text(), timeout=15)
    run_on(nodes[1], f"GRANT ROLE editor TO {user}")
    with open_driver(nodes[2], (user, PASSWORD)) as driver:
        wait_for(lambda: can_write(driver, label))
