"""PAM logins over Bolt and HTTP: passwords, account management, conversations, provider order.

The users and services are described in pam_stack.py; every server here runs under pam_wrapper
and nss_wrapper, so nothing under /etc is read or changed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bolt_wire import FAILURE, HELLO, LOGON, BoltSocket, describe, failure_code, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, JWT_SECRET, ServerFactory, create_user, open_driver, unique_name
from http_client import assert_error, commit
from pam_stack import (
    ALICE_PASSWORD,
    ALICE_ROLES,
    AUTH_PROVIDER_FAILED,
    BOB_PASSWORD,
    BROKEN_SERVICE,
    CAROL_PASSWORD,
    CHATTY_SERVICE,
    ECHO_SERVICE,
    ERIN_PASSWORD,
    PWDFILE_SERVICE,
    UNAUTHORIZED,
    PamStack,
    current_user,
    http_current_user,
    login_code,
    make_stack,
    require_wrappers,
)
from server_process import ServerProcess, binary_path, clean_environment, free_port

HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0", "bolt_agent": {"product": "nornicdb-tests/1.0"}}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    return make_stack(tmp_path_factory.mktemp("pam"))


@pytest.fixture(scope="module")
def server(module_server_factory: ServerFactory, stack: PamStack) -> ServerProcess:
    """The pam_matrix service after the local provider, with debug logs of every login."""
    return module_server_factory.standard(stack.settings(NORNICDB_AUTH_DEBUG="true"))


def test_login_right_password(server: ServerProcess) -> None:
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)


def test_login_over_http(server: ServerProcess) -> None:
    assert http_current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)


def test_wrong_password_rejected(server: ServerProcess) -> None:
    assert login_code(server, "alice", "not-" + ALICE_PASSWORD) == UNAUTHORIZED


def test_wrong_password_over_http(server: ServerProcess) -> None:
    response = commit(server, ("alice", "not-" + ALICE_PASSWORD), "RETURN 1")
    assert_error(response, 401, UNAUTHORIZED)


def test_account_management_refuses(server: ServerProcess) -> None:
    # bob's password is right, but pam_matrix allows him another service only.
    assert login_code(server, "bob", BOB_PASSWORD) == UNAUTHORIZED
    assert "pam: login rejected: pam_acct_mgmt returned" in server.log_text()


def test_unknown_user_rejected(server: ServerProcess) -> None:
    assert login_code(server, unique_name("nobody"), "whatever-password") == UNAUTHORIZED


def test_empty_password_not_sent(server: ServerProcess) -> None:
    # The Python driver leaves an empty password out, so the LOGON message is sent by hand.
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.handshake(version_slot(5, 4, 3))
        connection.send(HELLO, HELLO_EXTRA)
        connection.receive()
        connection.send(LOGON, {"scheme": "basic", "principal": "carol", "credentials": ""})
        reply = connection.receive()
    assert reply.tag == FAILURE, describe([reply])
    assert failure_code(reply) == UNAUTHORIZED, describe([reply])
    assert "pam: empty password rejected without calling PAM" in server.log_text()


def test_empty_password_over_http(server: ServerProcess) -> None:
    response = commit(server, ("carol", ""), "RETURN 1")
    assert_error(response, 401, UNAUTHORIZED)


def test_long_password_not_sent(server: ServerProcess) -> None:
    # Linux-PAM's PAM_MAX_RESP_SIZE is 512 bytes; a longer password never reaches the stack.
    assert login_code(server, "alice", "p" * 513) == UNAUTHORIZED
    assert "pam: password longer than 512 bytes rejected without calling PAM" in server.log_text()


def test_service_file_present_no_warning(server: ServerProcess) -> None:
    assert "no PAM service file" not in server.log_text()


def test_missing_service_file_warns(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings("no-such-service-" + unique_name("")))
    assert "no PAM service file" in server.log_text()
    assert login_code(server, "alice", ALICE_PASSWORD) == UNAUTHORIZED


def test_local_accounts_still_work(server: ServerProcess) -> None:
    assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])


def test_no_login_cache(server: ServerProcess, stack: PamStack) -> None:
    # Every login reaches PAM: after carol leaves the password file her next login fails.
    assert current_user(server, "carol", CAROL_PASSWORD) == ("carol", ["none"])
    passdb = stack.root / "passdb"
    original = passdb.read_text()
    try:
        passdb.write_text(original.replace(f"carol:{CAROL_PASSWORD}", "carol:changed-elsewhere"))
        assert login_code(server, "carol", CAROL_PASSWORD) == UNAUTHORIZED
    finally:
        passdb.write_text(original)
    assert current_user(server, "carol", CAROL_PASSWORD) == ("carol", ["none"])


def test_echo_on_prompt_rejected(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(ECHO_SERVICE))
    assert login_code(server, "alice", ALICE_PASSWORD) == UNAUTHORIZED
    # The stack can never work with the server, so the reason is a warning, not only a debug line.
    assert "other than a password prompt" in server.log_text()


def test_info_messages_ignored(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(CHATTY_SERVICE, NORNICDB_AUTH_DEBUG="true"))
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)
    assert login_code(server, "alice", "not-" + ALICE_PASSWORD) == UNAUTHORIZED


def test_crypt_hash_checked(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(PWDFILE_SERVICE))
    assert current_user(server, "erin", ERIN_PASSWORD) == ("erin", ["viewer"])
    assert login_code(server, "erin", "not-" + ERIN_PASSWORD) == UNAUTHORIZED


def test_broken_stack_fails(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(BROKEN_SERVICE))
    assert login_code(server, "alice", ALICE_PASSWORD) == AUTH_PROVIDER_FAILED
    assert "pam: login could not be checked" in server.log_text()
    response = commit(server, ("alice", ALICE_PASSWORD), "RETURN 1")
    assert_error(response, 502, AUTH_PROVIDER_FAILED)


@pytest.fixture
def pam_first(server_factory: ServerFactory, stack: PamStack) -> Iterator[ServerProcess]:
    """The pam_pwdfile service before the local provider; frank is a local account only."""
    server = server_factory.standard(stack.settings(PWDFILE_SERVICE, providers="pam,local"))
    with open_driver(server, (ADMIN_USER, ADMIN_PASSWORD)) as admin:
        create_user(admin, "frank", "frank-local-password", role="editor")
    yield server


def test_pam_first_falls_through(pam_first: ServerProcess) -> None:
    # pam_pwdfile returns PAM_USER_UNKNOWN for frank, so the local provider decides.
    assert current_user(pam_first, "frank", "frank-local-password") == ("frank", ["editor"])


def test_pam_first_decides_known_user(pam_first: ServerProcess) -> None:
    assert current_user(pam_first, "erin", ERIN_PASSWORD) == ("erin", ["viewer"])
    assert login_code(pam_first, "erin", "not-" + ERIN_PASSWORD) == UNAUTHORIZED


def test_pam_only_provider(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(providers="pam"))
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)
    assert login_code(server, ADMIN_USER, ADMIN_PASSWORD) == UNAUTHORIZED


def test_settings_as_flags(server_factory: ServerFactory, stack: PamStack) -> None:
    settings = stack.settings(PWDFILE_SERVICE)
    del settings["NORNICDB_PAM_SERVICE"]
    server = server_factory.standard(settings, args=["--pam-service", PWDFILE_SERVICE, "--pam-default-role", "editor"])
    assert current_user(server, "erin", ERIN_PASSWORD) == ("erin", ["viewer"])


def run_serve(tmp_path: Path, settings: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `nornicdb serve` with `settings`, expecting it to exit by itself within 15 seconds."""
    env = clean_environment()
    env.update(
        {
            "NORNICDB_DATA_DIR": str(tmp_path / "data"),
            "NORNICDB_ADDRESS": "127.0.0.1",
            "NORNICDB_BOLT_PORT": str(free_port()),
            "NORNICDB_HTTP_PORT": str(free_port()),
            "NORNICDB_AUTH": f"{ADMIN_USER}:{ADMIN_PASSWORD}",
            "NORNICDB_JWT_SECRET": JWT_SECRET,
        }
    )
    env.update(settings)
    try:
        return subprocess.run(
            [str(binary_path()), "serve"], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=15
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"server kept running with invalid PAM settings {sorted(settings)}")


START_UP_ERRORS = [
    pytest.param({"NORNICDB_PAM_SERVICE": "nornicdb"}, "NORNICDB_PAM_SERVICE", id="pam-setting-without-provider"),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "local,ldap", "NORNICDB_PAM_TIMEOUT": "5s"},
        "NORNICDB_PAM_TIMEOUT",
        id="pam-setting-with-ldap-only",
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "pam", "NORNICDB_PAM_SERVICE": "../shadow"},
        "NORNICDB_PAM_SERVICE",
        id="service-path",
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "pam", "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING": "graph-admins = root"},
        "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING",
        id="mapping-role",
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "pam", "NORNICDB_PAM_DEFAULT_ROLE": "superuser"},
        "NORNICDB_PAM_DEFAULT_ROLE",
        id="default-role",
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "pam", "NORNICDB_PAM_TIMEOUT": "0s"}, "NORNICDB_PAM_TIMEOUT", id="timeout"
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "pam", "NORNICDB_PAM_MAX_CONCURRENT": "0"},
        "NORNICDB_PAM_MAX_CONCURRENT",
        id="max-concurrent",
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "pam", "NORNICDB_PAM_REQUIRED_GROUP": " "},
        "NORNICDB_PAM_REQUIRED_GROUP",
        id="required-group-empty",
    ),
]


@pytest.mark.parametrize(("settings", "variable"), START_UP_ERRORS)
def test_start_up_error(tmp_path: Path, settings: dict[str, str], variable: str) -> None:
    result = run_serve(tmp_path, settings)
    assert result.returncode == 2, result.stderr
    assert variable in result.stderr, result.stderr


def test_help_lists_settings() -> None:
    result = subprocess.run(
        [str(binary_path()), "serve", "--help"], capture_output=True, text=True, timeout=15, env=clean_environment()
    )
    for variable in [
        "NORNICDB_PAM_SERVICE",
        "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING",
        "NORNICDB_PAM_DEFAULT_ROLE",
        "NORNICDB_PAM_REQUIRED_GROUP",
        "NORNICDB_PAM_TIMEOUT",
        "NORNICDB_PAM_MAX_CONCURRENT",
    ]:
        assert variable in result.stdout + result.stderr, variable
