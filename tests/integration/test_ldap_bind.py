"""LDAP logins by DN template and by search-then-bind: roles, permissions, failures, empty passwords.

Every test runs twice, against a server with direct bind through a DN template (no service
account) and against one with search-then-bind as the service account. Both list the providers
as `local,ldap`, so the run's local admin keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from neo4j.exceptions import ClientError, Forbidden

from bolt_wire import FAILURE, HELLO, LOGON, BoltSocket, describe, failure_code, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, count_nodes, open_driver, unique_name
from http_client import assert_error, request
from ldap_directory import ALICE, BOB, CAROL, ODD, DirectoryUser, LdapDirectory
from ldap_settings import (
    ALICE_ROLES,
    BOB_ROLES,
    CAROL_ROLES,
    ODD_ROLES,
    UNAUTHORIZED,
    current_user,
    http_current_user,
    http_login,
    login_code,
    login_error,
    module_directory,
    raw_basic,
    run_as,
    settings_for,
    start_server,
)
from server_process import ServerProcess

HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0", "bolt_agent": {"product": "nornicdb-tests/1.0"}}
EXPECTED_ROLES = [
    pytest.param(ALICE, ALICE_ROLES, id="alice-two-groups"),
    pytest.param(BOB, BOB_ROLES, id="bob-one-group"),
    pytest.param(CAROL, CAROL_ROLES, id="carol-no-group"),
    pytest.param(ODD, ODD_ROLES, id="metacharacter-user"),
]


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="module", params=["template", "search"])
def server(
    request: pytest.FixtureRequest, module_server_factory: ServerFactory, directory: LdapDirectory
) -> ServerProcess:
    """A server in DN-template mode or search-then-bind mode, shared by the module's tests.

    The module's tests send many failing logins for the same users, so the failed-login limits,
    which have tests of their own, are off here.
    """
    settings = settings_for(
        request.param, directory, NORNICDB_MAX_FAILED_LOGINS="0", NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS="0"
    )
    return start_server(module_server_factory, settings)


@pytest.mark.parametrize(("user", "roles"), EXPECTED_ROLES)
def test_login_roles_over_bolt(server: ServerProcess, user: DirectoryUser, roles: list[str]) -> None:
    principal, granted = current_user(server, user.login, user.password)
    assert principal == user.login
    assert granted == roles


@pytest.mark.parametrize(("user", "roles"), EXPECTED_ROLES)
def test_login_roles_over_http(server: ServerProcess, user: DirectoryUser, roles: list[str]) -> None:
    principal, granted = http_current_user(server, user.login, user.password)
    assert principal == user.login
    assert granted == roles


def test_admin_group_may_write(server: ServerProcess) -> None:
    label = unique_name("AliceMade")
    run_as(server, ALICE.login, ALICE.password, f"CREATE (:{label})")
    with open_driver(server, (ALICE.login, ALICE.password)) as driver:
        assert count_nodes(driver, label) == 1
        driver.execute_query("SHOW USERS", database_="system")


def test_viewer_cannot_create(server: ServerProcess) -> None:
    label = unique_name("BobMade")
    with pytest.raises(Forbidden):
        run_as(server, BOB.login, BOB.password, f"CREATE (:{label})")
    with open_driver(server, (BOB.login, BOB.password)) as driver:
        assert count_nodes(driver, label) == 0


def test_default_role_cannot_read(server: ServerProcess) -> None:
    with pytest.raises(Forbidden):
        run_as(server, CAROL.login, CAROL.password, "MATCH (n) RETURN count(n)")


def test_local_admin_still_works(server: ServerProcess) -> None:
    assert current_user(server, ADMIN_USER, ADMIN_PASSWORD) == (ADMIN_USER, ["admin"])


def test_wrong_password_unauthorized(server: ServerProcess) -> None:
    assert login_code(server, ALICE.login, "not-alicepw") == UNAUTHORIZED
    assert login_code(server, ALICE.login, BOB.password) == UNAUTHORIZED
    assert_error(http_login(server, ALICE.login, "not-alicepw"), 401, UNAUTHORIZED)


def test_unknown_user_unauthorized(server: ServerProcess) -> None:
    # Search mode finds no entry and passes the login to the local provider, which has no such
    # account either. Template mode gets result 49 from the bind. Both end as Unauthorized.
    nobody = unique_name("nobody")
    assert login_code(server, nobody, "some-password") == UNAUTHORIZED
    assert_error(http_login(server, nobody, "some-password"), 401, UNAUTHORIZED)


def test_empty_password_unauthorized(server: ServerProcess) -> None:
    error = login_error(server, raw_basic(ALICE.login, ""))
    assert error is not None, "an empty password logged in"
    assert error.code == UNAUTHORIZED
    assert_error(http_login(server, ALICE.login, ""), 401, UNAUTHORIZED)


def test_missing_credentials_unauthorized(server: ServerProcess) -> None:
    with BoltSocket(server.address, server.bolt_port) as connection:
        version = connection.handshake(version_slot(5, 4, 3))
        assert version[0] == 5, version
        connection.send(HELLO, HELLO_EXTRA)
        connection.receive()
        connection.send(LOGON, {"scheme": "basic", "principal": ALICE.login})
        reply = connection.receive()
    assert reply.tag == FAILURE, describe([reply])
    assert failure_code(reply) == UNAUTHORIZED, describe([reply])


def test_empty_password_in_raw_logon(server: ServerProcess) -> None:
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.handshake(version_slot(5, 4, 3))
        connection.send(HELLO, HELLO_EXTRA)
        connection.receive()
        connection.send(LOGON, {"scheme": "basic", "principal": ALICE.login, "credentials": ""})
        reply = connection.receive()
    assert reply.tag == FAILURE, describe([reply])
    assert failure_code(reply) == UNAUTHORIZED, describe([reply])


def test_own_password_change_rejected(server: ServerProcess) -> None:
    # An LDAP user has no local password; the directory owns it.
    with open_driver(server, (BOB.login, BOB.password)) as driver:
        with pytest.raises(ClientError):
            driver.execute_query(
                f"ALTER CURRENT USER SET PASSWORD FROM '{BOB.password}' TO 'new-bob-password'", database_="system"
            )
    assert login_code(server, BOB.login, BOB.password) is None
    assert login_code(server, BOB.login, "new-bob-password") == UNAUTHORIZED


def test_no_login_token_for_ldap_user(server: ServerProcess) -> None:
    # Login tokens are for local accounts only; a directory user logs in with basic each time.
    body = {"username": BOB.login, "password": BOB.password}
    response = request(server, "POST", "/api/v1/auth/token", body)
    assert response.status != 200, response.describe()
    assert "access_token" not in response.text, response.describe()


def test_not_listed_by_show_users(server: ServerProcess) -> None:
    # An LDAP login creates no local account.
    current_user(server, BOB.login, BOB.password)
    with open_driver(server, (ADMIN_USER, ADMIN_PASSWORD)) as admin:
        records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    assert BOB.login not in {record["user"] for record in records}


def test_principal_in_lower_case(server: ServerProcess) -> None:
    # The directory matches uid case-insensitively, so every spelling is one principal.
    principal, roles = current_user(server, "Bob", BOB.password)
    assert principal == "bob"
    assert roles == BOB_ROLES


def test_driver_auth_token_object(server: ServerProcess) -> None:
    with open_driver(server, neo4j.basic_auth(BOB.login, BOB.password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
