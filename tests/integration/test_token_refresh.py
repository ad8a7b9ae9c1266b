"""Login tokens that expire while a Bolt connection is open, and the driver's bearer auth manager.

The server fails the first request after expiry with `Neo.ClientError.Security.TokenExpired`
and closes the connection. `AuthManagers.bearer` (neo4j 5.28 and 6.x) treats that failure as
retryable, calls its provider for a new token and runs the query again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import neo4j
import pytest
from neo4j.auth_management import AuthManagers, ExpiringAuth

from bolt_wire import FAILURE, HELLO, LOGON, PULL, RUN, SUCCESS, BoltSocket, describe, failure_code, version_slot
from harness import ServerFactory, admin_driver, create_user, open_driver, unique_name
from http_client import request
from server_process import ServerProcess

# NORNICDB_AUTH_TOKEN_EXPIRY of this module's server, in seconds. Token times are whole seconds,
# so a token lives between LIFETIME - 1 and LIFETIME seconds; 4 leaves a loaded machine time to
# fetch a token and log in with it before it expires.
LIFETIME = 4
TOKEN_EXPIRED = "Neo.ClientError.Security.TokenExpired"
HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0", "bolt_agent": {"product": "nornicdb-tests/1.0"}}


@pytest.fixture(scope="module")
def server(module_server_factory: ServerFactory) -> ServerProcess:
    """A server whose login tokens live for LIFETIME seconds."""
    return module_server_factory.standard({"NORNICDB_AUTH_TOKEN_EXPIRY": f"{LIFETIME}s"})


@pytest.fixture(scope="module")
def account(server: ServerProcess) -> Iterator[tuple[str, str]]:
    name = unique_name("refresher")
    password = f"password-{name}"
    with admin_driver(server) as admin:
        create_user(admin, name, password, "editor")
    yield (name, password)


class TokenProvider:
    """Fetches a fresh login token from `POST /api/v1/auth/token` on each call, and counts calls."""

    def __init__(self, server: ServerProcess, account: tuple[str, str], announce_expiry: bool) -> None:
        self.server = server
        self.account = account
        self.announce_expiry = announce_expiry
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self) -> ExpiringAuth:
        with self.lock:
            self.calls += 1
        user, password = self.account
        response = request(self.server, "POST", "/api/v1/auth/token", {"username": user, "password": password})
        assert response.status == 200, response.describe()
        body = response.json
        assert body["expires_in"] == LIFETIME
        auth = neo4j.bearer_auth(body["access_token"])
        if self.announce_expiry:
            return ExpiringAuth(auth, expires_at=time.time() + body["expires_in"])
        # Without an expiry the driver refreshes only when the server reports TokenExpired.
        return ExpiringAuth(auth)


@pytest.mark.parametrize("announce_expiry", [False, True], ids=["server-reports-expiry", "known-expiry"])
def test_bearer_manager_refreshes(server: ServerProcess, account: tuple[str, str], announce_expiry: bool) -> None:
    provider = TokenProvider(server, account, announce_expiry)
    manager = AuthManagers.bearer(provider)
    with open_driver(server, manager, max_connection_pool_size=1) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1
        calls_before_expiry = provider.calls
        assert calls_before_expiry >= 1
        time.sleep(LIFETIME + 1.5)
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        assert records[0]["user"] == account[0]
    assert provider.calls > calls_before_expiry


def test_session_run_after_expiry_with_manager(server: ServerProcess, account: tuple[str, str]) -> None:
    # The driver does not retry an explicit session.run, so the first run after expiry fails with
    # TokenExpired. The manager has then dropped the token, so the next session logs in again.
    provider = TokenProvider(server, account, announce_expiry=False)
    with open_driver(server, AuthManagers.bearer(provider), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            session.run("RETURN 1").consume()
            time.sleep(LIFETIME + 1.5)
            with pytest.raises(neo4j.exceptions.TokenExpired):
                session.run("RETURN 1").consume()
        with driver.session() as session:
            assert session.run("RETURN 2 AS two").single()["two"] == 2
    assert provider.calls >= 2


def test_static_token_expires(server: ServerProcess, account: tuple[str, str]) -> None:
    token = TokenProvider(server, account, announce_expiry=False)().auth
    with open_driver(server, token, max_connection_pool_size=1) as driver:
        with driver.session() as session:
            session.run("RETURN 1").consume()
            time.sleep(LIFETIME + 1.5)
            with pytest.raises(neo4j.exceptions.TokenExpired):
                session.run("RETURN 1").consume()


def test_raw_bolt_token_expired_closes(server: ServerProcess, account: tuple[str, str]) -> None:
    user, password = account
    response = request(server, "POST", "/api/v1/auth/token", {"username": user, "password": password})
    token = response.json["access_token"]
    with BoltSocket(server.address, server.bolt_port) as connection:
        version = connection.handshake(version_slot(5, 4, 3))
        assert version[0] == 5, version
        connection.send(HELLO, HELLO_EXTRA)
        assert connection.receive().tag == SUCCESS
        connection.send(LOGON, {"scheme": "bearer", "credentials": token})
        logon = connection.receive()
        assert logon.tag == SUCCESS, describe([logon])
        connection.pipeline((RUN, "RETURN 1", {}, {}), (PULL, {"n": -1}))
        replies = [connection.receive() for _ in range(3)]
        assert [reply.tag for reply in replies][::2] == [SUCCESS, SUCCESS], describe(replies)

        time.sleep(LIFETIME + 1.5)
        connection.pipeline((RUN, "RETURN 1", {}, {}), (PULL, {"n": -1}))
        messages = connection.receive_until_closed()
    assert messages, "the server closed without a FAILURE"
    assert messages[0].tag == FAILURE, describe(messages)
    assert failure_code(messages[0]) == TOKEN_EXPIRED, describe(messages)
    assert not any(message.tag == SUCCESS for message in messages), describe(messages)


def test_token_lifetime_setting(server: ServerProcess, account: tuple[str, str]) -> None:
    provider = TokenProvider(server, account, announce_expiry=False)
    token = provider().auth
    with open_driver(server, token) as driver:
        driver.verify_connectivity()
    time.sleep(LIFETIME + 1.0)
    with open_driver(server, token) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()
