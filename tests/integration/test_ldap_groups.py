"""Group lookup and role mapping: memberOf, group searches, nested groups, AND keys, required groups.

The tree (ldap_directory.py): alice is in graph-admins and graph-readers, bob and the
metacharacter user in graph-readers, carol in no group, and all-staff contains the group
graph-readers, so bob is in all-staff only through nesting. The role mapping is ROLE_MAPPING in
ldap_settings.py.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest
from neo4j.exceptions import Forbidden

from harness import ServerFactory, count_nodes, open_driver, unique_name
from http_client import assert_error
from ldap_directory import (
    ALICE,
    ALL_STAFF,
    BOB,
    CAROL,
    GRAPH_ADMINS,
    GRAPH_READERS,
    GROUPS,
    ODD,
    PEOPLE,
    LdapDirectory,
    group_dn,
    group_ldif,
)
from ldap_settings import (
    ALICE_ROLES,
    BOB_ROLES,
    CAROL_ROLES,
    ODD_ROLES,
    UNAUTHORIZED,
    current_user,
    http_login,
    login_code,
    module_directory,
    search_settings,
    start_server,
    template_settings,
)
from server_process import ServerProcess

# Roles with nested groups on: graph-readers members are in all-staff (editor) too.
NESTED_ALICE_ROLES = ["admin", "editor", "viewer"]
NESTED_BOB_ROLES = ["editor", "viewer"]


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def group_search(directory: LdapDirectory, **overrides: str) -> dict[str, str]:
    """Return search-mode settings that find groups only by a search under ou=groups."""
    return search_settings(
        directory, NORNICDB_LDAP_GROUP_ATTRIBUTES="", NORNICDB_LDAP_GROUP_SEARCH_BASE=GROUPS, **overrides
    )


@pytest.fixture(scope="module")
def flat_server(module_server_factory: ServerFactory, directory: LdapDirectory) -> ServerProcess:
    """Groups by search only, nested groups off."""
    return start_server(module_server_factory, group_search(directory))


@pytest.fixture(scope="module")
def nested_server(module_server_factory: ServerFactory, directory: LdapDirectory) -> ServerProcess:
    """Groups by search only, nested groups on."""
    return start_server(module_server_factory, group_search(directory, NORNICDB_LDAP_NESTED_GROUPS="true"))


@pytest.mark.parametrize(
    ("login", "password", "roles"),
    [
        (ALICE.login, ALICE.password, ALICE_ROLES),
        (BOB.login, BOB.password, BOB_ROLES),
        (CAROL.login, CAROL.password, CAROL_ROLES),
        (ODD.login, ODD.password, ODD_ROLES),
    ],
    ids=["alice", "bob", "carol", "metacharacter-user"],
)
def test_group_search_roles(flat_server: ServerProcess, login: str, password: str, roles: list[str]) -> None:
    # The filter (member={0}) gets the user's DN escaped per RFC 4515; the metacharacter user's
    # DN contains a backslash, parentheses and an asterisk.
    assert current_user(flat_server, login, password) == (login, roles)


def test_nested_groups_off(flat_server: ServerProcess) -> None:
    assert current_user(flat_server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


def test_nested_groups_on(nested_server: ServerProcess) -> None:
    assert current_user(nested_server, BOB.login, BOB.password) == (BOB.login, NESTED_BOB_ROLES)
    assert current_user(nested_server, ALICE.login, ALICE.password) == (ALICE.login, NESTED_ALICE_ROLES)
    assert current_user(nested_server, CAROL.login, CAROL.password) == (CAROL.login, CAROL_ROLES)


def test_nested_role_permits_write(nested_server: ServerProcess) -> None:
    # The editor role reaches bob only through all-staff.
    label = unique_name("NestedMade")
    with open_driver(nested_server, (BOB.login, BOB.password)) as driver:
        driver.execute_query(f"CREATE (:{label})")
        assert count_nodes(driver, label) == 1


def test_and_key_needs_both_groups(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    mapping = f'"{GRAPH_ADMINS}","{GRAPH_READERS}" = editor'
    server = start_server(server_factory, template_settings(directory, NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING=mapping))
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ["editor"])
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, ["none"])


def test_one_group_several_roles(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    mapping = f'"{GRAPH_READERS}" = editor,viewer'
    server = start_server(server_factory, template_settings(directory, NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING=mapping))
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, ["editor", "viewer"])


def test_default_role_setting(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, template_settings(directory, NORNICDB_LDAP_DEFAULT_ROLE="viewer"))
    assert current_user(server, CAROL.login, CAROL.password) == (CAROL.login, ["viewer"])
    # A user in a mapped group gets only the mapped roles, not the default role as well.
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)
    with open_driver(server, (CAROL.login, CAROL.password)) as driver:
        driver.execute_query("MATCH (n) RETURN count(n)")
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE (:{unique_name('CarolMade')})")


def test_no_group_attributes(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # With no group attribute and no group search, no user is in a mapped group.
    server = start_server(server_factory, search_settings(directory, NORNICDB_LDAP_GROUP_ATTRIBUTES=""))
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ["none"])


def test_group_attributes_as_user(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # Template mode has no service account, so memberOf is read with the user's own bind.
    server = start_server(server_factory, template_settings(directory))
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)


def test_group_search_as_user(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = template_settings(directory, NORNICDB_LDAP_GROUP_ATTRIBUTES="", NORNICDB_LDAP_GROUP_SEARCH_BASE=GROUPS)
    server = start_server(server_factory, settings)
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)


def test_group_filter_login_name(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # {1} is the login name, so this filter rebuilds the member DN from it instead of using {0}.
    settings = group_search(directory, NORNICDB_LDAP_GROUP_SEARCH_FILTER=f"(member=uid={{1}},{PEOPLE})")
    server = start_server(server_factory, settings)
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    assert current_user(server, CAROL.login, CAROL.password) == (CAROL.login, CAROL_ROLES)


def test_nested_cycle_ends(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # cycle-a contains bob and cycle-b, and cycle-b contains cycle-a: the nested search must
    # stop at groups it has seen and still map cycle-b, which bob is in only through cycle-a.
    cycle_a, cycle_b = group_dn("cycle-a"), group_dn("cycle-b")
    directory.modify(group_ldif(cycle_a, [BOB.dn]), add=True)
    directory.modify(group_ldif(cycle_b, [cycle_a]), add=True)
    directory.add_member(cycle_a, cycle_b)
    settings = group_search(
        directory, NORNICDB_LDAP_NESTED_GROUPS="true", NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING=f'"{cycle_b}" = admin'
    )
    server = start_server(server_factory, settings)
    started = time.monotonic()
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, ["admin"])
    assert time.monotonic() - started < 5.0


def test_nested_depth_limit(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # A chain carol -> chain-1 -> chain-2 -> ... -> chain-20. The nested search follows at most
    # 8 levels, so chain-5 counts and chain-20 does not, and the login still ends quickly.
    chain = [group_dn(f"chain-{level}") for level in range(1, 21)]
    directory.modify(group_ldif(chain[0], [CAROL.dn]), add=True)
    for lower, upper in itertools.pairwise(chain):
        directory.modify(group_ldif(upper, [lower]), add=True)
    mapping = f'"{chain[4]}" = admin; "{chain[19]}" = editor'
    settings = group_search(directory, NORNICDB_LDAP_NESTED_GROUPS="true", NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING=mapping)
    server = start_server(server_factory, settings)
    started = time.monotonic()
    assert current_user(server, CAROL.login, CAROL.password) == (CAROL.login, ["admin"])
    assert time.monotonic() - started < 5.0


def test_mapping_dn_case_and_spaces(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # cn, ou and dc compare case-insensitively (RFC 4517 caseIgnoreMatch), and RFC 4514 allows
    # spaces after the commas of a DN as written by people, so this key names graph-admins.
    mapping = '"CN=Graph-Admins, OU=Groups, DC=Example, DC=Org" = admin'
    server = start_server(server_factory, template_settings(directory, NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING=mapping))
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ["admin"])


def test_required_group(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, search_settings(directory, NORNICDB_LDAP_REQUIRED_GROUP=GRAPH_READERS))
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)
    assert login_code(server, CAROL.login, CAROL.password) == UNAUTHORIZED
    assert_error(http_login(server, CAROL.login, CAROL.password), 401, UNAUTHORIZED)


def test_required_group_direct_only(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # Without nested groups, bob is not in all-staff: his only path to it is through graph-readers.
    settings = group_search(directory, NORNICDB_LDAP_REQUIRED_GROUP=ALL_STAFF)
    server = start_server(server_factory, settings)
    assert login_code(server, BOB.login, BOB.password) == UNAUTHORIZED


def test_required_group_nested(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = group_search(directory, NORNICDB_LDAP_REQUIRED_GROUP=ALL_STAFF, NORNICDB_LDAP_NESTED_GROUPS="true")
    server = start_server(server_factory, settings)
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, NESTED_BOB_ROLES)
    assert login_code(server, CAROL.login, CAROL.password) == UNAUTHORIZED
