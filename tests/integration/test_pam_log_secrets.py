"""No password of a PAM login reaches the server log, even with NORNICDB_AUTH_DEBUG=true."""

from __future__ import annotations

import secrets

import pytest

from harness import ADMIN_PASSWORD, ServerFactory
from http_client import commit
from pam_stack import (
    ALICE_PASSWORD,
    BOB_PASSWORD,
    CHATTY_SERVICE,
    ECHO_SERVICE,
    ERIN_PASSWORD,
    PASSWORDS,
    PWDFILE_SERVICE,
    SERVICE,
    SLOW_SERVICE,
    UNAUTHORIZED,
    PamStack,
    current_user,
    login_code,
    make_stack,
    require_wrappers,
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    return make_stack(tmp_path_factory.mktemp("pam"))


@pytest.mark.parametrize("service", [SERVICE, ECHO_SERVICE, CHATTY_SERVICE, PWDFILE_SERVICE, SLOW_SERVICE])
def test_log_has_no_password(server_factory: ServerFactory, stack: PamStack, service: str) -> None:
    wrong = "wrong-" + secrets.token_hex(8)
    settings = stack.settings(service, NORNICDB_AUTH_DEBUG="true", NORNICDB_PAM_TIMEOUT="1s")
    server = server_factory.standard(settings)
    # Every path that handles a password: accepted, wrong, refused by account management,
    # unknown user, timed out, and HTTP.
    for user, password in [
        ("alice", ALICE_PASSWORD),
        ("alice", wrong),
        ("bob", BOB_PASSWORD),
        ("erin", ERIN_PASSWORD),
        ("nobody", wrong),
    ]:
        login_code(server, user, password)
        commit(server, (user, password), "RETURN 1")
    server_factory.close()
    log = server.log_text()
    assert "pam:" in log, "the debug lines of the PAM provider are missing; the scan proved nothing"
    for secret in [*PASSWORDS, wrong, ADMIN_PASSWORD]:
        assert secret not in log


def test_debug_log_names_the_step(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(NORNICDB_AUTH_DEBUG="true"))
    assert current_user(server, "alice", ALICE_PASSWORD)[0] == "alice"
    assert login_code(server, "alice", "not-" + ALICE_PASSWORD) == UNAUTHORIZED
    log = server.log_text()
    assert "pam: login accepted" in log
    assert "pam: login rejected: pam_authenticate returned 7 (Authentication failure)" in log


def test_no_debug_lines_by_default(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings())
    assert login_code(server, "alice", "not-" + ALICE_PASSWORD) == UNAUTHORIZED
    assert "pam: login rejected" not in server.log_text()
