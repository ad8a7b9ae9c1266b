"""The limit settings take effect: a bound given as a flag changes what the server does.

Invalid values are checked with the other settings in `test_configuration.py`.
"""

from __future__ import annotations

import time

from bolt_wire import BoltSocket, version_slot
from harness import ServerFactory


def test_login_timeout_flag_takes_effect(server_factory: ServerFactory) -> None:
    server = server_factory.standard(args=["--bolt-login-timeout", "1s"])
    with BoltSocket(server.address, server.bolt_port, timeout=10) as connection:
        connection.handshake(version_slot(5, 4, 3))
        started = time.monotonic()
        assert connection.is_closed(timeout=5)
        assert time.monotonic() - started < 3
