"""The debug log of LDAP logins shows each step and never a user's password or the bind password.

The service account and the user here get random passwords, so a scan of the log for them
cannot match anything else by chance.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import ServerFactory
from ldap_directory import GRAPH_READERS, DirectoryUser, LdapDirectory, user_dn
from ldap_settings import (
    UNAUTHORIZED,
    current_user,
    http_current_user,
    http_login,
    login_code,
    login_error,
    module_directory,
    raw_basic,
    search_settings,
    start_server,
    template_settings,
)
from server_process import ServerProcess


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def random_user(directory: LdapDirectory, prefix: str, groups: list[str]) -> DirectoryUser:
    login = f"{prefix}-{secrets.token_hex(4)}"
    user = DirectoryUser(login, f"pw-{secrets.token_hex(12)}", user_dn(login))
    directory.add_user(user)
    for group in groups:
        directory.add_member(group, user.dn)
    return user


def debug_settings(settings: dict[str, str]) -> dict[str, str]:
    settings.update({"NORNICDB_LOG_LEVEL": "debug", "NORNICDB_AUTH_DEBUG": "true", "NORNICDB_AUTH_CACHE_TTL": "10m"})
    return settings


def exercise(server: ServerProcess, user: DirectoryUser, used: dict[str, str]) -> None:
    """Log in by every path that handles the password: success, cache hit, wrong, empty, HTTP."""
    assert current_user(server, user.login, user.password)[0] == user.login
    assert current_user(server, user.login, user.password)[0] == user.login
    assert http_current_user(server, user.login, user.password)[0] == user.login
    used["wrong password"] = f"wrong-{secrets.token_hex(12)}"
    assert login_code(server, user.login, used["wrong password"]) == UNAUTHORIZED
    assert http_login(server, user.login, used["wrong password"]).status == 401
    assert login_error(server, raw_basic(user.login, "")) is not None


def assert_no_secrets(log: str, log_path: Path, used: dict[str, str]) -> None:
    leaked = sorted(label for label, value in used.items() if value in log)
    assert not leaked, f"secrets found in the server log ({log_path}): {leaked}"


def test_search_mode_debug_log(server_factory: ServerFactory, directory: LdapDirectory, tmp_path: Path) -> None:
    service = random_user(directory, "svc-log", [])
    user = random_user(directory, "log-user", [GRAPH_READERS])
    password_file = tmp_path / "bind-password"
    password_file.write_text(service.password + "\n")
    password_file.chmod(0o600)
    settings = search_settings(
        directory,
        NORNICDB_LDAP_BIND_DN=service.dn,
        NORNICDB_LDAP_BIND_PASSWORD_FILE=str(password_file),
    )
    del settings["NORNICDB_LDAP_BIND_PASSWORD"]
    server = start_server(server_factory, debug_settings(settings))
    used = {"user password": user.password, "bind password": service.password}
    exercise(server, user, used)
    assert server.stop() == 0
    log = server.log_text()
    assert_no_secrets(log, server.log_path, used)

    # The steps: the directory's URI, the service and user DNs, the groups, the roles, a cache hit.
    assert directory.uri in log, "the directory URI is not in the debug log"
    assert service.dn in log, "the service account's bind DN is not in the debug log"
    assert user.dn in log, "the user's DN is not in the debug log"
    assert GRAPH_READERS in log, "the user's group is not in the debug log"
    assert "viewer" in log, "the mapped role is not in the debug log"
    assert "cache" in log.lower(), "no cache step in the debug log"
    assert "auth.provider=ldap" in log, "no accepted LDAP login in the debug log"


def test_bind_password_variable_not_logged(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    service = random_user(directory, "svc-env", [])
    user = random_user(directory, "env-user", [])
    settings = search_settings(
        directory, NORNICDB_LDAP_BIND_DN=service.dn, NORNICDB_LDAP_BIND_PASSWORD=service.password
    )
    server = start_server(server_factory, debug_settings(settings))
    used = {"user password": user.password, "bind password": service.password}
    exercise(server, user, used)
    assert server.stop() == 0
    assert_no_secrets(server.log_text(), server.log_path, used)


def test_template_mode_debug_log(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    user = random_user(directory, "tpl-user", [GRAPH_READERS])
    server = start_server(server_factory, debug_settings(template_settings(directory)))
    used = {"user password": user.password}
    exercise(server, user, used)
    assert server.stop() == 0
    log = server.log_text()
    assert_no_secrets(log, server.log_path, used)
    assert user.dn in log, "the templated bind DN is not in the debug log"
    assert GRAPH_READERS in log, "the user's group is not in the debug log"
