"""Accounts created with CHANGE REQUIRED: log in, change the password, then work normally."""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import AuthError, ClientError

from harness import create_user, open_driver, unique_name
from server_process import ServerProcess

CREDENTIALS_EXPIRED = "Neo.ClientError.Security.CredentialsExpired"


def test_password_change_flow(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("newhire")
    initial, changed = "initial-password", "changed-password"
    create_user(admin, name, initial, "editor", change_required=True)

    with open_driver(server, (name, initial)) as driver:
        driver.verify_connectivity()
        with pytest.raises(ClientError) as raised:
            driver.execute_query("RETURN 1")
        assert raised.value.code == CREDENTIALS_EXPIRED
        with pytest.raises(ClientError) as raised:
            driver.execute_query("MATCH (n) RETURN count(n)")
        assert raised.value.code == CREDENTIALS_EXPIRED
        with pytest.raises(ClientError) as raised:
            driver.execute_query("SHOW USERS", database_="system")
        assert raised.value.code == CREDENTIALS_EXPIRED

        driver.execute_query(f"ALTER CURRENT USER SET PASSWORD FROM '{initial}' TO '{changed}'", database_="system")

    with open_driver(server, (name, changed)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1
        driver.execute_query("CREATE (:ChangedPasswordProbe)")

    with open_driver(server, (name, initial)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_password_change_with_wrong_old_password(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("forgetful")
    create_user(admin, name, "initial-password", "viewer", change_required=True)
    with open_driver(server, (name, "initial-password")) as driver:
        with pytest.raises(ClientError) as raised:
            driver.execute_query(
                "ALTER CURRENT USER SET PASSWORD FROM 'not-my-password' TO 'another-password'", database_="system"
            )
        # The change itself is allowed, so the error must be about the old password.
        assert raised.value.code != CREDENTIALS_EXPIRED
    # The original password still works and is still marked for change.
    with open_driver(server, (name, "initial-password")) as driver:
        with pytest.raises(ClientError) as raised:
            driver.execute_query("RETURN 1")
        assert raised.value.code == CREDENTIALS_EXPIRED


def test_password_change_to_same_password_rejected(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("samey")
    create_user(admin, name, "initial-password", "viewer", change_required=True)
    with open_driver(server, (name, "initial-password")) as driver:
        with pytest.raises(ClientError):
            driver.execute_query(
                "ALTER CURRENT USER SET PASSWORD FROM 'initial-password' TO 'initial-password'", database_="system"
            )


def test_admin_forces_password_change(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("reset")
    create_user(admin, name, "first-password", "viewer")
    with open_driver(server, (name, "first-password")) as driver:
        driver.execute_query("RETURN 1")
    admin.execute_query(f"ALTER USER {name} SET PASSWORD 'temporary-password' CHANGE REQUIRED", database_="system")
    with open_driver(server, (name, "temporary-password")) as driver:
        with pytest.raises(ClientError) as raised:
            driver.execute_query("RETURN 1")
        assert raised.value.code == CREDENTIALS_EXPIRED
    with open_driver(server, (name, "first-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()
