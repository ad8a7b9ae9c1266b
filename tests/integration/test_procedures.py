"""Built-in procedures over Bolt, their permissions, and procedures defined by NORNICDB_TEST_PROCEDURES."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import ClientError, Forbidden

from harness import ADMIN_USER, ServerFactory, admin_driver, create_user, open_driver, unique_name
from server_process import ServerProcess, ServerStartError

PASSWORDS = {"viewer": "viewer-password", "none": "no-role-password"}


@pytest.fixture(scope="module")
def role_drivers(server: ServerProcess, admin: neo4j.Driver) -> Iterator[dict[str, tuple[str, neo4j.Driver]]]:
    """A user name and a driver per role, each logged in as a new account holding only that role."""
    drivers = {}
    for role, password in PASSWORDS.items():
        name = unique_name(role)
        create_user(admin, name, password, role)
        drivers[role] = (name, open_driver(server, (name, password)))
    yield drivers
    for _, driver in drivers.values():
        driver.close()


def test_db_indexes_lists_created_index(admin: neo4j.Driver) -> None:
    label = unique_name("Indexed")
    index = unique_name("index_")
    admin.execute_query(f"CREATE INDEX {index} FOR (n:{label}) ON (n.name)")
    records, _, _ = admin.execute_query(
        "CALL db.indexes() YIELD name, state, type, entityType, labelsOrTypes, properties "
        "WHERE name = $name RETURN name, state, type, entityType, labelsOrTypes, properties",
        name=index,
    )
    assert [record.data() for record in records] == [
        {
            "name": index,
            "state": "ONLINE",
            "type": "RANGE",
            "entityType": "NODE",
            "labelsOrTypes": [label],
            "properties": ["name"],
        }
    ]


def test_db_indexes_columns(admin: neo4j.Driver) -> None:
    result = admin.execute_query("CALL db.indexes()")
    assert result.keys == [
        "id",
        "name",
        "state",
        "populationPercent",
        "uniqueness",
        "type",
        "entityType",
        "labelsOrTypes",
        "properties",
        "provider",
    ]


def test_show_current_user_for_admin(admin: neo4j.Driver) -> None:
    records, _, _ = admin.execute_query("CALL dbms.showCurrentUser()")
    assert [record.data() for record in records] == [{"username": ADMIN_USER, "roles": ["admin"], "flags": []}]


def test_show_current_user_for_role_none(role_drivers: dict[str, tuple[str, neo4j.Driver]]) -> None:
    name, driver = role_drivers["none"]
    records, _, _ = driver.execute_query("CALL dbms.showCurrentUser() YIELD username AS user, roles RETURN user, roles")
    assert [record.data() for record in records] == [{"user": name, "roles": ["none"]}]


def test_role_none_denied_reading_procedures(role_drivers: dict[str, tuple[str, neo4j.Driver]]) -> None:
    _, driver = role_drivers["none"]
    for query in ["CALL db.labels()", "CALL db.indexes()", "CALL dbms.components()", "CALL db.propertyKeys"]:
        with pytest.raises(Forbidden) as raised:
            driver.execute_query(query)
        assert raised.value.code == "Neo.ClientError.Security.Forbidden", query


def test_role_none_denied_reads_after_show_current_user(role_drivers: dict[str, tuple[str, neo4j.Driver]]) -> None:
    _, driver = role_drivers["none"]
    with pytest.raises(Forbidden):
        driver.execute_query("CALL dbms.showCurrentUser() YIELD username MATCH (n) RETURN count(n)")
    with pytest.raises(Forbidden):
        driver.execute_query("CALL dbms.showCurrentUser() YIELD username RETURN COUNT { MATCH (n) RETURN n } AS c")


def test_viewer_reads_procedures(role_drivers: dict[str, tuple[str, neo4j.Driver]], admin: neo4j.Driver) -> None:
    label = unique_name("Seen")
    admin.execute_query(f"CREATE (:{label})")
    _, driver = role_drivers["viewer"]
    records, _, _ = driver.execute_query("CALL db.labels() YIELD label WHERE label = $label RETURN label", label=label)
    assert [record["label"] for record in records] == [label]
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name RETURN name")
    assert [record["name"] for record in records] == ["Neo4j Kernel"]


def test_labels_count(admin: neo4j.Driver) -> None:
    labels, _, _ = admin.execute_query("CALL db.labels()")
    records, _, _ = admin.execute_query("CALL db.labels() YIELD label RETURN count(*) AS count")
    assert records[0]["count"] == len(labels)


def test_yield_rename_and_where(admin: neo4j.Driver) -> None:
    label = unique_name("Renamed")
    admin.execute_query(f"CREATE (:{label})")
    records, _, _ = admin.execute_query(
        "CALL db.labels() YIELD label AS name WHERE name STARTS WITH $prefix RETURN name", prefix=label
    )
    assert [record["name"] for record in records] == [label]


def test_unknown_yield_field_rejected(admin: neo4j.Driver) -> None:
    with pytest.raises(ClientError) as raised:
        admin.execute_query("CALL db.labels() YIELD nothing RETURN nothing")
    assert raised.value.code == "Neo.ClientError.Statement.SyntaxError"


# Procedures defined from a file at start-up.

PROCEDURES = {
    "procedures": [
        {
            "name": "test.my.proc",
            "inputs": [{"name": "name", "type": "STRING?"}, {"name": "id", "type": "INTEGER?"}],
            "outputs": [{"name": "city", "type": "STRING?"}, {"name": "country_code", "type": "INTEGER?"}],
            "rows": [
                {"name": "Stefan", "id": 1, "city": "Berlin", "country_code": 49},
                {"name": "Stefan", "id": 2, "city": "München", "country_code": 49},
            ],
        },
        {"name": "test.doNothing"},
    ]
}


@pytest.fixture
def procedure_server(server_factory: ServerFactory, tmp_path: Path) -> ServerProcess:
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps(PROCEDURES), encoding="utf-8")
    return server_factory.standard({"NORNICDB_TEST_PROCEDURES": str(path)})


def test_test_procedure_yields_matching_rows(procedure_server: ServerProcess) -> None:
    with admin_driver(procedure_server) as driver:
        records, _, _ = driver.execute_query("CALL test.my.proc('Stefan', 2)")
        assert [record.data() for record in records] == [{"city": "München", "country_code": 49}]
        records, _, _ = driver.execute_query("CALL test.my.proc", name="Stefan", id=1)
        assert [record["city"] for record in records] == ["Berlin"]
        records, _, _ = driver.execute_query("UNWIND [1, 2] AS i CALL test.my.proc('Stefan', i) YIELD city RETURN city")
        assert [record["city"] for record in records] == ["Berlin", "München"]


def test_test_procedure_signature_errors(procedure_server: ServerProcess) -> None:
    with admin_driver(procedure_server) as driver:
        for query in ["CALL test.my.proc('Stefan')", "CALL test.my.proc(true, 1)"]:
            with pytest.raises(ClientError) as raised:
                driver.execute_query(query)
            assert raised.value.code == "Neo.ClientError.Statement.SyntaxError", query
        with pytest.raises(ClientError) as raised:
            driver.execute_query("CALL test.my.proc($name, 1)", name=7)
        assert raised.value.code == "Neo.ClientError.Procedure.ProcedureCallFailed"
        # The server keeps serving after the errors.
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1


def test_test_procedure_needs_read(procedure_server: ServerProcess) -> None:
    with admin_driver(procedure_server) as admin:
        name = unique_name("none")
        create_user(admin, name, "no-role-password", "none")
    with open_driver(procedure_server, (name, "no-role-password")) as driver:
        with pytest.raises(Forbidden):
            driver.execute_query("CALL test.doNothing()")


def test_test_procedure_setting_logs_warning(procedure_server: ServerProcess) -> None:
    assert "for testing only" in procedure_server.log_tail(200)


def test_test_procedures_absent_by_default(admin: neo4j.Driver) -> None:
    with pytest.raises(ClientError) as raised:
        admin.execute_query("CALL test.my.proc('Stefan', 1)")
    assert raised.value.code == "Neo.ClientError.Procedure.ProcedureNotFound"


def test_invalid_test_procedure_file_stops_start(server_factory: ServerFactory, tmp_path: Path) -> None:
    path = tmp_path / "procedures.json"
    path.write_text('{"procedures": [{"name": "db.labels"}]}', encoding="utf-8")
    server = server_factory.standard({"NORNICDB_TEST_PROCEDURES": str(path)}, start=False)
    with pytest.raises(ServerStartError):
        server.start()
    assert "NORNICDB_TEST_PROCEDURES" in server.log_tail(50)
