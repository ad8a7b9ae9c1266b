"""Directory connections after a restart or a deadline: kept connections and interrupted sockets.

The cache is off (TTL 0), so every login goes to the directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import ServerFactory
from ldap_directory import ALICE, BOB, CAROL, LdapDirectory, SilentDirectory
from ldap_settings import (
    ALICE_ROLES,
    AUTH_PROVIDER_TIMEOUT,
    current_user,
    login_code,
    module_directory,
    search_settings,
    start_server,
)

NO_CACHE = {"NORNICDB_AUTH_CACHE_TTL": "0"}
# Concurrent logins that leave several connections in the server's pool of kept connections.
CONCURRENT_LOGINS = 12


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def test_restart_with_several_kept_connections(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, search_settings(directory, **NO_CACHE))
    users = [ALICE, BOB, CAROL] * (CONCURRENT_LOGINS // 3)
    with ThreadPoolExecutor(CONCURRENT_LOGINS) as pool:
        codes = list(pool.map(lambda user: login_code(server, user.login, user.password), users))
    assert codes == [None] * len(users)
    directory.restart()
    # Every kept connection died with the restart, and no login may fail because of that.
    codes_after = [login_code(server, user.login, user.password) for user in users[:6]]
    assert codes_after == [None] * 6


def test_silent_ldaps_then_working_uri(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    with SilentDirectory() as silent:
        # The TLS handshake with the silent server blocks until the deadline shuts its socket down.
        # libldap then connects to the next URI, whose socket is shut down at once, and the bind writes to it.
        uris = f"{silent.uri.replace('ldap://', 'ldaps://')} {directory.uri}"
        settings = search_settings(
            directory,
            NORNICDB_LDAP_URIS=uris,
            NORNICDB_LDAP_CONNECT_TIMEOUT="1s",
            NORNICDB_LDAP_READ_TIMEOUT="1s",
            **NO_CACHE,
        )
        server = start_server(server_factory, settings)
        code = login_code(server, ALICE.login, ALICE.password)
        assert server.running, server.log_tail()
        assert code == AUTH_PROVIDER_TIMEOUT
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)
