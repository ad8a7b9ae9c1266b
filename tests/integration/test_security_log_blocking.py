"""A security log whose writes block must not stop the server.

`AuditLog.record` calls `write(2)` while holding its mutex, on whichever task logs the entry, which
is a task of Swift's cooperative pool. A named pipe whose reader stops reading blocks that call.
Further logins then wait on the mutex, and once they occupy every cooperative thread no request is
served.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


from bolt_wire import HELLO, LOGON, BoltSocket, version_slot
from harness import ServerFactory
from http_client import request
from server_process import ServerProcess


def failed_logon(server: ServerProcess, principal: str) -> None:
    """Log in with a wrong password; a reply that does not come within 3 s is ignored."""
    try:
        with BoltSocket(server.address, server.bolt_port, timeout=3.0) as connection:
            connection.handshake(version_slot(5, 4, 3))
            connection.send(HELLO, {"user_agent": "nornicdb-tests/1.0"})
            connection.receive()
            connection.send(LOGON, {"scheme": "basic", "principal": principal, "credentials": "wrong-password"})
            connection.receive()
    except TimeoutError:
        pass


def test_stalled_log_keeps_serving(server_factory: ServerFactory, tmp_path: Path) -> None:
    fifo = tmp_path / "security.fifo"
    os.mkfifo(fifo)
    reader: dict[str, int] = {}
    # The server's open(2) of the pipe blocks until a reader opens it, so open it on another thread.
    opener = threading.Thread(target=lambda: reader.update(descriptor=os.open(fifo, os.O_RDONLY)))
    opener.start()
    server = server_factory.standard(
        {
            "NORNICDB_AUDIT_LOG_PATH": str(fifo),
            "NORNICDB_MAX_FAILED_LOGINS": "0",
            "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0",
        }
    )
    opener.join(10)
    try:
        # About 70 KB of entries fill the 64 KiB pipe buffer, which nothing reads.
        for _ in range(7):
            failed_logon(server, "p" * 10_000)
        logins = [threading.Thread(target=failed_logon, args=(server, f"user{index}")) for index in range(4)]
        for login in logins:
            login.start()
        for login in logins:
            login.join()
        response = request(server, "GET", "/health", timeout=5.0)
        assert response.status == 200
    finally:
        # The reader goes away, so the blocked writes end with EPIPE and the server can stop.
        os.close(reader["descriptor"])
