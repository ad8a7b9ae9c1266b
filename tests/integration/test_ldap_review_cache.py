"""The LDAP login cache against a client that does not know the password.

A wrong password must neither hit the cache nor take a good entry away from the user who
logged in. The directory is stopped after the attempts, so a login that still succeeds can
only have come from the cache.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness import ServerFactory
from ldap_directory import ALICE, LdapDirectory
from ldap_settings import UNAUTHORIZED, login_code, module_directory, search_settings, start_server


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def test_wrong_password_keeps_cached_login(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, search_settings(directory))
    assert login_code(server, ALICE.login, ALICE.password) is None
    assert login_code(server, ALICE.login, "not-alicepw") == UNAUTHORIZED
    directory.stop()
    try:
        assert login_code(server, ALICE.login, ALICE.password) is None
    finally:
        directory.start()
