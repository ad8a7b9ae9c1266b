"""Attacks on the failed-login limits: concurrent bursts from one address, and huge user names that
could cost the server memory."""

from __future__ import annotations

import math
import time
from pathlib import Path


from bolt_wire import HELLO, LOGON, SUCCESS, BoltSocket, failure_code, version_slot
from harness import ServerFactory, require_other_loopback
from server_process import ServerProcess
from test_login_limits import SourceBoltSocket

UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"
HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0"}


def resident_mebibytes(server: ServerProcess) -> int:
    assert server.process is not None
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS line in /proc/<pid>/status")


def failed_logon(server: ServerProcess, principal: str, password: str = "wrong-password") -> str | None:
    with BoltSocket(server.address, server.bolt_port, timeout=30.0) as connection:
        connection.handshake(version_slot(5, 4, 3))
        connection.send(HELLO, HELLO_EXTRA)
        assert connection.receive().tag == SUCCESS
        connection.send(LOGON, {"scheme": "basic", "principal": principal, "credentials": password})
        return failure_code(connection.receive())


def test_long_names_not_retained(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_AUDIT_ENABLED": "false", "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0"})
    name_bytes = 4_000_000

    def fail_logins(first: int, count: int) -> None:
        for index in range(first, first + count):
            assert failed_logon(server, f"{index:03d}" + "n" * name_bytes) == UNAUTHORIZED

    # The first logins let the allocator reach its working size for 4 MB messages.
    fail_logins(0, 20)
    warmed_up = resident_mebibytes(server)
    fail_logins(20, 40)
    grown = resident_mebibytes(server) - warmed_up
    # 40 more names of 4 MB each: about 160 MiB if every name is kept.
    assert grown < 40, f"40 failed logins with 4 MB user names kept {grown} MiB"


def concurrent_guesses(server: ServerProcess, source: str, count: int) -> list[str | None]:
    """Log in on `count` connections from `source` at once with wrong passwords; return the codes."""
    connections = [SourceBoltSocket(server.address, server.bolt_port, source) for _ in range(count)]
    try:
        for connection in connections:
            connection.handshake(version_slot(5, 4, 3))
            connection.send(HELLO, HELLO_EXTRA)
            assert connection.receive().tag == SUCCESS
        for index, connection in enumerate(connections):
            connection.send(LOGON, {"scheme": "basic", "principal": f"spray{index}", "credentials": "wrong-password"})
        return [failure_code(connection.receive()) for connection in connections]
    finally:
        for connection in connections:
            connection.close()


def test_bursts_within_address_budget(server_factory: ServerFactory) -> None:
    require_other_loopback()
    # The default budget: 60 failures per minute, one refilled each second.
    server = server_factory.standard({"NORNICDB_MAX_FAILED_LOGINS": "0"})
    started = time.monotonic()
    first = concurrent_guesses(server, "127.0.0.2", 40)
    assert first.count(UNAUTHORIZED) + first.count(RATE_LIMIT) == 40, first
    time.sleep(1.2)
    second = concurrent_guesses(server, "127.0.0.2", 40)
    assert second.count(UNAUTHORIZED) + second.count(RATE_LIMIT) == 40, second
    # The two bursts together get the budget of 60 and the failures refilled while they ran (one a
    # second, counted from the wall-clock time of both bursts, which a loaded machine stretches).
    elapsed = time.monotonic() - started
    allowed = 60 + math.ceil(elapsed) + 1
    checked = first.count(UNAUTHORIZED) + second.count(UNAUTHORIZED)
    assert checked <= allowed, f"{checked} of 80 guesses in two bursts over {elapsed:.1f} s were checked"
