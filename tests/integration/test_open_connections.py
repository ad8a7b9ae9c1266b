"""Changes to an identity reach connections that are already open, and session auth switches users.

The server re-checks the identity of a connection before each request: expiry, account status
and current roles. These tests keep one pooled connection open across each change.
"""

from __future__ import annotations

import time

import neo4j
import pytest
from neo4j.exceptions import AuthError, Forbidden, Neo4jError

from harness import admin_driver, count_nodes, create_user, mint_token, open_driver, unique_name
from server_process import ServerProcess


def current_user(session: neo4j.Session) -> str:
    return session.run("SHOW CURRENT USER").single()["user"]


def test_session_auth_switches_user(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("switcher")
    create_user(admin, name, "switcher-password", "viewer")
    label = unique_name("Switched")
    # One pooled connection, so each change of user is a LOGOFF and LOGON on that connection.
    with admin_driver(server, max_connection_pool_size=1) as driver:
        driver.execute_query("RETURN 1")
        with driver.session(database="system", auth=(name, "switcher-password")) as session:
            assert current_user(session) == name
        with driver.session(auth=(name, "switcher-password")) as session, pytest.raises(Forbidden):
            session.run(f"CREATE (:{label} {{by: 'viewer'}})").consume()
        with driver.session(database="system") as session:
            assert current_user(session) == "admin"
        driver.execute_query(f"CREATE (:{label} {{by: 'admin'}})")
    records, _, _ = admin.execute_query(f"MATCH (n:{label}) RETURN n.by AS by")
    assert [record["by"] for record in records] == ["admin"]


def test_session_auth_wrong_password(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("switchfail")
    create_user(admin, name, "switchfail-password", "viewer")
    with admin.session(auth=(name, "not-the-password")) as session, pytest.raises(AuthError):
        session.run("RETURN 1").consume()
    # The admin's own sessions on the same pool are unaffected.
    records, _, _ = admin.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_role_grant_reaches_open_connection(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("promoted")
    create_user(admin, name, "promoted-password", "viewer")
    label = unique_name("Promoted")
    with open_driver(server, (name, "promoted-password"), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            with pytest.raises(Forbidden):
                session.run(f"CREATE (:{label})").consume()
            admin.execute_query(f"GRANT ROLE editor TO {name}", database_="system")
            session.run(f"CREATE (:{label})").consume()
    assert count_nodes(admin, label) == 1


def test_role_revoke_reaches_open_connection(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("demoted")
    create_user(admin, name, "demoted-password", "editor")
    label = unique_name("Demoted")
    with open_driver(server, (name, "demoted-password"), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            session.run(f"CREATE (:{label})").consume()
            admin.execute_query(f"REVOKE ROLE editor FROM {name}", database_="system")
            with pytest.raises(Neo4jError):
                session.run(f"CREATE (:{label})").consume()
    assert count_nodes(admin, label) == 1


def test_suspension_reaches_open_connection(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("suspended")
    create_user(admin, name, "suspended-password", "editor")
    label = unique_name("Suspended")
    with open_driver(server, (name, "suspended-password"), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            session.run("RETURN 1").consume()
            admin.execute_query(f"ALTER USER {name} SET STATUS SUSPENDED", database_="system")
            with pytest.raises((Neo4jError, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired)):
                session.run(f"CREATE (:{label})").consume()
    assert count_nodes(admin, label) == 0


def test_dropped_user_loses_open_connection(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("dropped")
    create_user(admin, name, "dropped-password", "editor")
    label = unique_name("Dropped")
    with open_driver(server, (name, "dropped-password"), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            session.run("RETURN 1").consume()
            admin.execute_query(f"DROP USER {name}", database_="system")
            with pytest.raises((Neo4jError, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired)):
                session.run(f"CREATE (:{label})").consume()
    assert count_nodes(admin, label) == 0


def test_token_expiry_reaches_open_connection(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("Expiring")
    token = mint_token(unique_name("shortlived"), ["editor"], lifetime=2)
    with open_driver(server, neo4j.bearer_auth(token), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            session.run(f"CREATE (:{label})").consume()
            time.sleep(3.5)
            with pytest.raises((AuthError, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired)):
                session.run(f"CREATE (:{label})").consume()
    assert count_nodes(admin, label) == 1


def test_admin_command_rolled_back_with_transaction(admin: neo4j.Driver) -> None:
    # Rejecting administration commands inside explicit transactions would also be correct,
    # but running one at once and ignoring the rollback is not.
    name = unique_name("rolledback")
    with admin.session(database="system") as session:
        tx = session.begin_transaction()
        try:
            tx.run(f"CREATE USER {name} SET PASSWORD 'rolled-back-password' CHANGE NOT REQUIRED").consume()
        except neo4j.exceptions.ClientError:
            pass
        finally:
            tx.close()
    records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    assert name not in {record["user"] for record in records}
