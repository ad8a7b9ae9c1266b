"""The security log on a full file system, simulated with a 64 KiB tmpfs.

Mounting needs root, so the test is skipped elsewhere. A write that stops part-way through a line
leaves that fragment in the file, and the next entry written once space is free continues the same
line, so a JSON-lines reader loses both entries.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bolt_wire import HELLO, LOGON, BoltSocket, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, login_code
from server_process import ServerProcess


@pytest.fixture
def small_file_system(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def fill(path: Path, leave: int) -> None:
    """Write `path` until the file system is full, then shrink it to leave `leave` bytes free."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(descriptor, b"x" * 1024)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    os.truncate(path, path.stat().st_size - leave)


def failed_logon(server: ServerProcess, principal: str) -> None:
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.handshake(version_slot(5, 4, 3))
        connection.send(HELLO, {"user_agent": "nornicdb-tests/1.0"})
        connection.receive()
        connection.send(LOGON, {"scheme": "basic", "principal": principal, "credentials": "wrong-password"})
        connection.receive()


def test_full_disk_keeps_lines_whole(server_factory: ServerFactory, small_file_system: Path) -> None:
    log_path = small_file_system / "security.log"
    server = server_factory.standard(
        {
            "NORNICDB_AUDIT_LOG_PATH": str(log_path),
            "NORNICDB_MAX_FAILED_LOGINS": "0",
            "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0",
        }
    )
    filler = small_file_system / "filler"
    fill(filler, leave=5000)
    for index in range(40):
        failed_logon(server, f"{'p' * 300}{index}")
    # The server keeps serving while the log cannot be written.
    assert login_code(server, ADMIN_USER, ADMIN_PASSWORD) is None
    filler.unlink()
    assert login_code(server, ADMIN_USER, ADMIN_PASSWORD) is None
    server.stop()
    assert "No space left on device" in server.log_text()
    lines = log_path.read_text().splitlines()
    broken = [line for line in lines if not is_json_object(line)]
    assert broken == [], f"{len(broken)} of {len(lines)} lines are not JSON"


def is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False
