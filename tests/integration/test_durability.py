"""Data and accounts survive clean restarts and `kill -9` right after a committed write."""

from __future__ import annotations

import pytest
from neo4j.exceptions import AuthError

from harness import ServerFactory, admin_driver, count_nodes, create_user, open_driver, unique_name


def test_data_survives_clean_restart(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    label = unique_name("Durable")
    with admin_driver(server) as driver:
        driver.execute_query(f"CREATE (:{label} {{name: 'kept'}})-[:NEXT]->(:{label} {{name: 'also kept'}})")
    server.restart()
    with admin_driver(server) as driver:
        records, _, _ = driver.execute_query(f"MATCH (a:{label})-[:NEXT]->(b:{label}) RETURN a.name AS a, b.name AS b")
    assert [record.data() for record in records] == [{"a": "kept", "b": "also kept"}]


def test_committed_write_survives_kill(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    label = unique_name("Crash")
    with admin_driver(server) as driver:
        driver.execute_query(f"CREATE (:{label} {{step: 1}})")
        with driver.session() as session:
            with session.begin_transaction() as tx:
                tx.run(f"CREATE (:{label} {{step: 2}})").consume()
                tx.commit()
        server.kill()
    server.start()
    with admin_driver(server) as driver:
        records, _, _ = driver.execute_query(f"MATCH (n:{label}) RETURN n.step AS step ORDER BY step")
    assert [record["step"] for record in records] == [1, 2]


def test_uncommitted_write_lost_on_kill(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    label = unique_name("Open")
    driver = admin_driver(server)
    session = driver.session()
    tx = session.begin_transaction()
    tx.run(f"CREATE (:{label})").consume()
    server.kill()
    # The server is gone, so closing the session may raise on the dead socket. That is expected.
    try:
        session.close()
    except Exception:
        pass
    driver.close()
    server.start()
    with admin_driver(server) as fresh:
        assert count_nodes(fresh, label) == 0


def test_accounts_survive_restart_and_kill(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    kept, dropped = unique_name("kept"), unique_name("dropped")
    with admin_driver(server) as admin:
        create_user(admin, kept, "kept-password", "editor")
        create_user(admin, dropped, "dropped-password", "viewer")
        admin.execute_query(f"DROP USER {dropped}", database_="system")
    server.restart()
    with open_driver(server, (kept, "kept-password")) as driver:
        driver.execute_query("CREATE (:AccountProbe)")
    server.kill()
    server.start()
    with open_driver(server, (kept, "kept-password")) as driver:
        driver.verify_connectivity()
    with open_driver(server, (dropped, "dropped-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_password_change_survives_restart(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    name = unique_name("changer")
    with admin_driver(server) as admin:
        create_user(admin, name, "before-password", "viewer")
    with open_driver(server, (name, "before-password")) as driver:
        driver.execute_query(
            "ALTER CURRENT USER SET PASSWORD FROM 'before-password' TO 'after-password'", database_="system"
        )
    server.restart()
    with open_driver(server, (name, "after-password")) as driver:
        driver.verify_connectivity()
    with open_driver(server, (name, "before-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_generated_admin_password(server_factory: ServerFactory) -> None:
    server = server_factory.create()
    password = server.generated_admin_password()
    assert len(password) >= 8
    with open_driver(server, ("admin", password)) as driver:
        driver.execute_query("CREATE (:GeneratedAdminProbe)")
        records, _, _ = driver.execute_query("SHOW USERS", database_="system")
        assert "admin" in {record["user"] for record in records}
    # A restart keeps the stored admin, so no second password is generated and the first still works.
    server.restart()
    assert server.log_text().count("Generated password for user 'admin'") == 1
    with open_driver(server, ("admin", password)) as driver:
        driver.verify_connectivity()
