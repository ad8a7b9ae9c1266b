"""The failed-login lock applies to LDAP and PAM users as it does to local accounts.

The lock sits in front of the whole provider chain, so after three wrong passwords the right one
is rejected without asking the directory or the PAM stack, and the provider receives no more guesses.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness import ServerFactory
from ldap_directory import ALICE, LdapDirectory
from ldap_settings import module_directory, template_settings
from pam_stack import ALICE_PASSWORD, PamStack, login_code, make_stack, require_wrappers

RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
NO_ADDRESS_LIMIT = {"NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0"}


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    return make_stack(tmp_path_factory.mktemp("pam-limits"))


def test_ldap_user_locked(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = server_factory.standard(template_settings(directory, **NO_ADDRESS_LIMIT))
    assert [login_code(server, ALICE.login, "wrong-password") for _ in range(3)] == [UNAUTHORIZED] * 3
    assert login_code(server, ALICE.login, ALICE.password) == RATE_LIMIT


def test_pam_user_locked(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(**NO_ADDRESS_LIMIT))
    assert [login_code(server, "alice", "wrong-password") for _ in range(3)] == [UNAUTHORIZED] * 3
    assert login_code(server, "alice", ALICE_PASSWORD) == RATE_LIMIT
