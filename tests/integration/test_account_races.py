"""Account changes under concurrency and in explicit transactions: commit, rollback, read mode,
the last admin, and the transaction timeout between statements."""

from __future__ import annotations

import threading
import time

import neo4j
import pytest
from neo4j.exceptions import AuthError, ClientError

from harness import ADMIN_USER, ServerFactory, admin_driver, create_user, open_driver, unique_name
from server_process import ServerProcess

INVALID_ARGUMENTS = "Neo.ClientError.General.InvalidArguments"


def user_names(admin: neo4j.Driver) -> list[str]:
    records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    return [record["user"] for record in records]


def can_log_in(server: ServerProcess, name: str, password: str) -> bool:
    with open_driver(server, (name, password)) as driver:
        try:
            driver.verify_connectivity()
        except AuthError:
            return False
    return True


def test_system_transaction_waits_for_commit(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("pending")
    with admin.session(database="system") as session:
        tx = session.begin_transaction()
        tx.run(f"CREATE USER {name} SET PASSWORD 'pending-password' CHANGE NOT REQUIRED").consume()
        tx.run(f"GRANT ROLE admin TO {name}").consume()
        assert name not in user_names(admin)
        assert not can_log_in(server, name, "pending-password")
        tx.commit()
    assert name in user_names(admin)
    assert can_log_in(server, name, "pending-password")


def test_system_transaction_rollback_discards(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("discarded")
    with admin.session(database="system") as session:
        tx = session.begin_transaction()
        tx.run(f"CREATE USER {name} SET PASSWORD 'discarded-password'").consume()
        tx.rollback()
    assert name not in user_names(admin)


def test_run_rejects_unknown_user(admin: neo4j.Driver) -> None:
    with admin.session(database="system") as session:
        tx = session.begin_transaction()
        with pytest.raises(ClientError) as raised:
            tx.run(f"GRANT ROLE viewer TO {unique_name('nobody')}").consume()
        assert raised.value.code == INVALID_ARGUMENTS


def test_rollback_keeps_concurrent_suspension(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("target")
    create_user(admin, name, "target-password", "editor")
    with admin.session(database="system") as session:
        tx = session.begin_transaction()
        tx.run(f"ALTER USER {name} SET PASSWORD CHANGE NOT REQUIRED").consume()
        admin.execute_query(f"ALTER USER {name} SET STATUS SUSPENDED", database_="system")
        tx.rollback()
    records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    assert [record["suspended"] for record in records if record["user"] == name] == [True]
    assert not can_log_in(server, name, "target-password")


def test_read_mode_rejects_account_changes(admin: neo4j.Driver) -> None:
    name = unique_name("readonly")
    with admin.session(database="system", default_access_mode=neo4j.READ_ACCESS) as session:
        with pytest.raises(ClientError) as raised:
            session.run(f"CREATE USER {name} SET PASSWORD 'readonly-password'").consume()
        assert raised.value.code == "Neo.ClientError.Statement.AccessMode"
    with admin.session(database="system", default_access_mode=neo4j.READ_ACCESS) as session:
        assert ADMIN_USER in [record["user"] for record in session.run("SHOW USERS")]
    assert name not in user_names(admin)


def test_last_admin_keeps_admin_role(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    with admin_driver(server) as admin:
        with pytest.raises(ClientError) as raised:
            admin.execute_query(f"REVOKE ROLE admin FROM {ADMIN_USER}", database_="system")
        assert raised.value.code == INVALID_ARGUMENTS
        assert "at least one active admin must remain" in (raised.value.message or "")
        records, _, _ = admin.execute_query("SHOW CURRENT USER", database_="system")
        assert "admin" in records[0]["roles"]

        # Handing the role over in one transaction is allowed.
        heir = unique_name("heir")
        with admin.session(database="system") as session:
            tx = session.begin_transaction()
            tx.run(f"CREATE USER {heir} SET PASSWORD 'heir-password' CHANGE NOT REQUIRED").consume()
            tx.run(f"GRANT ROLE admin TO {heir}").consume()
            tx.run(f"REVOKE ROLE admin FROM {ADMIN_USER}").consume()
            tx.commit()
    with open_driver(server, (heir, "heir-password")) as driver:
        records, _, _ = driver.execute_query("SHOW USERS", database_="system")
        roles = {record["user"]: record["roles"] for record in records}
        assert roles[heir] == ["admin"]
        assert "admin" not in roles[ADMIN_USER]


def test_idle_transaction_times_out(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_TRANSACTION_TIMEOUT": "1"})
    label = unique_name("Held")
    with admin_driver(server) as driver:
        with driver.session() as session:
            tx = session.begin_transaction()
            tx.run(f"CREATE (:{label})").consume()
            time.sleep(1.5)
            # No statement runs past the deadline, so only the check at commit can catch it.
            with pytest.raises(ClientError) as raised:
                tx.commit()
            assert raised.value.code == "Neo.ClientError.Transaction.TransactionTimedOut"
        started = time.monotonic()
        driver.execute_query(f"CREATE (:{label}Other)")
        assert time.monotonic() - started < 2
        records, _, _ = driver.execute_query(f"MATCH (n:{label}) RETURN count(n) AS count")
        assert records[0]["count"] == 0


@pytest.mark.parametrize("statement", ["DROP USER {name}", "ALTER USER {name} SET STATUS SUSPENDED"])
def test_own_password_change_keeps_admin_change(
    server: ServerProcess, admin: neo4j.Driver, statement: str
) -> None:
    # The password change hashes for a while; the admin's change lands during or after it.
    for delay in (0.0, 0.02, 0.06):
        name = unique_name("racer")
        create_user(admin, name, "old-password-1", "editor")
        errors: list[str] = []

        def change_own_password() -> None:
            with open_driver(server, (name, "old-password-1")) as driver:
                try:
                    driver.execute_query(
                        "ALTER CURRENT USER SET PASSWORD FROM 'old-password-1' TO 'new-password-1'",
                        database_="system",
                    )
                except neo4j.exceptions.Neo4jError as error:
                    errors.append(error.code or "")

        thread = threading.Thread(target=change_own_password)
        thread.start()
        time.sleep(delay)
        admin.execute_query(statement.format(name=name), database_="system")
        thread.join()
        assert not can_log_in(server, name, "new-password-1")
        assert not can_log_in(server, name, "old-password-1")
        if statement.startswith("DROP"):
            assert name not in user_names(admin)
