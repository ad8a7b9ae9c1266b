"""Referrals in search results: NORNICDB_LDAP_REFERRALS `ignore` (the default) and `fail`.

The directory gets a referral entry ou=partners,dc=example,dc=org that points back to
ou=people. A subtree search from dc=example,dc=org then returns alice's entry and a search
result reference for ou=partners.

NOTE: `follow` is not tested. The server chases referrals with an anonymous bind, and this
directory lets anonymous clients read nothing, so a followed search could find no entry here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness import ServerFactory
from ldap_directory import ALICE, PEOPLE, SUFFIX, LdapDirectory
from ldap_settings import (
    ALICE_ROLES,
    AUTH_PROVIDER_FAILED,
    current_user,
    login_code,
    module_directory,
    search_settings,
    start_server,
)

PARTNERS = f"ou=partners,{SUFFIX}"


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        running.modify(
            f"dn: {PARTNERS}\n"
            "objectClass: referral\n"
            "objectClass: extensibleObject\n"
            "ou: partners\n"
            f"ref: {running.uri}/{PEOPLE}\n",
            add=True,
        )
        yield running


def referral_settings(directory: LdapDirectory, referrals: str | None) -> dict[str, str]:
    settings = search_settings(directory, NORNICDB_LDAP_USER_SEARCH_BASE=SUFFIX)
    if referrals is not None:
        settings["NORNICDB_LDAP_REFERRALS"] = referrals
    return settings


def test_search_returns_reference(directory: LdapDirectory) -> None:
    # The fixture's own check: without ManageDsaIT, ldapsearch prints the reference as a comment.
    output = directory.search(SUFFIX, "(uid=alice)", "dn")
    assert ALICE.dn in output
    assert f"# ref{directory.uri}/{PEOPLE}" in output


@pytest.mark.parametrize("referrals", [None, "ignore"], ids=["default", "ignore"])
def test_referrals_ignored(server_factory: ServerFactory, directory: LdapDirectory, referrals: str | None) -> None:
    server = start_server(server_factory, referral_settings(directory, referrals))
    assert current_user(server, ALICE.login, ALICE.password) == (ALICE.login, ALICE_ROLES)


def test_referrals_fail(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, referral_settings(directory, "fail"))
    assert login_code(server, ALICE.login, ALICE.password) == AUTH_PROVIDER_FAILED
