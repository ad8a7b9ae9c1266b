"""Account names that stress the NOTIFY payload that servers on one PostgreSQL database share.

The payload names the account after the first `:`. Names with separators must be rejected
before they get there, look-alike names must reload only their own account, and a name too long
for a notification must still reach every node.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import neo4j
import pytest

from harness import ServerFactory, admin_driver, login_code, unique_name
from postgres_server import PostgresServer
from server_process import ServerProcess

SYNC_SECONDS = 2.0
PASSWORD = "cluster-password"
# PostgreSQL rejects NOTIFY payloads of 8000 bytes or more.
LONG_NAME_BYTES = 8_100


@pytest.fixture(scope="module")
def nodes(module_server_factory: ServerFactory, postgres: PostgresServer) -> Iterator[list[ServerProcess]]:
    """Two servers with the same JWT secret on one PostgreSQL database."""
    database = postgres.create_database()
    settings = {"NORNICDB_STORAGE_URL": postgres.url(database)}
    yield [module_server_factory.standard(settings) for _ in range(2)]


def wait_for(check: Callable[[], bool], timeout: float = SYNC_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"condition still false after {timeout} s"
        time.sleep(0.05)


def quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def run_on(node: ServerProcess, statement: str) -> None:
    with admin_driver(node) as driver:
        driver.execute_query(statement, database_="system")


def create(node: ServerProcess, name: str) -> None:
    run_on(node, f"CREATE USER {quoted(name)} SET PASSWORD '{PASSWORD}' CHANGE NOT REQUIRED")


def logs_in(node: ServerProcess, name: str) -> bool:
    return login_code(node, name, PASSWORD) is None


@pytest.mark.parametrize(
    "suffix",
    [":other", ",other", "'other", '"other', "\nother", "\x00other", "account:other", "revocation:*"],
)
def test_separator_in_name_rejected(nodes: list[ServerProcess], suffix: str) -> None:
    """Names reach the payload after `account:`, so separators must never get that far."""
    with pytest.raises(neo4j.exceptions.ClientError) as raised:
        create(nodes[0], unique_name("odd") + suffix)
    assert raised.value.code == "Neo.ClientError.General.InvalidArguments"


def test_look_alike_name_is_its_own_account(nodes: list[ServerProcess]) -> None:
    base = unique_name("alike")
    # Full-width letters are letters, so the name is valid; full-width digits are not.
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in base)
    for name in (base, wide):
        create(nodes[0], name)
        wait_for(lambda: logs_in(nodes[1], name))
    run_on(nodes[0], f"DROP USER {quoted(wide)}")
    wait_for(lambda: not logs_in(nodes[1], wide))
    assert logs_in(nodes[1], base)


def test_name_longer_than_notification_syncs(nodes: list[ServerProcess]) -> None:
    """128 characters, each a letter with combining letters, exceed a NOTIFY payload's 8000 bytes."""
    character = "a" + "\u0345" * 40
    name = unique_name("long") + character * 100
    assert len(name.encode()) > LONG_NAME_BYTES
    create(nodes[0], name)
    assert logs_in(nodes[0], name)
    wait_for(lambda: logs_in(nodes[1], name))
    run_on(nodes[0], f"DROP USER {quoted(name)}")
    wait_for(lambda: not logs_in(nodes[1], name))


def test_plain_change_syncs_after_odd_names(nodes: list[ServerProcess]) -> None:
    """The listener still applies changes after every odd name above."""
    name = unique_name("after")
    create(nodes[0], name)
    wait_for(lambda: logs_in(nodes[1], name))
