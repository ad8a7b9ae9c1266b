"""Login names with DN or filter metacharacters never log anyone else in.

The server escapes the login name per RFC 4514 in the DN template and per RFC 4515 in the
search filter. Unescaped, `alice)(uid=*` or `al*` would turn the default filter
`(&(objectClass=*)(uid={0}))` into one that matches alice, and `*` into one that matches every
entry. Each name is tried with alice's password in both modes, and must be rejected as
Unauthorized: an escaped name matches no entry, and the local provider does not know it.

Names that differ from alice's only in case or in leading and trailing spaces are left out: LDAP
matching rules (RFC 4518) treat them as the same uid, so they are alice's own logins.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness import ServerFactory, unique_name
from http_client import assert_error
from ldap_directory import ALICE, BOB, GRAPH_READERS, ODD, DirectoryUser, LdapDirectory, user_dn
from ldap_settings import (
    ODD_ROLES,
    UNAUTHORIZED,
    current_user,
    http_current_user,
    http_login,
    login_code,
    module_directory,
    settings_for,
    start_server,
)
from server_process import ServerProcess

FILTER_INJECTIONS = [
    "*",
    "al*",
    "*ice",
    "alice)(uid=*",
    "alice)(|(uid=*",
    "*)(uid=*))(|(uid=*",
    "alice)(objectClass=*",
    "alice\\2a",
    "alice\x00",
]
DN_INJECTIONS = [
    "alice,ou=people",
    "alice,ou=people,dc=example,dc=org",
    "uid=alice,ou=people,dc=example,dc=org",
    "alice+uid=bob",
    "alice\\",
    "alice\\,",
    "alice;ou=people",
    "#616c696365",
    "alice,",
    '"alice"',
    "alice<>",
]


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="module", params=["template", "search"])
def server(
    request: pytest.FixtureRequest, module_server_factory: ServerFactory, directory: LdapDirectory
) -> ServerProcess:
    return start_server(module_server_factory, settings_for(request.param, directory))


@pytest.mark.parametrize("name", FILTER_INJECTIONS + DN_INJECTIONS)
def test_injected_name_rejected(server: ServerProcess, name: str) -> None:
    assert login_code(server, name, ALICE.password) == UNAUTHORIZED


@pytest.mark.parametrize("name", ["*", "alice)(uid=*", "alice,ou=people"])
def test_injected_name_rejected_over_http(server: ServerProcess, name: str) -> None:
    assert_error(http_login(server, name, ALICE.password), 401, UNAUTHORIZED)


def test_metacharacter_user_logs_in(server: ServerProcess) -> None:
    # His uid contains a quote, a comma, a space, parentheses, an asterisk and a plus sign, and
    # his group lookups must match his escaped DN as slapd stores it.
    assert current_user(server, ODD.login, ODD.password) == (ODD.login, ODD_ROLES)
    assert http_current_user(server, ODD.login, ODD.password) == (ODD.login, ODD_ROLES)


def test_metacharacter_user_wrong_password(server: ServerProcess) -> None:
    assert login_code(server, ODD.login, ALICE.password) == UNAUTHORIZED
    assert login_code(server, ODD.login, "") == UNAUTHORIZED


@pytest.mark.parametrize("name", ["o'hara*", "o'hara, (ops)*", "o'hara\\, (ops)*\\+x", "o'hara\\2c (ops)\\2a+x"])
def test_metacharacter_prefix_rejected(server: ServerProcess, name: str) -> None:
    # Escaped or partial spellings of his name are other names, not wildcards or DN escapes.
    assert login_code(server, name, ODD.password) == UNAUTHORIZED


def test_unicode_user_logs_in(server: ServerProcess, directory: LdapDirectory) -> None:
    login = unique_name("zoë-")
    user = DirectoryUser(login, "zoë-password-ü", user_dn(login))
    directory.add_user(user)
    directory.add_member(GRAPH_READERS, user.dn)
    assert current_user(server, user.login, user.password) == (user.login, ODD_ROLES)
    assert http_current_user(server, user.login, user.password) == (user.login, ODD_ROLES)
    assert login_code(server, "zoe-" + login[4:], user.password) == UNAUTHORIZED


@pytest.mark.parametrize("name", ["", "a" * 5000], ids=["empty", "long"])
def test_odd_length_name_rejected(server: ServerProcess, name: str) -> None:
    assert login_code(server, name, ALICE.password) == UNAUTHORIZED


def test_injection_with_own_password_rejected(server: ServerProcess) -> None:
    # bob's password with a name that an unescaped filter would resolve to bob.
    assert login_code(server, "b*", BOB.password) == UNAUTHORIZED
    assert login_code(server, "bob)(uid=bob", BOB.password) == UNAUTHORIZED
