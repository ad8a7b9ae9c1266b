"""The limit settings at start-up: an invalid value stops the server and names the variable,
and an accepted one takes effect."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_configuration import run_serve

from bolt_wire import BoltSocket, version_slot
from harness import ServerFactory

INVALID_LIMITS = [
    ("NORNICDB_MAX_CONNECTIONS", "0"),
    ("NORNICDB_MAX_CONNECTIONS", "lots"),
    ("NORNICDB_BOLT_LOGIN_TIMEOUT", "0s"),
    ("NORNICDB_BOLT_IDLE_TIMEOUT", "forever"),
    ("NORNICDB_BOLT_WRITE_TIMEOUT", "2h"),
    ("NORNICDB_BOLT_MAX_MESSAGE_SIZE", "1024"),
    ("NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER", "-3"),
]


@pytest.mark.parametrize(("variable", "value"), INVALID_LIMITS, ids=lambda item: str(item))
def test_invalid_limit_stops_start(tmp_path: Path, variable: str, value: str) -> None:
    result = run_serve(tmp_path, {variable: value})
    assert result.returncode != 0, result.stderr
    assert variable in result.stderr, result.stderr


def test_login_timeout_flag_takes_effect(server_factory: ServerFactory) -> None:
    server = server_factory.standard(args=["--bolt-login-timeout", "1s"])
    with BoltSocket(server.address, server.bolt_port, timeout=10) as connection:
        connection.handshake(version_slot(5, 4, 3))
        started = time.monotonic()
        assert connection.is_closed(timeout=5)
        assert time.monotonic() - started < 3
