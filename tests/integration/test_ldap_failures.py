"""Directory failures: stopped, unreachable, silent, a failing service bind, ambiguous entries, failover.

A failure of the directory is AuthProviderFailed (HTTP 502) and a time-out AuthProviderTimeout
(HTTP 504). Neither stops the server: local accounts keep working, and LDAP logins work again
once the directory is back. The cache is off (TTL 0) on these servers, so every login goes to the
directory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver
from http_client import assert_error
from ldap_directory import ALICE, BOB, CAROL, LdapDirectory, SilentDirectory
from ldap_settings import (
    ALICE_ROLES,
    AUTH_PROVIDER_FAILED,
    AUTH_PROVIDER_TIMEOUT,
    BOB_ROLES,
    CAROL_ROLES,
    UNAUTHORIZED,
    current_user,
    http_login,
    login_code,
    login_error,
    module_directory,
    raw_basic,
    search_settings,
    settings_for,
    start_server,
)
from server_process import ServerProcess, free_port

NO_CACHE = {"NORNICDB_AUTH_CACHE_TTL": "0"}
# Connect and read time-outs of the silent-directory tests, in seconds, and the extra time a
# loaded machine may need on top of their sum before the login must have failed.
TIMEOUT = 1.0
TIMEOUT_MARGIN = 1.5


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def closed_uri() -> str:
    """Return an ldap:// URI on a loopback port where nothing listens right now."""
    return f"ldap://127.0.0.1:{free_port()}"


def assert_admin_works(server: ServerProcess) -> None:
    assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])


@pytest.mark.parametrize("mode", ["template", "search"])
def test_directory_stopped_and_restarted(server_factory: ServerFactory, directory: LdapDirectory, mode: str) -> None:
    server = start_server(server_factory, settings_for(mode, directory, **NO_CACHE))
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    directory.stop()
    try:
        assert login_code(server, BOB.login, BOB.password) == AUTH_PROVIDER_FAILED
        assert_error(http_login(server, BOB.login, BOB.password), 502, AUTH_PROVIDER_FAILED)
        assert_admin_works(server)
        assert server.running
    finally:
        directory.start()
    assert login_code(server, BOB.login, BOB.password) is None
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)


def test_restart_between_logins(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # The server's pooled directory connection dies with the restart; the next login reconnects.
    server = start_server(server_factory, search_settings(directory, **NO_CACHE))
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    directory.restart()
    # login_code makes one attempt, where execute_query would retry an AuthProviderFailed.
    assert login_code(server, BOB.login, BOB.password) is None
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


def test_empty_password_skips_directory(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # With the directory down, any request to it would end as AuthProviderFailed.
    server = start_server(server_factory, search_settings(directory, **NO_CACHE))
    directory.stop()
    try:
        error = login_error(server, raw_basic(BOB.login, ""))
        assert error is not None, "an empty password logged in"
        assert error.code == UNAUTHORIZED
        assert_error(http_login(server, BOB.login, ""), 401, UNAUTHORIZED)
    finally:
        directory.start()


def test_unreachable_directory(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, search_settings(directory, NORNICDB_LDAP_URIS=closed_uri(), **NO_CACHE))
    assert login_code(server, BOB.login, BOB.password) == AUTH_PROVIDER_FAILED
    assert_error(http_login(server, BOB.login, BOB.password), 502, AUTH_PROVIDER_FAILED)
    assert_admin_works(server)


@pytest.mark.parametrize("separator", [" ", ","], ids=["space", "comma"])
def test_failover_to_second_uri(server_factory: ServerFactory, directory: LdapDirectory, separator: str) -> None:
    uris = separator.join([closed_uri(), directory.uri])
    server = start_server(server_factory, search_settings(directory, NORNICDB_LDAP_URIS=uris, **NO_CACHE))
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    assert login_code(server, BOB.login, "not-bobpw") == UNAUTHORIZED


def test_all_uris_down(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    uris = f"{closed_uri()} {closed_uri()}"
    server = start_server(server_factory, settings_for("template", directory, NORNICDB_LDAP_URIS=uris, **NO_CACHE))
    assert login_code(server, BOB.login, BOB.password) == AUTH_PROVIDER_FAILED


def test_service_bind_failure(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = search_settings(directory, NORNICDB_LDAP_BIND_PASSWORD="not-the-service-password", **NO_CACHE)
    server = start_server(server_factory, settings)
    # The service account's failed bind is the server's fault, not the user's, and must not
    # look like a wrong password or fall through to the local provider.
    assert login_code(server, BOB.login, BOB.password) == AUTH_PROVIDER_FAILED
    assert_error(http_login(server, BOB.login, BOB.password), 502, AUTH_PROVIDER_FAILED)
    assert_admin_works(server)


def test_ambiguous_search_fails(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # This filter matches the named user and bob, so every login but bob's finds two entries.
    settings = search_settings(directory, NORNICDB_LDAP_USER_SEARCH_FILTER="(|(uid={0})(uid=bob))", **NO_CACHE)
    server = start_server(server_factory, settings)
    assert login_code(server, ALICE.login, ALICE.password) == AUTH_PROVIDER_FAILED
    assert_error(http_login(server, ALICE.login, ALICE.password), 502, AUTH_PROVIDER_FAILED)
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


@pytest.mark.parametrize("mode", ["template", "search"])
def test_silent_directory_times_out(server_factory: ServerFactory, directory: LdapDirectory, mode: str) -> None:
    with SilentDirectory() as silent:
        settings = settings_for(
            mode,
            directory,
            NORNICDB_LDAP_URIS=silent.uri,
            NORNICDB_LDAP_CONNECT_TIMEOUT=f"{TIMEOUT:g}s",
            NORNICDB_LDAP_READ_TIMEOUT=f"{TIMEOUT:g}s",
            **NO_CACHE,
        )
        server = start_server(server_factory, settings)
        started = time.monotonic()
        assert login_code(server, BOB.login, BOB.password) == AUTH_PROVIDER_TIMEOUT
        elapsed = time.monotonic() - started
        assert elapsed >= TIMEOUT * 0.9, f"timed out after {elapsed:.2f} s, before the read time-out"
        assert elapsed <= 2 * TIMEOUT + TIMEOUT_MARGIN, f"the login took {elapsed:.2f} s"
        assert silent.accepted >= 1

        started = time.monotonic()
        response = http_login(server, BOB.login, BOB.password)
        elapsed = time.monotonic() - started
        assert_error(response, 504, AUTH_PROVIDER_TIMEOUT)
        assert elapsed <= 2 * TIMEOUT + TIMEOUT_MARGIN, f"the HTTP login took {elapsed:.2f} s"


def test_other_clients_served_during_timeout(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    with SilentDirectory() as silent:
        settings = search_settings(
            directory,
            NORNICDB_LDAP_URIS=silent.uri,
            NORNICDB_LDAP_CONNECT_TIMEOUT=f"{TIMEOUT:g}s",
            NORNICDB_LDAP_READ_TIMEOUT=f"{TIMEOUT:g}s",
            **NO_CACHE,
        )
        server = start_server(server_factory, settings)
        with admin_driver(server) as admin:
            admin.execute_query("RETURN 1")
            codes: list[str | None] = []
            waiting = threading.Thread(target=lambda: codes.append(login_code(server, BOB.login, BOB.password)))
            waiting.start()
            # While bob's login waits on the silent directory, the local admin's queries run.
            time.sleep(0.2)
            latencies = []
            for _ in range(5):
                started = time.monotonic()
                admin.execute_query("RETURN 1")
                latencies.append(time.monotonic() - started)
            fresh = current_user(server, ADMIN_USER, ADMIN_PASSWORD)
            still_waiting = waiting.is_alive()
            waiting.join(timeout=2 * TIMEOUT + TIMEOUT_MARGIN + 5)
    assert fresh == (ADMIN_USER, ["admin"])
    assert max(latencies) < TIMEOUT / 2, f"admin queries took {latencies} while a login waited"
    assert still_waiting, "bob's login ended before the admin's queries ran; the test proved nothing"
    assert codes == [AUTH_PROVIDER_TIMEOUT]


def test_concurrent_logins_keep_identities(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # Two pooled connections shared by 24 logins of three users: each login gets its own roles.
    settings = search_settings(directory, NORNICDB_LDAP_MAX_CONNECTIONS="2", **NO_CACHE)
    server = start_server(server_factory, settings)
    users = [(ALICE, ALICE_ROLES), (BOB, BOB_ROLES), (CAROL, CAROL_ROLES)] * 8
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda pair: current_user(server, pair[0].login, pair[0].password), users))
    assert results == [(user.login, roles) for user, roles in users]
