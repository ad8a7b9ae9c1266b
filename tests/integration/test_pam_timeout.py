"""Slow PAM stacks and concurrent PAM logins: the login timeout, and a server that stays responsive.

The slow service (pam_stack.py) runs `sleep` through pam_exec for SLOW_SECONDS before pam_matrix
checks the password.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver
from http_client import assert_error, commit
from pam_stack import (
    ALICE_PASSWORD,
    ALICE_ROLES,
    AUTH_PROVIDER_TIMEOUT,
    CAROL_PASSWORD,
    SLOW_SECONDS,
    SLOW_SERVICE,
    UNAUTHORIZED,
    PamStack,
    current_user,
    login_code,
    make_stack,
    require_wrappers,
)

TIMEOUT = 1
# Seconds of scheduling delay allowed on a loaded test machine beyond an expected duration.
MARGIN = 2.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    return make_stack(tmp_path_factory.mktemp("pam"))


def test_slow_stack_times_out(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(SLOW_SERVICE, NORNICDB_PAM_TIMEOUT=f"{TIMEOUT}s"))
    started = time.monotonic()
    assert login_code(server, "alice", ALICE_PASSWORD) == AUTH_PROVIDER_TIMEOUT
    elapsed = time.monotonic() - started
    assert TIMEOUT - 0.1 <= elapsed <= TIMEOUT + MARGIN, f"the login took {elapsed:.2f} s"
    assert "pam: login timed out after 1s" in server.log_text()


def test_timeout_over_http(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(SLOW_SERVICE, NORNICDB_PAM_TIMEOUT=f"{TIMEOUT}s"))
    assert_error(commit(server, ("alice", ALICE_PASSWORD), "RETURN 1"), 504, AUTH_PROVIDER_TIMEOUT)


def test_slow_stack_within_timeout(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(SLOW_SERVICE, NORNICDB_PAM_TIMEOUT=f"{SLOW_SECONDS + 5}s"))
    started = time.monotonic()
    assert current_user(server, "alice", ALICE_PASSWORD) == ("alice", ALICE_ROLES)
    assert time.monotonic() - started >= SLOW_SECONDS - 0.1


def test_other_clients_served_meanwhile(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(SLOW_SERVICE, NORNICDB_PAM_TIMEOUT=f"{SLOW_SECONDS + 5}s"))
    with admin_driver(server) as admin:
        admin.execute_query("RETURN 1")
        roles: list[tuple[str, list[str]]] = []
        waiting = threading.Thread(target=lambda: roles.append(current_user(server, "alice", ALICE_PASSWORD)))
        waiting.start()
        # While alice's login sleeps in pam_exec, the local admin logs in and runs queries.
        time.sleep(0.3)
        latencies = []
        for _ in range(5):
            started = time.monotonic()
            admin.execute_query("RETURN 1")
            latencies.append(time.monotonic() - started)
        fresh = current_user(server, ADMIN_USER, ADMIN_PASSWORD)
        still_waiting = waiting.is_alive()
        waiting.join(timeout=SLOW_SECONDS + 5 + MARGIN)
    assert fresh == (ADMIN_USER, ["admin"])
    assert max(latencies) < SLOW_SECONDS / 2, f"admin queries took {latencies} while a PAM login waited"
    assert still_waiting, "alice's login ended before the admin's queries ran; the test proved nothing"
    assert roles == [("alice", ALICE_ROLES)]


def test_concurrent_logins(server_factory: ServerFactory, stack: PamStack) -> None:
    # Alice's wrong passwords may finish three in a row and lock her. The lock has tests of its
    # own, so it is off for this test of the PAM pool.
    server = server_factory.standard(stack.settings(NORNICDB_PAM_MAX_CONCURRENT="3", NORNICDB_MAX_FAILED_LOGINS="0"))
    attempts = [("alice", ALICE_PASSWORD), ("carol", CAROL_PASSWORD), ("alice", "wrong-password")] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda attempt: login_code(server, *attempt), attempts))
    assert codes == [None, None, UNAUTHORIZED] * 8


def test_concurrent_slow_logins_share_pool(server_factory: ServerFactory, stack: PamStack) -> None:
    # Two threads and four slow logins: the first two run at once, the other two wait for them.
    settings = stack.settings(SLOW_SERVICE, NORNICDB_PAM_MAX_CONCURRENT="2", NORNICDB_PAM_TIMEOUT="30s")
    server = server_factory.standard(settings)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(lambda _: login_code(server, "alice", ALICE_PASSWORD), range(4)))
    elapsed = time.monotonic() - started
    assert codes == [None] * 4
    assert 2 * SLOW_SECONDS - 0.2 <= elapsed <= 2 * SLOW_SECONDS + 2 * MARGIN, f"four logins took {elapsed:.2f} s"


def test_queued_login_times_out(server_factory: ServerFactory, stack: PamStack) -> None:
    # One thread: the second login waits in the queue behind the first and never starts.
    settings = stack.settings(
        SLOW_SERVICE, NORNICDB_PAM_MAX_CONCURRENT="1", NORNICDB_PAM_TIMEOUT=f"{SLOW_SECONDS - 1}s"
    )
    server = server_factory.standard(settings)
    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = list(pool.map(lambda _: login_code(server, "alice", ALICE_PASSWORD), range(2)))
    assert codes == [AUTH_PROVIDER_TIMEOUT, AUTH_PROVIDER_TIMEOUT]
