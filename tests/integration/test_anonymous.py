"""Connections without credentials (`auth=None`) and servers with authentication turned off."""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import AuthError, Forbidden

from harness import ADMIN_USER, ServerFactory, admin_driver, count_nodes, open_driver, unique_name


def test_anonymous_rejected_by_default(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    with open_driver(server, None) as driver:
        with pytest.raises(AuthError) as raised:
            driver.verify_connectivity()
    assert raised.value.code == "Neo.ClientError.Security.Unauthorized"


def test_anonymous_allowed_reads_only(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_BOLT_ALLOW_ANONYMOUS": "true"})
    label = unique_name("Anon")
    with admin_driver(server) as admin:
        admin.execute_query(f"CREATE (:{label} {{name: 'seed'}})")
    with open_driver(server, None) as driver:
        driver.verify_connectivity()
        assert count_nodes(driver, label) == 1
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE (:{label})")
        with pytest.raises(Forbidden):
            driver.execute_query(f"MATCH (n:{label}) DETACH DELETE n")
    with admin_driver(server) as admin:
        assert count_nodes(admin, label) == 1


def test_anonymous_allowed_still_checks_passwords(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_BOLT_ALLOW_ANONYMOUS": "true"})
    with open_driver(server, (ADMIN_USER, "wrong-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_require_auth_false_accepts_anonymous(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_BOLT_REQUIRE_AUTH": "false"})
    with open_driver(server, None) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


@pytest.mark.parametrize(
    "auth",
    [None, ("anyone", "any-password"), ("admin", "wrong"), neo4j.bearer_auth("not-a-token")],
    ids=["none", "unknown-user", "wrong-password", "bearer-garbage"],
)
def test_auth_none_accepts_anything_as_admin(server_factory: ServerFactory, auth: object) -> None:
    server = server_factory.create({"NORNICDB_AUTH": "none"})
    label = unique_name("Open")
    with open_driver(server, auth) as driver:
        driver.verify_connectivity()
        driver.execute_query(f"CREATE (:{label} {{name: 'x'}})")
        assert count_nodes(driver, label) == 1
        driver.execute_query(f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
        driver.execute_query(f"MATCH (n:{label}) DELETE n")
        assert count_nodes(driver, label) == 0
