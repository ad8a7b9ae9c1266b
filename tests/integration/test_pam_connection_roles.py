"""Roles of an open Bolt connection after its PAM user leaves a Unix group.

An open connection keeps the roles of its PAM login for NORNICDB_AUTH_CACHE_TTL. Its next request
after that fails with AuthorizationExpired, so the driver logs in through PAM again and the new
login sees the current groups and password.
"""

from __future__ import annotations

import time

import pytest
from neo4j import Driver
from neo4j.exceptions import Neo4jError

from harness import ServerFactory, open_driver, unique_name
from pam_stack import ALICE_PASSWORD, ALICE_ROLES, PamStack, make_stack, require_wrappers

TTL_SECONDS = 1


@pytest.fixture
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    return make_stack(tmp_path_factory.mktemp("pam-connection-roles"))


def remove_alice(stack: PamStack) -> None:
    """Take alice out of graph-admins and out of pam_matrix's password file."""
    group = stack.root / "group"
    group.write_text(group.read_text().replace("graph-admins:x:6001:alice", "graph-admins:x:6001:"))
    passdb = stack.root / "passdb"
    kept = [line for line in passdb.read_text().splitlines() if not line.startswith("alice:")]
    passdb.write_text("\n".join(kept) + "\n")


def create_user_code(driver: Driver, name: str) -> str | None:
    """Run CREATE USER in a new session and return its error code, or None when it succeeds."""
    with driver.session(database="system") as session:
        try:
            session.run(f"CREATE USER {name} SET PASSWORD 'late-password-1' CHANGE NOT REQUIRED").consume()
        except Neo4jError as error:
            return error.code
    return None


def test_open_connection_roles_expire(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(NORNICDB_AUTH_CACHE_TTL=f"{TTL_SECONDS}s"))
    with open_driver(server, ("alice", ALICE_PASSWORD), max_connection_pool_size=1) as driver:
        with driver.session(database="system") as session:
            roles = session.run("SHOW CURRENT USER").single(strict=True)["roles"]
        assert sorted(roles) == ALICE_ROLES
        remove_alice(stack)
        time.sleep(TTL_SECONDS + 1)
        code = create_user_code(driver, unique_name("late"))
    # The driver's new login after AuthorizationExpired fails, since alice has no password now.
    assert code is not None, "alice's open connection kept the admin role past the time to live"


def test_roles_kept_with_ttl_zero(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(NORNICDB_AUTH_CACHE_TTL="0"))
    with open_driver(server, ("alice", ALICE_PASSWORD), max_connection_pool_size=1) as driver:
        assert create_user_code(driver, unique_name("early")) is None
        remove_alice(stack)
        time.sleep(TTL_SECONDS + 1)
        # With the time to live at 0 the open connection keeps its roles until it closes.
        assert create_user_code(driver, unique_name("kept")) is None
