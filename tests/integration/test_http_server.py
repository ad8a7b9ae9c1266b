"""The HTTP listener: discovery and health, the bound address, keep-alive, limits and bad input.

Each test that sends something hostile checks afterwards that the server still serves requests.
"""

from __future__ import annotations

import select
import socket
import time

import pytest

from harness import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    OTHER_LOOPBACK,
    ServerFactory,
    connect_result,
    require_other_loopback,
)
from http_client import DATABASE, Client, assert_error, request, statements, wait_for_http
from server_process import ServerProcess

ADMIN = (ADMIN_USER, ADMIN_PASSWORD)
# The default of NORNICDB_HTTP_MAX_REQUEST_SIZE.
DEFAULT_BODY_LIMIT = 10 * 1024 * 1024


def assert_still_serves(server: ServerProcess) -> None:
    response = request(server, "GET", "/health")
    assert response.status == 200, response.describe()
    response = request(server, "POST", f"/db/{DATABASE}/tx/commit", statements("RETURN 1 AS one"), auth=ADMIN)
    assert response.status == 200, response.describe()
    assert response.json["results"][0]["data"][0]["row"] == [1], response.describe()


def raw_exchange(server: ServerProcess, data: bytes, timeout: float = 5.0, half_close: bool = False) -> bytes:
    """Send `data` on a new connection and return every byte the server sends until it closes.

    With `half_close`, the client shuts down its sending side after `data`, so a server waiting
    for the rest of a truncated request reads the end of the stream instead of waiting.
    """
    wait_for_http(server)
    with socket.create_connection((server.address, server.http_port), timeout=timeout) as connection:
        try:
            connection.sendall(data)
            if half_close:
                connection.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return receive_until_closed(connection, timeout)


def receive_until_closed(connection: socket.socket, timeout: float) -> bytes:
    received = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = connection.recv(65536)
        except ConnectionResetError:
            break
        except TimeoutError:
            raise AssertionError(f"the server neither answered nor closed; received {received[:200]!r}") from None
        if not chunk:
            break
        received += chunk
    return received


def status_of(reply: bytes) -> int | None:
    """Return the status code of the first response in `reply`, or None when there is none."""
    if not reply.startswith(b"HTTP/1."):
        return None
    return int(reply.split(b" ", 2)[1])


def test_discovery_without_auth(server: ServerProcess) -> None:
    status, _, body = request(server, "GET", "/")
    assert status == 200, body
    assert body["bolt_direct"] == f"bolt://{server.address}:{server.bolt_port}"
    assert body["bolt_routing"] == f"neo4j://{server.address}:{server.bolt_port}"
    assert body["transaction"] == f"http://{server.address}:{server.http_port}/db/{{databaseName}}/tx"
    assert isinstance(body["neo4j_version"], str) and body["neo4j_version"]


def test_discovery_uses_host_header(server: ServerProcess) -> None:
    _, _, body = request(server, "GET", "/", headers={"Host": f"localhost:{server.http_port}"})
    assert body["bolt_direct"] == f"bolt://localhost:{server.bolt_port}"
    assert body["transaction"] == f"http://localhost:{server.http_port}/db/{{databaseName}}/tx"


def test_health_without_auth(server: ServerProcess) -> None:
    status, headers, body = request(server, "GET", "/health")
    assert status == 200
    assert headers.get("Content-Type", "").startswith("application/json")
    assert body["status"] == "ok"


def test_binds_only_configured_address(server: ServerProcess) -> None:
    require_other_loopback()
    wait_for_http(server)
    assert connect_result("127.0.0.1", server.http_port) == "accepted"
    assert connect_result(OTHER_LOOPBACK, server.http_port) == "refused"


def test_binds_other_loopback_address(server_factory: ServerFactory) -> None:
    require_other_loopback()
    server = server_factory.standard(address=OTHER_LOOPBACK)
    wait_for_http(server)
    assert connect_result(OTHER_LOOPBACK, server.http_port) == "accepted"
    assert connect_result("127.0.0.1", server.http_port) == "refused"
    _, _, body = request(server, "GET", "/")
    assert body["bolt_direct"] == f"bolt://{OTHER_LOOPBACK}:{server.bolt_port}"


def test_keep_alive_reuses_connection(server: ServerProcess) -> None:
    with Client(server, ADMIN) as client:
        first = client.request("GET", "/health")
        port = client.local_port()
        second = client.request("POST", f"/db/{DATABASE}/tx/commit", statements("RETURN 2 AS two"))
        third = client.request("GET", "/", auth=None)
        assert client.local_port() == port, "the client had to open a new connection"
    for response in (first, second, third):
        assert response.status == 200, response.describe()
        assert response.headers.get("Connection", "").lower() != "close", response.headers
    assert second.json["results"][0]["data"][0]["row"] == [2]


def test_connection_close_honoured(server: ServerProcess) -> None:
    reply = raw_exchange(server, b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert status_of(reply) == 200, reply[:200]
    assert reply.count(b"HTTP/1.") == 1


def test_http_1_0_request(server: ServerProcess) -> None:
    reply = raw_exchange(server, b"GET /health HTTP/1.0\r\n\r\n")
    assert status_of(reply) == 200, reply[:200]
    assert b'"ok"' in reply


def test_body_over_limit_rejected(server: ServerProcess) -> None:
    wait_for_http(server)
    size = DEFAULT_BODY_LIMIT + 1024 * 1024
    head = (
        f"POST /db/{DATABASE}/tx/commit HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\n\r\n"
    ).encode()
    chunk = b" " * 65536
    reply = b""
    with socket.create_connection((server.address, server.http_port), timeout=10) as connection:
        connection.sendall(head)
        sent = 0
        # Send the body piece by piece and stop as soon as the server responds, so an early 413
        # followed by a reset cannot be lost.
        while sent < size:
            readable, _, _ = select.select([connection], [], [], 0)
            if readable:
                break
            try:
                connection.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        reply = receive_until_closed(connection, 10)
    assert status_of(reply) == 413, reply[:300]
    assert b"errors" in reply, reply[:300]
    assert_still_serves(server)


def test_configured_body_limit(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_HTTP_MAX_REQUEST_SIZE": "2048"})
    padding = "x" * 3000
    response = request(
        server, "POST", f"/db/{DATABASE}/tx/commit", statements(("RETURN $p AS p", {"p": padding})), auth=ADMIN
    )
    assert_error(response, 413)
    small = request(server, "POST", f"/db/{DATABASE}/tx/commit", statements("RETURN 1"), auth=ADMIN)
    assert small.status == 200, small.describe()


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\xff\xfe garbage \x01\x02\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET /health HTTP/9.9\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: localhost\r\nno colon in this header\r\n\r\n",
        b'POST /db/nornic/tx/commit HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"statem',
        b"POST /db/nornic/tx/commit HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
    ],
    ids=["binary", "no-path", "bad-version", "bad-header", "truncated-body", "negative-length", "tls-hello"],
)
def test_malformed_request_then_serves(server: ServerProcess, data: bytes) -> None:
    reply = raw_exchange(server, data, timeout=10, half_close=True)
    status = status_of(reply)
    # Closing without a response is acceptable, but a response must be an error, never a success.
    assert status is None or 400 <= status < 600, reply[:300]
    assert_still_serves(server)


def test_huge_header_rejected(server: ServerProcess) -> None:
    data = b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + b"a" * 200_000 + b"\r\n\r\n"
    reply = raw_exchange(server, data, timeout=10)
    status = status_of(reply)
    assert status is None or status in (400, 413, 431), reply[:300]
    assert_still_serves(server)


def test_many_headers_rejected(server: ServerProcess) -> None:
    lines = b"".join(f"X-Header-{index}: value\r\n".encode() for index in range(20_000))
    reply = raw_exchange(server, b"GET /health HTTP/1.1\r\nHost: localhost\r\n" + lines + b"\r\n", timeout=10)
    status = status_of(reply)
    assert status is None or status in (400, 413, 431), reply[:300]
    assert_still_serves(server)


def test_byte_by_byte_request(server: ServerProcess) -> None:
    wait_for_http(server)
    data = b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    with socket.create_connection((server.address, server.http_port), timeout=5) as connection:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in data:
            connection.sendall(bytes([byte]))
        reply = receive_until_closed(connection, 5)
    assert status_of(reply) == 200, reply[:200]


def test_unknown_path_not_found(server: ServerProcess) -> None:
    assert_error(request(server, "GET", "/no/such/endpoint"), 404)
    assert_error(request(server, "GET", "/api/v1/no-such-thing", auth=ADMIN), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/health"),
        ("POST", "/"),
        ("GET", f"/db/{DATABASE}/tx/commit"),
        ("PUT", f"/db/{DATABASE}/tx"),
        ("GET", "/api/v1/auth/token"),
        ("DELETE", "/api/v1/auth/cluster-token"),
    ],
)
def test_wrong_method_not_allowed(server: ServerProcess, method: str, path: str) -> None:
    response = request(server, method, path, auth=ADMIN)
    assert_error(response, 405)
    assert response.headers.get("Allow"), response.headers
