"""Roles of PAM logins from Unix groups: the mapping, the default role, the required group, RBAC.

Users and groups come from nss_wrapper's files (pam_stack.py): alice is in graph-admins and
graph-readers, bob and erin in graph-readers, carol in her own group only, and dave has no passwd
entry at all.
"""

from __future__ import annotations

import pytest
from neo4j.exceptions import Forbidden

from harness import ServerFactory, count_nodes, open_driver, unique_name
from pam_stack import (
    ALICE_PASSWORD,
    ALICE_ROLES,
    CAROL_PASSWORD,
    CAROL_ROLES,
    DAVE_PASSWORD,
    ERIN_PASSWORD,
    PWDFILE_SERVICE,
    UNAUTHORIZED,
    PamStack,
    current_user,
    http_current_user,
    login_code,
    make_stack,
    require_wrappers,
)
from server_process import ServerProcess


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    return make_stack(tmp_path_factory.mktemp("pam"))


@pytest.fixture(scope="module")
def server(module_server_factory: ServerFactory, stack: PamStack) -> ServerProcess:
    return module_server_factory.standard(stack.settings())


@pytest.mark.parametrize(
    ("user", "password", "roles"),
    [
        ("alice", ALICE_PASSWORD, ALICE_ROLES),
        ("carol", CAROL_PASSWORD, CAROL_ROLES),
        ("dave", DAVE_PASSWORD, CAROL_ROLES),
    ],
    ids=["two-groups", "no-mapped-group", "no-passwd-entry"],
)
def test_roles_from_groups(server: ServerProcess, user: str, password: str, roles: list[str]) -> None:
    assert current_user(server, user, password) == (user, roles)


def test_roles_over_http(server: ServerProcess) -> None:
    assert http_current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)


def test_pwdfile_user_groups(server_factory: ServerFactory, stack: PamStack) -> None:
    # erin exists only in pam_pwdfile's file and nss_wrapper's passwd, in graph-readers.
    server = server_factory.standard(stack.settings(PWDFILE_SERVICE))
    assert current_user(server, "erin", ERIN_PASSWORD) == ("erin", ["viewer"])


def test_default_role_applies(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(NORNICDB_PAM_DEFAULT_ROLE="editor"))
    assert current_user(server, "carol", CAROL_PASSWORD) == ("carol", ["editor"])
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)


def test_primary_group_counts(server_factory: ServerFactory, stack: PamStack) -> None:
    # carol's only group is her primary group, named after her in the group file.
    server = server_factory.standard(stack.settings(NORNICDB_PAM_GROUP_TO_ROLE_MAPPING="carol = viewer"))
    assert current_user(server, "carol", CAROL_PASSWORD) == ("carol", ["viewer"])


def test_required_group(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(NORNICDB_PAM_REQUIRED_GROUP="graph-admins"))
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)
    assert login_code(server, "carol", CAROL_PASSWORD) == UNAUTHORIZED
    assert login_code(server, "dave", DAVE_PASSWORD) == UNAUTHORIZED


def test_required_group_trimmed(server_factory: ServerFactory, stack: PamStack) -> None:
    # Surrounding spaces are trimmed, as in the group names of the mapping.
    server = server_factory.standard(stack.settings(NORNICDB_PAM_REQUIRED_GROUP=" graph-admins "))
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)
    assert login_code(server, "carol", CAROL_PASSWORD) == UNAUTHORIZED


def test_quoted_group_names(server_factory: ServerFactory, stack: PamStack) -> None:
    mapping = '"graph-admins" = editor; "graph-readers", "graph-admins" = viewer'
    server = server_factory.standard(stack.settings(NORNICDB_PAM_GROUP_TO_ROLE_MAPPING=mapping))
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ["editor", "viewer"])


def test_group_change_seen_at_next_login(server_factory: ServerFactory, stack: PamStack) -> None:
    # Groups are read at every login, so a new membership counts without a restart.
    server = server_factory.standard(stack.settings())
    assert current_user(server, "carol", CAROL_PASSWORD) == ("carol", CAROL_ROLES)
    group_file = stack.root / "group"
    original = group_file.read_text()
    try:
        group_file.write_text(original.replace("graph-admins:x:6001:alice", "graph-admins:x:6001:alice,carol"))
        assert current_user(server, "carol", CAROL_PASSWORD) == ("carol", ["admin"])
    finally:
        group_file.write_text(original)


def test_viewer_cannot_write(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(NORNICDB_PAM_GROUP_TO_ROLE_MAPPING="graph-readers = viewer"))
    label = unique_name("PamNode")
    with open_driver(server, ("alice", ALICE_PASSWORD)) as driver:
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE (:{label})")
        assert count_nodes(driver, label) == 0


def test_admin_can_write(server: ServerProcess) -> None:
    label = unique_name("PamNode")
    with open_driver(server, ("alice", ALICE_PASSWORD)) as driver:
        driver.execute_query(f"CREATE (:{label})")
        assert count_nodes(driver, label) == 1


def test_none_role_cannot_read(server: ServerProcess) -> None:
    with open_driver(server, ("carol", CAROL_PASSWORD)) as driver:
        with pytest.raises(Forbidden):
            driver.execute_query("MATCH (n) RETURN count(n)")
