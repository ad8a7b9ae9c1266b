"""The login cache of external providers: hits keep the cached roles until the TTL or a cache clear.

A login whose name and password match an entry younger than NORNICDB_AUTH_CACHE_TTL is
served from the cache, with the roles it had when it was cached. Each test that changes
groups logs in as a new directory user, so no test reads cache entries of another test.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from neo4j.exceptions import Forbidden

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver, create_user, open_driver, unique_name
from ldap_directory import ALICE, BOB, GRAPH_EDITORS, DirectoryUser, LdapDirectory, user_dn
from ldap_settings import (
    AUTH_PROVIDER_FAILED,
    BOB_ROLES,
    UNAUTHORIZED,
    current_user,
    http_current_user,
    login_code,
    module_directory,
    search_settings,
    start_server,
)
from server_process import ServerProcess

# NORNICDB_AUTH_CACHE_TTL of the module's server, in seconds: long enough for a second login
# to land inside it on a loaded machine, short enough to wait out.
TTL = 2.0
CLEAR_CACHE = "CALL dbms.security.clearAuthCache()"


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="module")
def server(module_server_factory: ServerFactory, directory: LdapDirectory) -> ServerProcess:
    return start_server(module_server_factory, search_settings(directory, NORNICDB_AUTH_CACHE_TTL=f"{TTL:g}s"))


@pytest.fixture
def newcomer(directory: LdapDirectory) -> DirectoryUser:
    """A new directory user in no group, so they start with the default role `none`."""
    login = unique_name("cache-user-")
    user = DirectoryUser(login, f"{login}-password", user_dn(login))
    directory.add_user(user)
    return user


def sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def test_hit_keeps_roles_until_ttl(server: ServerProcess, directory: LdapDirectory, newcomer: DirectoryUser) -> None:
    cached_at = time.monotonic()
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])
    directory.add_member(GRAPH_EDITORS, newcomer.dn)
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])
    assert http_current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])
    assert time.monotonic() - cached_at < TTL, "the cache hits ran after the TTL; the machine is too slow"

    sleep_until(cached_at + TTL + 0.5)
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["editor"])


def test_old_password_cached_until_ttl(
    server: ServerProcess, directory: LdapDirectory, newcomer: DirectoryUser
) -> None:
    cached_at = time.monotonic()
    assert login_code(server, newcomer.login, newcomer.password) is None
    new_password = newcomer.password + "-changed"
    directory.modify(f"dn: {newcomer.dn}\nchangetype: modify\nreplace: userPassword\nuserPassword: {new_password}\n")
    # The directory no longer accepts the old password, but the cache entry still matches it.
    assert login_code(server, newcomer.login, newcomer.password) is None
    assert login_code(server, newcomer.login, new_password) is None
    assert time.monotonic() - cached_at < TTL, "the cache hits ran after the TTL; the machine is too slow"

    sleep_until(cached_at + TTL + 0.5)
    assert login_code(server, newcomer.login, newcomer.password) == UNAUTHORIZED
    assert login_code(server, newcomer.login, new_password) is None


def test_clear_cache_takes_effect(server: ServerProcess, directory: LdapDirectory, newcomer: DirectoryUser) -> None:
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])
    directory.add_member(GRAPH_EDITORS, newcomer.dn)
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])
    with admin_driver(server) as admin:
        admin.execute_query(CLEAR_CACHE)
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["editor"])


def test_http_login_fills_cache(server: ServerProcess, directory: LdapDirectory, newcomer: DirectoryUser) -> None:
    assert http_current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])
    directory.add_member(GRAPH_EDITORS, newcomer.dn)
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])


def test_ldap_admin_may_clear_cache(server: ServerProcess) -> None:
    with open_driver(server, (ALICE.login, ALICE.password)) as driver:
        driver.execute_query(CLEAR_CACHE)


def test_clear_cache_needs_admin(server: ServerProcess) -> None:
    with open_driver(server, (BOB.login, BOB.password)) as driver:
        with pytest.raises(Forbidden):
            driver.execute_query(CLEAR_CACHE)
    name = unique_name("localeditor")
    with admin_driver(server) as admin:
        create_user(admin, name, "local-editor-password", "editor")
    with open_driver(server, (name, "local-editor-password")) as driver:
        with pytest.raises(Forbidden):
            driver.execute_query(CLEAR_CACHE)


def test_other_password_needs_directory(server: ServerProcess, newcomer: DirectoryUser) -> None:
    assert current_user(server, newcomer.login, newcomer.password) == (newcomer.login, ["none"])
    assert login_code(server, newcomer.login, newcomer.password + "x") == UNAUTHORIZED
    assert login_code(server, newcomer.login, newcomer.password[:-1]) == UNAUTHORIZED
    assert login_code(server, newcomer.login, newcomer.password) is None


def test_hit_needs_no_directory(server: ServerProcess, directory: LdapDirectory) -> None:
    with admin_driver(server) as admin:
        admin.execute_query(CLEAR_CACHE)
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    directory.stop()
    try:
        assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
        # Another password is not in the cache, so it needs the directory, which is down.
        assert login_code(server, BOB.login, "not-bobpw") == AUTH_PROVIDER_FAILED
        assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])
    finally:
        directory.start()


def test_max_entries_evicts(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = search_settings(directory, NORNICDB_AUTH_CACHE_TTL="10m", NORNICDB_AUTH_CACHE_MAX_ENTRIES="1")
    server = start_server(server_factory, settings)
    assert current_user(server, ALICE.login, ALICE.password)[0] == ALICE.login
    assert current_user(server, BOB.login, BOB.password)[0] == BOB.login
    directory.stop()
    try:
        # The cache has room for one entry, so bob's login replaced alice's.
        assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
        assert login_code(server, ALICE.login, ALICE.password) == AUTH_PROVIDER_FAILED
    finally:
        directory.start()


def test_ttl_zero_disables_cache(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, search_settings(directory, NORNICDB_AUTH_CACHE_TTL="0"))
    login = unique_name("uncached-user-")
    user = DirectoryUser(login, f"{login}-password", user_dn(login))
    directory.add_user(user)
    assert current_user(server, user.login, user.password) == (user.login, ["none"])
    directory.add_member(GRAPH_EDITORS, user.dn)
    assert current_user(server, user.login, user.password) == (user.login, ["editor"])
    directory.stop()
    try:
        assert login_code(server, user.login, user.password) == AUTH_PROVIDER_FAILED
    finally:
        directory.start()
