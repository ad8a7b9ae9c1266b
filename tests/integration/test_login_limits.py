"""Failed-login limits: a user locked after repeated failures, and a budget of failures per address.

NORNICDB_MAX_FAILED_LOGINS consecutive failures lock a user for NORNICDB_LOCKOUT_DURATION, even
with the right password, over Bolt (AuthenticationRateLimit, then the connection closes) and HTTP
(429). NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS bounds the failures of one client address per
minute, whatever the user names.
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest

from bolt_wire import FAILURE, HELLO, LOGON, SUCCESS, BoltSocket, describe, failure_code, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver, create_user, login_code, unique_name
from http_client import assert_error, commit, request
from server_process import ServerProcess, ServerStartError

RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0", "bolt_agent": {"product": "nornicdb-tests/1.0"}}
PASSWORD = "right-password-1"
LOCKOUT_SECONDS = 2
LOGOFF = 0x6B


class SourceBoltSocket(BoltSocket):
    """A raw Bolt connection from a chosen loopback source address, such as 127.0.0.2."""

    def __init__(self, address: str, port: int, source: str, timeout: float = 5.0) -> None:
        self.socket = socket.create_connection((address, port), timeout=timeout, source_address=(source, 0))
        self.version = None


def raw_login_code(server: ServerProcess, user: str, password: str, source: str = "127.0.0.1") -> str | None:
    """Log in over a raw Bolt 5.4 connection from `source`; return the FAILURE code or None."""
    with SourceBoltSocket(server.address, server.bolt_port, source) as connection:
        connection.handshake(version_slot(5, 4, 3))
        connection.send(HELLO, HELLO_EXTRA)
        assert connection.receive().tag == SUCCESS
        connection.send(LOGON, {"scheme": "basic", "principal": user, "credentials": password})
        reply = connection.receive()
        return None if reply.tag == SUCCESS else failure_code(reply)


@pytest.fixture
def limited(server_factory: ServerFactory) -> ServerProcess:
    return server_factory.standard(
        {"NORNICDB_LOCKOUT_DURATION": f"{LOCKOUT_SECONDS}s", "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0"}
    )


def new_user(server: ServerProcess, role: str = "editor") -> str:
    name = unique_name("locked")
    with admin_driver(server) as admin:
        create_user(admin, name, PASSWORD, role)
    return name


def test_lock_after_three_failures(limited: ServerProcess) -> None:
    user = new_user(limited)
    assert [login_code(limited, user, "wrong-password") for _ in range(3)] == [UNAUTHORIZED] * 3
    assert login_code(limited, user, PASSWORD) == RATE_LIMIT


def test_lock_ends_after_duration(limited: ServerProcess) -> None:
    user = new_user(limited)
    for _ in range(3):
        login_code(limited, user, "wrong-password")
    assert login_code(limited, user, PASSWORD) == RATE_LIMIT
    time.sleep(LOCKOUT_SECONDS + 0.5)
    # The count starts again after the lock: one typo does not lock the user at once.
    assert login_code(limited, user, "wrong-password") == UNAUTHORIZED
    assert login_code(limited, user, PASSWORD) is None


def test_default_lock_is_five_seconds(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    user = new_user(server)
    for _ in range(3):
        login_code(server, user, "wrong-password")
    time.sleep(3)
    assert login_code(server, user, PASSWORD) == RATE_LIMIT
    time.sleep(2.5)
    assert login_code(server, user, PASSWORD) is None


def test_other_users_unaffected(limited: ServerProcess) -> None:
    user = new_user(limited)
    for _ in range(3):
        login_code(limited, user, "wrong-password")
    assert login_code(limited, ADMIN_USER, ADMIN_PASSWORD) is None


def test_success_resets_count(limited: ServerProcess) -> None:
    user = new_user(limited)
    for _ in range(2):
        assert login_code(limited, user, "wrong-password") == UNAUTHORIZED
    assert login_code(limited, user, PASSWORD) is None
    for _ in range(2):
        assert login_code(limited, user, "wrong-password") == UNAUTHORIZED
    assert login_code(limited, user, PASSWORD) is None


def test_unknown_user_locks_too(limited: ServerProcess) -> None:
    # Unknown names lock like real ones, so the lock does not reveal which names exist.
    name = unique_name("ghost")
    assert [login_code(limited, name, "wrong-password") for _ in range(4)] == [UNAUTHORIZED] * 3 + [RATE_LIMIT]


def test_lock_ignores_letter_case(limited: ServerProcess) -> None:
    user = new_user(limited)
    for spelling in (user.upper(), user.capitalize(), user):
        login_code(limited, spelling, "wrong-password")
    assert login_code(limited, user, PASSWORD) == RATE_LIMIT


def test_http_answers_429(limited: ServerProcess) -> None:
    user = new_user(limited)
    for _ in range(3):
        assert_error(commit(limited, (user, "wrong-password"), "RETURN 1"), 401, UNAUTHORIZED)
    response = commit(limited, (user, PASSWORD), "RETURN 1")
    assert_error(response, 429, RATE_LIMIT)
    # Bolt and HTTP share the count.
    assert login_code(limited, user, PASSWORD) == RATE_LIMIT


def test_token_endpoint_counts(limited: ServerProcess) -> None:
    user = new_user(limited)
    for _ in range(3):
        response = request(limited, "POST", "/api/v1/auth/token", body={"username": user, "password": "nope-nope"})
        assert response.status == 401, response.describe()
    response = request(limited, "POST", "/api/v1/auth/token", body={"username": user, "password": PASSWORD})
    assert_error(response, 429, RATE_LIMIT)


def test_concurrent_guesses_bounded(limited: ServerProcess) -> None:
    user = new_user(limited)
    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(lambda index: login_code(limited, user, f"guess-{index}"), range(24)))
    # However many connections guess at once, only three passwords are checked before the lock.
    assert codes.count(UNAUTHORIZED) == 3, codes
    assert codes.count(RATE_LIMIT) == 21, codes


def test_concurrent_right_passwords_pass(limited: ServerProcess) -> None:
    user = new_user(limited)
    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(lambda _: login_code(limited, user, PASSWORD), range(24)))
    assert codes == [None] * 24


def test_logon_after_logoff_counts(limited: ServerProcess) -> None:
    user = new_user(limited)
    for _ in range(3):
        with BoltSocket(limited.address, limited.bolt_port) as connection:
            connection.handshake(version_slot(5, 4, 3))
            connection.send(HELLO, HELLO_EXTRA)
            assert connection.receive().tag == SUCCESS
            # Logged in as the admin, the connection re-authenticates as the user with a wrong password.
            connection.send(LOGON, {"scheme": "basic", "principal": ADMIN_USER, "credentials": ADMIN_PASSWORD})
            assert connection.receive().tag == SUCCESS
            connection.send(LOGOFF)
            assert connection.receive().tag == SUCCESS
            connection.send(LOGON, {"scheme": "basic", "principal": user, "credentials": "wrong-password"})
            reply = connection.receive()
            assert failure_code(reply) == UNAUTHORIZED, describe([reply])
            assert connection.is_closed()
    with BoltSocket(limited.address, limited.bolt_port) as connection:
        connection.handshake(version_slot(5, 4, 3))
        connection.send(HELLO, HELLO_EXTRA)
        assert connection.receive().tag == SUCCESS
        connection.send(LOGON, {"scheme": "basic", "principal": user, "credentials": PASSWORD})
        reply = connection.receive()
        assert reply.tag == FAILURE, describe([reply])
        assert failure_code(reply) == RATE_LIMIT
        assert connection.is_closed()


def test_zero_turns_lock_off(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_MAX_FAILED_LOGINS": "0"})
    user = new_user(server)
    for _ in range(6):
        assert login_code(server, user, "wrong-password") == UNAUTHORIZED
    assert login_code(server, user, PASSWORD) is None


def test_address_budget(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_MAX_FAILED_LOGINS": "0", "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "5"})
    for index in range(5):
        assert raw_login_code(server, f"spray{index}", "wrong-password", source="127.0.0.2") == UNAUTHORIZED
    # The address has spent its failures: even the admin's right password is refused from it.
    assert raw_login_code(server, ADMIN_USER, ADMIN_PASSWORD, source="127.0.0.2") == RATE_LIMIT
    # Another address is not affected.
    assert raw_login_code(server, ADMIN_USER, ADMIN_PASSWORD, source="127.0.0.3") is None


def test_address_budget_counts_tokens(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "3"})
    forged = jwt.encode({"sub": ADMIN_USER, "roles": ["admin"]}, "not-the-secret-" * 3, algorithm="HS256")
    for _ in range(3):
        assert_error(commit(server, forged, "RETURN 1"), 401, UNAUTHORIZED)
    assert_error(commit(server, (ADMIN_USER, ADMIN_PASSWORD), "RETURN 1"), 429, RATE_LIMIT)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NORNICDB_MAX_FAILED_LOGINS", "-1"),
        ("NORNICDB_MAX_FAILED_LOGINS", "many"),
        ("NORNICDB_LOCKOUT_DURATION", "0"),
        ("NORNICDB_LOCKOUT_DURATION", "2d"),
        ("NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS", "1.5"),
    ],
)
def test_invalid_setting_stops_start(server_factory: ServerFactory, variable: str, value: str) -> None:
    with pytest.raises(ServerStartError) as failure:
        server_factory.standard({variable: value})
    assert variable in str(failure.value)
