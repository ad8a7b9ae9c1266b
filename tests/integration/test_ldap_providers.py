"""Provider order (`local,ldap` and `ldap,local`) and the start-up checks of the LDAP settings.

The first provider in NORNICDB_AUTH_PROVIDERS that has the user decides, and a wrong password
there does not fall through to the next. The LDAP provider in search mode, or in DN-template
mode with a service account, claims exactly the users it finds. In DN-template mode without a
service account it claims every name, because a failed bind cannot tell an unknown user from a
wrong password.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import ADMIN_PASSWORD, ADMIN_USER, JWT_SECRET, ServerFactory, admin_driver, create_user, unique_name
from http_client import assert_error
from ldap_directory import BOB, CAROL, PEOPLE, SERVICE, LdapDirectory
from ldap_settings import (
    BOB_ROLES,
    CAROL_ROLES,
    UNAUTHORIZED,
    USER_DN_TEMPLATE,
    current_user,
    http_login,
    login_code,
    module_directory,
    search_settings,
    start_server,
    template_settings,
)
from server_process import ServerProcess, binary_path, clean_environment, free_port

# bob's password in the local account store, which differs from his directory password.
LOCAL_BOB_PASSWORD = "local-bob-password"
LOCAL_ONLY_PASSWORD = "local-only-password"


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


def add_local_accounts(server: ServerProcess) -> str:
    """Create a local `bob` (role editor) and a local-only user (role viewer); return the latter's name."""
    local_only = unique_name("localonly")
    with admin_driver(server) as admin:
        create_user(admin, BOB.login, LOCAL_BOB_PASSWORD, "editor")
        create_user(admin, local_only, LOCAL_ONLY_PASSWORD, "viewer")
    return local_only


@pytest.fixture(scope="module")
def local_first(module_server_factory: ServerFactory, directory: LdapDirectory) -> tuple[ServerProcess, str]:
    server = start_server(module_server_factory, search_settings(directory, NORNICDB_AUTH_PROVIDERS="local,ldap"))
    return server, add_local_accounts(server)


@pytest.fixture(scope="module")
def ldap_first(module_server_factory: ServerFactory, directory: LdapDirectory) -> tuple[ServerProcess, str]:
    server = start_server(module_server_factory, search_settings(directory, NORNICDB_AUTH_PROVIDERS="ldap,local"))
    return server, add_local_accounts(server)


def test_local_first_local_password(local_first: tuple[ServerProcess, str]) -> None:
    server, _ = local_first
    assert current_user(server, BOB.login, LOCAL_BOB_PASSWORD) == (BOB.login, ["editor"])


def test_local_first_no_fall_through(local_first: tuple[ServerProcess, str]) -> None:
    # The local store has an account bob, so his directory password is just a wrong local password.
    server, _ = local_first
    assert login_code(server, BOB.login, BOB.password) == UNAUTHORIZED
    assert_error(http_login(server, BOB.login, BOB.password), 401, UNAUTHORIZED)


def test_local_first_directory_user(local_first: tuple[ServerProcess, str]) -> None:
    server, local_only = local_first
    assert current_user(server, CAROL.login, CAROL.password) == (CAROL.login, CAROL_ROLES)
    assert current_user(server, local_only, LOCAL_ONLY_PASSWORD) == (local_only, ["viewer"])
    assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])


def test_ldap_first_directory_password(ldap_first: tuple[ServerProcess, str]) -> None:
    # SHOW CURRENT USER must show the LDAP identity, not the local account of the same name.
    server, _ = ldap_first
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


def test_ldap_first_no_fall_through(ldap_first: tuple[ServerProcess, str]) -> None:
    server, _ = ldap_first
    assert login_code(server, BOB.login, LOCAL_BOB_PASSWORD) == UNAUTHORIZED
    assert_error(http_login(server, BOB.login, LOCAL_BOB_PASSWORD), 401, UNAUTHORIZED)


def test_ldap_first_falls_through(ldap_first: tuple[ServerProcess, str]) -> None:
    # Users the directory search does not find are left to the local provider.
    server, local_only = ldap_first
    assert current_user(server, local_only, LOCAL_ONLY_PASSWORD) == (local_only, ["viewer"])
    assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])
    assert login_code(server, unique_name("nobody"), "some-password") == UNAUTHORIZED


def test_template_first_claims_all(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # Without a service account, the LDAP provider binds as uid=admin, gets result 49 and
    # decides: the local admin from NORNICDB_AUTH is never asked.
    server = start_server(server_factory, template_settings(directory, NORNICDB_AUTH_PROVIDERS="ldap,local"))
    assert login_code(server, ADMIN_USER, ADMIN_PASSWORD) == UNAUTHORIZED
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    # The operator is told at start-up that local accounts are locked out.
    assert "local accounts, including admin, cannot log in" in server.log_text()


def test_local_first_template_no_warning(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, template_settings(directory, NORNICDB_AUTH_PROVIDERS="local,ldap"))
    assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])
    assert "ldap comes before local" not in server.log_text()


def test_template_with_service_falls_through(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = template_settings(
        directory,
        NORNICDB_AUTH_PROVIDERS="ldap,local",
        NORNICDB_LDAP_BIND_DN=SERVICE.dn,
        NORNICDB_LDAP_BIND_PASSWORD=SERVICE.password,
    )
    server = start_server(server_factory, settings)
    local_only = unique_name("localonly")
    with admin_driver(server) as admin:
        create_user(admin, local_only, LOCAL_ONLY_PASSWORD, "viewer")
    assert current_user(server, local_only, LOCAL_ONLY_PASSWORD) == (local_only, ["viewer"])
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    assert login_code(server, BOB.login, "not-bobpw") == UNAUTHORIZED


def test_ldap_only_provider(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    server = start_server(server_factory, search_settings(directory, NORNICDB_AUTH_PROVIDERS="ldap"))
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)
    # Without the local provider, the local admin from NORNICDB_AUTH cannot log in.
    assert login_code(server, ADMIN_USER, ADMIN_PASSWORD) == UNAUTHORIZED


def test_settings_as_flags(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    # Each variable is also a `serve` flag: NORNICDB_LDAP_USER_DN_TEMPLATE is --ldap-user-dn-template.
    settings = template_settings(directory, NORNICDB_AUTH_CACHE_TTL="0")
    flags = []
    for variable, value in settings.items():
        flags += ["--" + variable.removeprefix("NORNICDB_").lower().replace("_", "-"), value]
    server = server_factory.standard(args=flags)
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


def test_flag_overrides_variable(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    settings = template_settings(directory, NORNICDB_LDAP_URIS=f"ldap://127.0.0.1:{free_port()}")
    server = server_factory.standard(settings, args=["--ldap-uris", directory.uri])
    assert current_user(server, BOB.login, BOB.password) == (BOB.login, BOB_ROLES)


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
            [str(binary_path()), "serve"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=15,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"server kept running with invalid LDAP settings {sorted(settings)}")


LDAP_URI = "ldap://127.0.0.1:389"
START_UP_ERRORS = [
    pytest.param({"NORNICDB_LDAP_URIS": LDAP_URI}, "NORNICDB_LDAP_URIS", id="ldap-setting-without-provider"),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "local", "NORNICDB_LDAP_USER_DN_TEMPLATE": USER_DN_TEMPLATE},
        "NORNICDB_LDAP_USER_DN_TEMPLATE",
        id="template-with-local-only",
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "local,ldap", "NORNICDB_LDAP_USER_DN_TEMPLATE": USER_DN_TEMPLATE},
        "NORNICDB_LDAP_URIS",
        id="ldap-without-uris",
    ),
    pytest.param(
        {"NORNICDB_AUTH_PROVIDERS": "ldap", "NORNICDB_LDAP_URIS": LDAP_URI},
        ("NORNICDB_LDAP_USER_DN_TEMPLATE", "NORNICDB_LDAP_USER_SEARCH_BASE"),
        id="neither-template-nor-search-base",
    ),
    pytest.param(
        {
            "NORNICDB_AUTH_PROVIDERS": "ldap",
            "NORNICDB_LDAP_URIS": LDAP_URI,
            "NORNICDB_LDAP_USER_DN_TEMPLATE": USER_DN_TEMPLATE,
            "NORNICDB_LDAP_USER_SEARCH_BASE": PEOPLE,
        },
        ("NORNICDB_LDAP_USER_DN_TEMPLATE", "NORNICDB_LDAP_USER_SEARCH_BASE"),
        id="template-and-search-base",
    ),
    pytest.param({"NORNICDB_AUTH_PROVIDERS": "local,kerberos"}, "NORNICDB_AUTH_PROVIDERS", id="unknown-provider"),
    pytest.param({"NORNICDB_AUTH_PROVIDERS": "local,local"}, "NORNICDB_AUTH_PROVIDERS", id="repeated-provider"),
    pytest.param(
        {
            "NORNICDB_AUTH_PROVIDERS": "ldap",
            "NORNICDB_LDAP_URIS": "http://127.0.0.1:389",
            "NORNICDB_LDAP_USER_DN_TEMPLATE": USER_DN_TEMPLATE,
        },
        "NORNICDB_LDAP_URIS",
        id="uri-scheme",
    ),
    pytest.param({"NORNICDB_AUTH_CACHE_TTL": "soon"}, "NORNICDB_AUTH_CACHE_TTL", id="cache-ttl"),
    pytest.param(
        {
            "NORNICDB_AUTH_PROVIDERS": "ldap",
            "NORNICDB_LDAP_URIS": LDAP_URI,
            "NORNICDB_LDAP_USER_SEARCH_BASE": "not a dn",
        },
        "NORNICDB_LDAP_USER_SEARCH_BASE",
        id="search-base-not-a-dn",
    ),
    pytest.param(
        {
            "NORNICDB_AUTH_PROVIDERS": "ldap",
            "NORNICDB_LDAP_URIS": LDAP_URI,
            "NORNICDB_LDAP_USER_DN_TEMPLATE": USER_DN_TEMPLATE,
            "NORNICDB_LDAP_CA_FILE": "/nonexistent/ca.pem",
        },
        "NORNICDB_LDAP_CA_FILE",
        id="ca-file-missing",
    ),
]


@pytest.mark.parametrize(("settings", "variables"), START_UP_ERRORS)
def test_start_up_error(tmp_path: Path, settings: dict[str, str], variables: str | tuple[str, ...]) -> None:
    # Where two settings conflict or one of two is missing, naming either of them is enough.
    names = (variables,) if isinstance(variables, str) else variables
    result = run_serve(tmp_path, settings)
    assert result.returncode != 0, result.stderr
    assert any(name in result.stderr for name in names), result.stderr


def test_bind_password_not_echoed(tmp_path: Path) -> None:
    # The provider is missing, so start-up fails on a bind password that must not be printed.
    password = "service-secret-" + unique_name("")
    result = run_serve(tmp_path, {"NORNICDB_LDAP_BIND_PASSWORD": password})
    assert result.returncode != 0, result.stderr
    assert "NORNICDB_LDAP_BIND_PASSWORD" in result.stderr, result.stderr
    assert password not in result.stderr
    assert password not in result.stdout
