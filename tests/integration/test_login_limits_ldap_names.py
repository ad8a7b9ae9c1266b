"""The failed-login lock against LDAP user names that the directory matches but the lock counts apart.

slapd matches `uid` values after Unicode compatibility normalization, so a full-width or
mathematical-bold spelling of `alice` binds as alice. The lock keys principals by `lowercased()`
only, so each such spelling has its own count: a locked LDAP user can still log in, and an attacker
gets three more guesses per spelling.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness import ServerFactory
from ldap_directory import ALICE, LdapDirectory
from ldap_settings import login_code, module_directory, template_settings

RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"


def full_width(name: str) -> str:
    """Return `name` in full-width forms (U+FF01 to U+FF5E), which NFKC maps back to ASCII."""
    return "".join(chr(ord(letter) + 0xFEE0) for letter in name)


def bold_first_letter(name: str) -> str:
    """Return `name` with its first lower-case letter as MATHEMATICAL BOLD SMALL (U+1D41A for a)."""
    return chr(0x1D41A + ord(name[0]) - ord("a")) + name[1:]


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def test_variant_spelling_binds(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # The premise: the directory accepts these spellings as alice.
    server = server_factory.standard(template_settings(directory))
    assert login_code(server, full_width(ALICE.login), ALICE.password) is None
    assert login_code(server, bold_first_letter(ALICE.login), ALICE.password) is None


def test_locked_user_variant_refused(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = server_factory.standard(template_settings(directory, NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS="0"))
    assert [login_code(server, ALICE.login, "wrong-password") for _ in range(3)] == [UNAUTHORIZED] * 3
    assert login_code(server, ALICE.login, ALICE.password) == RATE_LIMIT
    assert login_code(server, full_width(ALICE.login), ALICE.password) == RATE_LIMIT


def test_variant_guesses_bounded(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = server_factory.standard(template_settings(directory, NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS="0"))
    spellings = [ALICE.login, full_width(ALICE.login), bold_first_letter(ALICE.login)]
    codes = [login_code(server, spelling, "wrong-password") for spelling in spellings for _ in range(3)]
    # Three guesses in all, then the lock, whatever the spelling.
    assert codes == [UNAUTHORIZED] * 3 + [RATE_LIMIT] * 6, codes
