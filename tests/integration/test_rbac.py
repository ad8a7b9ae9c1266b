"""Role-based access: what the viewer, editor, admin and none roles may do."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from neo4j.exceptions import AuthError, Forbidden

from harness import count_nodes, create_user, open_driver, unique_name
from server_process import ServerProcess

PASSWORDS = {"viewer": "viewer-password", "editor": "editor-password", "none": "no-role-password"}


@pytest.fixture(scope="module")
def role_drivers(server: ServerProcess, admin: neo4j.Driver) -> Iterator[dict[str, neo4j.Driver]]:
    """One driver per role, each logged in as a new account holding only that role."""
    drivers = {}
    for role, password in PASSWORDS.items():
        name = unique_name(role)
        create_user(admin, name, password, role)
        drivers[role] = open_driver(server, (name, password))
    drivers["admin"] = admin
    yield drivers
    for role, driver in drivers.items():
        if role != "admin":
            driver.close()


@pytest.fixture
def seeded_label(admin: neo4j.Driver) -> str:
    label = unique_name("Seed")
    admin.execute_query(f"CREATE (:{label} {{name: 'one'}}), (:{label} {{name: 'two'}})")
    return label


def test_viewer_can_read(role_drivers: dict[str, neo4j.Driver], seeded_label: str) -> None:
    assert count_nodes(role_drivers["viewer"], seeded_label) == 2


def test_viewer_cannot_create(role_drivers: dict[str, neo4j.Driver], admin: neo4j.Driver) -> None:
    label = unique_name("ViewerMade")
    with pytest.raises(Forbidden) as raised:
        role_drivers["viewer"].execute_query(f"CREATE (n:{label})")
    assert raised.value.code == "Neo.ClientError.Security.Forbidden"
    with pytest.raises(Forbidden):
        role_drivers["viewer"].execute_query("CREATE (n)")
    assert count_nodes(admin, label) == 0


def test_viewer_cannot_delete(role_drivers: dict[str, neo4j.Driver], admin: neo4j.Driver, seeded_label: str) -> None:
    with pytest.raises(Forbidden):
        role_drivers["viewer"].execute_query("MATCH (n) DELETE n")
    with pytest.raises(Forbidden):
        role_drivers["viewer"].execute_query(f"MATCH (n:{seeded_label}) DETACH DELETE n")
    assert count_nodes(admin, seeded_label) == 2


def test_viewer_cannot_set_property(
    role_drivers: dict[str, neo4j.Driver], admin: neo4j.Driver, seeded_label: str
) -> None:
    with pytest.raises(Forbidden):
        role_drivers["viewer"].execute_query(f"MATCH (n:{seeded_label}) SET n.name = 'changed'")
    records, _, _ = admin.execute_query(f"MATCH (n:{seeded_label}) RETURN n.name AS name ORDER BY name")
    assert [record["name"] for record in records] == ["one", "two"]


def test_viewer_write_in_transaction_forbidden(role_drivers: dict[str, neo4j.Driver], admin: neo4j.Driver) -> None:
    label = unique_name("ViewerTx")
    with role_drivers["viewer"].session() as session:
        with pytest.raises(Forbidden):
            with session.begin_transaction() as tx:
                tx.run(f"CREATE (:{label})").consume()
                tx.commit()
    assert count_nodes(admin, label) == 0


def test_editor_can_write_and_delete(role_drivers: dict[str, neo4j.Driver], admin: neo4j.Driver) -> None:
    editor = role_drivers["editor"]
    label = unique_name("EditorMade")
    editor.execute_query(f"CREATE (:{label} {{v: 1}})-[:REL]->(:{label} {{v: 2}})")
    assert count_nodes(admin, label) == 2
    editor.execute_query(f"MATCH (n:{label}) SET n.v = n.v + 10")
    editor.execute_query(f"MATCH (n:{label}) DETACH DELETE n")
    assert count_nodes(admin, label) == 0


def test_editor_cannot_create_index(role_drivers: dict[str, neo4j.Driver]) -> None:
    label = unique_name("Indexed")
    with pytest.raises(Forbidden):
        role_drivers["editor"].execute_query(f"CREATE INDEX {label.lower()}_name FOR (n:{label}) ON (n.name)")


def test_admin_can_create_index(admin: neo4j.Driver) -> None:
    label = unique_name("AdminIndexed")
    admin.execute_query(f"CREATE INDEX {label.lower()}_name FOR (n:{label}) ON (n.name)")


@pytest.mark.parametrize("role", ["viewer", "editor", "none"])
def test_user_administration_needs_admin(role_drivers: dict[str, neo4j.Driver], role: str) -> None:
    driver = role_drivers[role]
    victim = unique_name("victim")
    with pytest.raises(Forbidden):
        driver.execute_query("SHOW USERS", database_="system")
    with pytest.raises(Forbidden):
        driver.execute_query(
            f"CREATE USER {victim} SET PASSWORD 'victim-password' CHANGE NOT REQUIRED", database_="system"
        )
    with pytest.raises(Forbidden):
        driver.execute_query("GRANT ROLE admin TO admin", database_="system")


def test_editor_cannot_promote_itself(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("climber")
    create_user(admin, name, "climber-password", "editor")
    with open_driver(server, (name, "climber-password")) as driver:
        with pytest.raises(Forbidden):
            driver.execute_query(f"GRANT ROLE admin TO {name}", database_="system")
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE INDEX climb_{name} FOR (n:Climb) ON (n.x)")


@pytest.mark.parametrize("role", ["viewer", "editor", "none", "admin"])
def test_show_current_user_for_anyone(role_drivers: dict[str, neo4j.Driver], role: str) -> None:
    records, _, _ = role_drivers[role].execute_query("SHOW CURRENT USER", database_="system")
    assert len(records) == 1
    assert isinstance(records[0]["user"], str)


def test_none_role_cannot_read(role_drivers: dict[str, neo4j.Driver], seeded_label: str) -> None:
    with pytest.raises(Forbidden):
        role_drivers["none"].execute_query(f"MATCH (n:{seeded_label}) RETURN n")


def test_admin_user_lifecycle(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("bob")
    admin.execute_query(f"CREATE USER {name} SET PASSWORD 'bobpassword' CHANGE NOT REQUIRED", database_="system")
    admin.execute_query(f"GRANT ROLE editor TO {name}", database_="system")
    records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    users = {record["user"]: record for record in records}
    assert name in users
    assert "editor" in users[name]["roles"]

    with open_driver(server, (name, "bobpassword")) as driver:
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        assert records[0]["user"] == name

    admin.execute_query(f"ALTER USER {name} SET STATUS SUSPENDED", database_="system")
    with open_driver(server, (name, "bobpassword")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()

    admin.execute_query(f"DROP USER {name}", database_="system")
    records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    assert name not in {record["user"] for record in records}
    with open_driver(server, (name, "bobpassword")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_short_password_rejected(admin: neo4j.Driver) -> None:
    name = unique_name("shorty")
    with pytest.raises(neo4j.exceptions.ClientError):
        admin.execute_query(f"CREATE USER {name} SET PASSWORD 'short' CHANGE NOT REQUIRED", database_="system")
    records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    assert name not in {record["user"] for record in records}
