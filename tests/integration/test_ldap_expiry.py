"""AuthorizationExpired on open Bolt connections of LDAP users once the cache TTL has passed.

The first request on a connection whose LDAP login is older than NORNICDB_AUTH_CACHE_TTL fails
with `Neo.ClientError.Security.AuthorizationExpired`. The Python driver classifies that code as
retryable, so managed transactions (`execute_query`) log in again with the same credentials and
succeed, with the roles the directory gives now. Auto-commit `session.run` is not retried.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from neo4j.exceptions import Neo4jError

from bolt_wire import (
    FAILURE,
    HELLO,
    LOGON,
    PULL,
    RECORD,
    RUN,
    SUCCESS,
    BoltSocket,
    Structure,
    describe,
    failure_code,
    version_slot,
)
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, open_driver, unique_name
from ldap_directory import BOB, GRAPH_EDITORS, DirectoryUser, LdapDirectory, user_dn
from ldap_settings import AUTHORIZATION_EXPIRED, module_directory, search_settings, start_server
from server_process import ServerProcess

# NORNICDB_AUTH_CACHE_TTL of the module's server, in seconds.
TTL = 2.0
HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0", "bolt_agent": {"product": "nornicdb-tests/1.0"}}


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    with module_directory(tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="module")
def server(module_server_factory: ServerFactory, directory: LdapDirectory) -> ServerProcess:
    return start_server(module_server_factory, search_settings(directory, NORNICDB_AUTH_CACHE_TTL=f"{TTL:g}s"))


class RawSession:
    """A raw Bolt 5 connection logged in with basic auth, for checking each reply exactly."""

    def __init__(self, server: ServerProcess, user: str, password: str) -> None:
        self.connection = BoltSocket(server.address, server.bolt_port)
        version = self.connection.handshake(version_slot(5, 4, 3))
        assert version[0] == 5, version
        self.connection.send(HELLO, HELLO_EXTRA)
        assert self.connection.receive().tag == SUCCESS
        self.connection.send(LOGON, {"scheme": "basic", "principal": user, "credentials": password})
        reply = self.connection.receive()
        assert reply.tag == SUCCESS, describe([reply])

    def run_return_one(self) -> list[Structure]:
        """Send RUN and PULL for `RETURN 1`; return RUN's reply and PULL's summary, or only a failure.

        After a FAILURE the server may close the connection instead of sending IGNORED for PULL.
        """
        self.connection.pipeline((RUN, "RETURN 1", {}, {}), (PULL, {"n": -1}))
        first = self.connection.receive()
        if first.tag != SUCCESS:
            return [first]
        replies = [first]
        while True:
            reply = self.connection.receive()
            if reply.tag != RECORD:
                replies.append(reply)
                return replies

    def close(self) -> None:
        self.connection.close()


def test_execute_query_logs_in_again(server: ServerProcess, directory: LdapDirectory) -> None:
    login = unique_name("expiring-user-")
    user = DirectoryUser(login, f"{login}-password", user_dn(login))
    directory.add_user(user)
    with open_driver(server, (user.login, user.password), max_connection_pool_size=1) as driver:
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        assert list(records[0]["roles"]) == ["none"]
        directory.add_member(GRAPH_EDITORS, user.dn)
        time.sleep(TTL + 0.5)
        # The first request fails with AuthorizationExpired; the driver logs in again and retries.
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        assert records[0]["user"] == user.login
        assert list(records[0]["roles"]) == ["editor"]
        driver.execute_query(f"CREATE (:{unique_name('Renewed')})")


def test_session_run_reports_expiry(server: ServerProcess) -> None:
    with open_driver(server, (BOB.login, BOB.password), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            session.run("RETURN 1").consume()
            time.sleep(TTL + 0.5)
            with pytest.raises(Neo4jError) as raised:
                session.run("RETURN 1").consume()
        assert raised.value.code == AUTHORIZATION_EXPIRED
        # The driver re-authenticates the connection for the next request.
        records, _, _ = driver.execute_query("RETURN 2 AS two")
        assert records[0]["two"] == 2


def test_raw_connection_expires(server: ServerProcess) -> None:
    session = RawSession(server, BOB.login, BOB.password)
    try:
        replies = session.run_return_one()
        assert [reply.tag for reply in replies] == [SUCCESS, SUCCESS], describe(replies)
        time.sleep(TTL + 0.5)
        replies = session.run_return_one()
    finally:
        session.close()
    assert replies[0].tag == FAILURE, describe(replies)
    assert failure_code(replies[0]) == AUTHORIZATION_EXPIRED, describe(replies)


def test_local_connection_never_expires(server: ServerProcess) -> None:
    session = RawSession(server, ADMIN_USER, ADMIN_PASSWORD)
    try:
        time.sleep(TTL + 0.5)
        replies = session.run_return_one()
    finally:
        session.close()
    assert [reply.tag for reply in replies] == [SUCCESS, SUCCESS], describe(replies)


def test_ttl_zero_never_expires(server_factory: ServerFactory, directory: LdapDirectory) -> None:
    uncached = start_server(server_factory, search_settings(directory, NORNICDB_AUTH_CACHE_TTL="0"))
    session = RawSession(uncached, BOB.login, BOB.password)
    try:
        time.sleep(TTL + 0.5)
        replies = session.run_return_one()
    finally:
        session.close()
    assert [reply.tag for reply in replies] == [SUCCESS, SUCCESS], describe(replies)
