"""LDAP over TLS: StartTLS and ldaps with the directory's CA file, a wrong CA, and no verification.

The directory's certificate is self-signed for IP:127.0.0.1, so only its own PEM file verifies
it. A certificate that does not verify must fail the login with AuthProviderFailed (HTTP 502),
never fall back to plain LDAP.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from http_client import assert_error
from ldap_directory import ALICE, BOB, LdapDirectory
from ldap_settings import (
    ALICE_ROLES,
    AUTH_PROVIDER_FAILED,
    BOB_ROLES,
    current_user,
    http_current_user,
    http_login,
    login_code,
    module_directory,
    search_settings,
    start_server,
    template_settings,
)


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def starttls(directory: LdapDirectory, ca_file: str, **overrides: str) -> dict[str, str]:
    return template_settings(directory, NORNICDB_LDAP_STARTTLS="true", NORNICDB_LDAP_CA_FILE=ca_file, **overrides)


def ldaps(directory: LdapDirectory, ca_file: str | None, **overrides: str) -> dict[str, str]:
    settings = template_settings(directory, NORNICDB_LDAP_URIS=directory.tls_uri, **overrides)
    if ca_file is not None:
        settings["NORNICDB_LDAP_CA_FILE"] = ca_file
    return settings


def test_starttls_with_ca_file(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, starttls(directory, str(directory.ca_path)))
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)
    assert http_current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


def test_ldaps_with_ca_file(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, ldaps(directory, str(directory.ca_path)))
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)
    assert http_current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


def test_ldaps_search_mode(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # The service account's bind and searches run over the same TLS connection settings.
    settings = search_settings(
        directory, NORNICDB_LDAP_URIS=directory.tls_uri, NORNICDB_LDAP_CA_FILE=str(directory.ca_path)
    )
    server = start_server(server_factory, settings)
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


def test_ldaps_wrong_ca_fails(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, ldaps(directory, str(directory.other_ca_path)))
    assert login_code(server, ALICE.login, ALICE.password) == AUTH_PROVIDER_FAILED
    assert_error(http_login(server, ALICE.login, ALICE.password), 502, AUTH_PROVIDER_FAILED)
    assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])


def test_ldaps_without_ca_file_fails(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # The system trust store does not contain the directory's self-signed certificate.
    server = start_server(server_factory, ldaps(directory, None))
    assert login_code(server, ALICE.login, ALICE.password) == AUTH_PROVIDER_FAILED


def test_starttls_wrong_ca_fails(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, starttls(directory, str(directory.other_ca_path)))
    assert login_code(server, ALICE.login, ALICE.password) == AUTH_PROVIDER_FAILED
    assert_error(http_login(server, ALICE.login, ALICE.password), 502, AUTH_PROVIDER_FAILED)


def test_starttls_on_ldaps_port_fails(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # slapd's LDAPS listener closes a connection whose first bytes are not a TLS handshake.
    uri = f"ldap://127.0.0.1:{directory.tls_port}"
    settings = starttls(directory, str(directory.ca_path), NORNICDB_LDAP_URIS=uri)
    server = start_server(server_factory, settings)
    assert login_code(server, ALICE.login, ALICE.password) == AUTH_PROVIDER_FAILED


def test_unverified_ldaps_logs_in(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = ldaps(directory, str(directory.other_ca_path), NORNICDB_LDAP_VERIFY_CERTIFICATE="false")
    server = start_server(server_factory, settings)
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)
    warnings = [line for line in server.log_text().splitlines() if re.search(r"\bWARNING\b", line)]
    assert any("certificate" in line.lower() for line in warnings), f"no certificate warning:\n{warnings}"


def test_unverified_starttls_logs_in(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = starttls(directory, str(directory.other_ca_path), NORNICDB_LDAP_VERIFY_CERTIFICATE="false")
    server = start_server(server_factory, settings)
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
