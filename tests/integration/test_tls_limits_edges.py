"""Hostile clients and files against Bolt TLS, HTTPS and the client bounds, one attack per test.

Each test starts its own server on loopback. Where the server survives the attack, the test ends
by checking that a new driver logs in and finds the node committed before it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import subprocess
import termios
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tls_certificates import Certificates, client_context, start_https_server, tls_connect

from bolt_wire import BEGIN, HELLO, LOGON, PULL, SUCCESS, BoltSocket, describe, failure_code, pack, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver, create_user, unique_name
from hostile import HELLO_EXTRA, assert_healthy, chunk, login, start_seeded_server
from http_client import commit
from server_process import ServerProcess, binary_path, clean_environment, free_port, port_accepts

STORE_CONNECTIONS = 256
DEFAULT_TRANSACTIONS_PER_USER = 32
# NORNICDB_BOLT_MAX_TRANSACTIONS (96) less the 16 kept for administrators.
SERVER_BOLT_TRANSACTIONS = 80
RESOURCE_EXHAUSTION = "Neo.TransientError.Request.ResourceExhaustion"
# The documented nesting bound for one value: lists, maps and structures.
NESTING_LIMIT = 64


def user_login(server: ServerProcess, user: str, password: str) -> BoltSocket:
    """Open a raw Bolt 5 connection logged in as `user`."""
    connection = BoltSocket(server.address, server.bolt_port, timeout=10.0)
    major, _ = connection.handshake(version_slot(5, 4, 3))
    assert major == 5
    connection.pipeline(
        (HELLO, HELLO_EXTRA),
        (LOGON, {"scheme": "basic", "principal": user, "credentials": password}),
    )
    replies = [connection.receive(), connection.receive()]
    assert [reply.tag for reply in replies] == [SUCCESS, SUCCESS], describe(replies)
    return connection


def test_users_at_cap_leave_store_room(server_factory: ServerFactory) -> None:
    server = start_seeded_server(server_factory, {"NORNICDB_BOLT_IDLE_TIMEOUT": "0", "NORNICDB_MAX_CONNECTIONS": "600"})
    # Four users at their own cap of 32 would want 128 transactions; the server stops them at 80.
    users = [unique_name("holder") for _ in range(4)]
    with admin_driver(server) as driver:
        for user in users:
            create_user(driver, user, "holder-password", "viewer")
    holders: list[BoltSocket] = []
    codes: list[str | None] = []
    try:
        for user in users:
            for _ in range(DEFAULT_TRANSACTIONS_PER_USER):
                connection = user_login(server, user, "holder-password")
                holders.append(connection)
                connection.send(BEGIN, {})
                reply = connection.receive()
                codes.append(None if reply.tag == SUCCESS else failure_code(reply))
        assert codes.count(None) == SERVER_BOLT_TRANSACTIONS, codes
        assert set(codes) == {None, RESOURCE_EXHAUSTION}, set(codes)
        # Administrators, auto-commit statements and HTTP transactions still find store connections.
        with admin_driver(server, max_transaction_retry_time=5.0) as driver:
            records, _, _ = driver.execute_query("MATCH (n:HostileSeed) RETURN n.value AS value")
        assert [record["value"] for record in records] == [42]
        response = commit(server, (ADMIN_USER, ADMIN_PASSWORD), "MATCH (n:HostileSeed) RETURN n.value AS value")
        assert response.status == 200, response.describe()
        assert response.error_codes == [], response.describe()
    finally:
        for connection in holders:
            connection.close()
    assert_healthy(server)


@pytest.mark.parametrize("opener", [b"\x91", b"\xa1\x81k"], ids=["lists", "maps"])
def test_parameter_at_nesting_limit_runs(server_factory: ServerFactory, opener: bytes) -> None:
    server = start_seeded_server(server_factory)
    # $x is NESTING_LIMIT lists (or maps) deep, with an integer at the bottom.
    parameters = b"\xa1\x81x" + opener * NESTING_LIMIT + b"\x01"
    body = b"\xb3\x10" + pack("RETURN 1 AS one") + parameters + b"\xa0"
    try:
        with login(server) as connection:
            connection.send_raw(chunk(body))
            reply = connection.receive()
            assert reply.tag == SUCCESS, describe([reply])
            connection.send(PULL, {"n": -1})
            assert connection.receive().fields[0] == [1]
    finally:
        assert_healthy(server)


# MARK: A server started from a terminal, as `scripts/serve.sh` runs it


@contextmanager
def server_on_terminal(
    tmp_path: Path, certificates: Certificates, key: str
) -> Iterator[tuple[subprocess.Popen[bytes], dict[str, str]]]:
    """Run `nornicdb serve` with Bolt TLS on a pseudo-terminal of its own, and kill it at the end.

    The terminal becomes the process's controlling terminal, as for an operator who starts
    the server in the foreground. No input is written to it.
    """
    env = clean_environment()
    env.update(
        {
            "NORNICDB_DATA_DIR": str(tmp_path / "data"),
            "NORNICDB_BOLT_PORT": str(free_port()),
            "NORNICDB_HTTP_PORT": str(free_port()),
            "NORNICDB_AUTH": f"{ADMIN_USER}:{ADMIN_PASSWORD}",
            "NORNICDB_BOLT_TLS_ENABLED": "true",
            "NORNICDB_BOLT_TLS_CERT": certificates.path("server.pem"),
            "NORNICDB_BOLT_TLS_KEY": key,
        }
    )
    controller, terminal = pty.openpty()

    def take_terminal() -> None:
        os.setsid()
        fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)

    log = open(tmp_path / "terminal-server.log", "wb")
    process = subprocess.Popen(
        [str(binary_path()), "serve"],
        env=env,
        stdin=terminal,
        stdout=log,
        stderr=log,
        preexec_fn=take_terminal,
        cwd=tmp_path,
    )
    try:
        yield process, env
    finally:
        process.kill()
        process.wait()
        log.close()
        os.close(terminal)
        os.close(controller)


def encrypt_key(certificates: Certificates, name: str) -> str:
    """Write `<name>-encrypted.key`, the key of `name` under a passphrase; return its path."""
    target = certificates.path(f"{name}-encrypted.key")
    subprocess.run(
        [
            "openssl",
            "pkey",
            "-in",
            certificates.path(f"{name}.key"),
            "-aes256",
            "-passout",
            "pass:not-typed",
            "-out",
            target,
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return target


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    return Certificates(tmp_path / "certificates")


def test_encrypted_key_stops_start_up(tmp_path: Path, certificates: Certificates) -> None:
    encrypted = encrypt_key(certificates, "server")
    with server_on_terminal(tmp_path, certificates, encrypted) as (process, _):
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
    log = (tmp_path / "terminal-server.log").read_text(errors="replace")
    assert code not in (None, 0), f"still running after 10 s:\n{log[-600:]}"
    assert "NORNICDB_BOLT_TLS_KEY" in log


def test_encrypted_key_reload_keeps_serving(tmp_path: Path, certificates: Certificates) -> None:
    key = certificates.directory / "live.key"
    shutil.copy(certificates.path("server.key"), key)
    encrypted = encrypt_key(certificates, "server")
    with server_on_terminal(tmp_path, certificates, str(key)) as (process, env):
        bolt_port = int(env["NORNICDB_BOLT_PORT"])
        http_port = int(env["NORNICDB_HTTP_PORT"])
        deadline = time.monotonic() + 20
        while not port_accepts("127.0.0.1", bolt_port) and time.monotonic() < deadline:
            time.sleep(0.05)
        context = client_context(certificates)
        tls_connect("127.0.0.1", bolt_port, context).close()
        time.sleep(1.1)
        shutil.copy(encrypted, key)
        time.sleep(1.1)

        # TLS clients that arrive after the change make the server read the files, and must not hang.
        def handshake() -> None:
            try:
                tls_connect("127.0.0.1", bolt_port, context, timeout=30).close()
            except OSError:
                pass

        # One client per thread of the cooperative pool, and one more.
        threads = [threading.Thread(target=handshake, daemon=True) for _ in range((os.cpu_count() or 1) + 1)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        # Plaintext Bolt and HTTP are served at once, and a new TLS client gets the previous certificate.
        with BoltSocket("127.0.0.1", bolt_port, timeout=5) as plaintext:
            assert plaintext.handshake(version_slot(5, 4, 3))[0] == 5
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/health", timeout=5) as response:
            assert response.status == 200
        with tls_connect("127.0.0.1", bolt_port, context, timeout=5) as connection:
            assert int(connection.getpeercert()["serialNumber"], 16) == 1001
        assert process.poll() is None


def test_bolt_certificate_fifo_keeps_serving(server_factory: ServerFactory, certificates: Certificates) -> None:
    live = certificates.directory / "live.pem"
    shutil.copy(certificates.path("server.pem"), live)
    server = start_seeded_server(
        server_factory,
        {
            "NORNICDB_BOLT_TLS_ENABLED": "true",
            "NORNICDB_BOLT_TLS_CERT": str(live),
            "NORNICDB_BOLT_TLS_KEY": certificates.path("server.key"),
        },
    )
    context = client_context(certificates)
    time.sleep(1.1)
    live.unlink()
    os.mkfifo(live)
    try:
        time.sleep(1.1)

        def handshake() -> None:
            try:
                tls_connect(server.address, server.bolt_port, context, timeout=30).close()
            except OSError:
                pass

        threads = [threading.Thread(target=handshake, daemon=True) for _ in range((os.cpu_count() or 1) + 1)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        with urllib.request.urlopen(f"http://{server.address}:{server.http_port}/health", timeout=5) as response:
            assert response.status == 200
        assert_healthy(server)
    finally:
        # Opening the FIFO for writing and closing it ends a reader blocked on it with end of
        # file, so the server can stop.
        try:
            os.close(os.open(live, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


def test_https_certificate_fifo_keeps_serving(server_factory: ServerFactory, certificates: Certificates) -> None:
    live = certificates.directory / "https-live.pem"
    shutil.copy(certificates.path("server.pem"), live)
    server = start_https_server(
        server_factory, certificates, NORNICDB_HTTPS_CERT=str(live), NORNICDB_HTTPS_KEY=certificates.path("server.key")
    )
    https_port = server.https_port  # type: ignore[attr-defined]
    context = client_context(certificates)
    tls_connect(server.address, https_port, context).close()
    time.sleep(1.1)
    live.unlink()
    os.mkfifo(live)
    try:
        time.sleep(1.1)
        for _ in range(2):
            with tls_connect(server.address, https_port, context, timeout=5) as connection:
                assert int(connection.getpeercert()["serialNumber"], 16) == 1001
        assert server.stop(timeout=5) == 0
    finally:
        try:
            os.close(os.open(live, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
