"""The HTTP API over HTTPS: curl and http.client trusting the test CA, the same API as HTTP, the
plain HTTP port unchanged, TLS 1.1 refused, broken clients, and HTTPS's own certificate files."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import subprocess
import time

import pytest
from http_client import commit, wait_for_http
from tls_certificates import Certificates, client_context, serial_number, start_https_server, tls_connect

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from server_process import ServerProcess

BASIC = "Basic " + base64.b64encode(f"{ADMIN_USER}:{ADMIN_PASSWORD}".encode()).decode()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certificates"))


@pytest.fixture(scope="module")
def https_server(module_server_factory: ServerFactory, certificates: Certificates) -> ServerProcess:
    server = start_https_server(module_server_factory, certificates, NORNICDB_LOG_LEVEL="debug")
    wait_for_http(server)
    return server


def https_request(
    server: ServerProcess, certificates: Certificates, method: str, path: str, body: object = None
) -> tuple[int, object]:
    connection = http.client.HTTPSConnection(
        "localhost",
        server.https_port,
        timeout=10.0,
        context=client_context(certificates),  # type: ignore[attr-defined]
    )
    try:
        headers = {"Authorization": BASIC, "Content-Type": "application/json"}
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        text = response.read()
        return response.status, json.loads(text) if text else None
    finally:
        connection.close()


def curl(server: ServerProcess, certificates: Certificates, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "curl",
            "--silent",
            "--show-error",
            "--max-time",
            "10",
            "--cacert",
            certificates.ca,
            "--resolve",
            f"localhost:{server.https_port}:127.0.0.1",
            *arguments,  # type: ignore[attr-defined]
        ],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


def test_curl_runs_a_statement(https_server: ServerProcess, certificates: Certificates) -> None:
    port = https_server.https_port  # type: ignore[attr-defined]
    result = curl(
        https_server,
        certificates,
        "-u",
        f"{ADMIN_USER}:{ADMIN_PASSWORD}",
        "-H",
        "Content-Type: application/json",
        f"https://localhost:{port}/db/nornic/tx/commit",
        "-d",
        '{"statements": [{"statement": "RETURN 1 AS one"}]}',
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["errors"] == []
    assert body["results"][0]["data"][0]["row"] == [1]


def test_curl_refuses_tls_1_1(https_server: ServerProcess, certificates: Certificates) -> None:
    port = https_server.https_port  # type: ignore[attr-defined]
    result = curl(
        https_server,
        certificates,
        "--tlsv1.1",
        "--tls-max",
        "1.1",
        "--ciphers",
        "DEFAULT@SECLEVEL=0",
        f"https://localhost:{port}/",
    )
    assert result.returncode != 0


def test_http_client_sees_the_same_api(https_server: ServerProcess, certificates: Certificates) -> None:
    status, body = https_request(https_server, certificates, "GET", "/")
    assert status == 200
    assert "bolt_direct" in body  # type: ignore[operator]
    port = https_server.https_port  # type: ignore[attr-defined]
    assert body["transaction"] == f"https://localhost:{port}/db/{{databaseName}}/tx"  # type: ignore[index]
    status, body = https_request(https_server, certificates, "GET", "/api/v1/users")
    assert status == 200
    status, body = https_request(
        https_server,
        certificates,
        "POST",
        "/db/nornic/tx/commit",
        {"statements": [{"statement": "CREATE (:HttpsNode) RETURN 1"}]},
    )
    assert status == 200
    assert body["errors"] == []  # type: ignore[index]
    # The plain HTTP port serves the same data.
    plain = commit(https_server, (ADMIN_USER, ADMIN_PASSWORD), "MATCH (n:HttpsNode) RETURN count(n) AS c")
    assert plain.status == 200
    assert plain.json["results"][0]["data"][0]["row"] == [1]  # type: ignore[index]


def test_https_protocol_versions(https_server: ServerProcess, certificates: Certificates) -> None:
    port = https_server.https_port  # type: ignore[attr-defined]
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        context = client_context(certificates)
        context.minimum_version = context.maximum_version = version
        with tls_connect(https_server.address, port, context) as connection:
            assert connection.version() == version.name.replace("_", ".").replace("TLSv1.", "TLSv1.")
    old = client_context(certificates, maximum_version=ssl.TLSVersion.TLSv1_1)
    with pytest.raises((ssl.SSLError, ConnectionError)):
        tls_connect(https_server.address, port, old).close()


def test_garbage_and_stalled_clients_leave_others_served(
    https_server: ServerProcess, certificates: Certificates
) -> None:
    port = https_server.https_port  # type: ignore[attr-defined]
    with socket.create_connection((https_server.address, port), timeout=5.0) as garbage:
        garbage.sendall(b"\x16\x03\x01\x00\x05\xff\xff\xff\xff\xff")
        with socket.create_connection((https_server.address, port), timeout=5.0) as stalled:
            stalled.sendall(b"\x16\x03\x01\x02\x00\x01")
            with socket.create_connection((https_server.address, port), timeout=5.0) as plaintext:
                plaintext.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                status, _ = https_request(https_server, certificates, "GET", "/")
                assert status == 200


def test_plain_http_port_is_unchanged(https_server: ServerProcess) -> None:
    connection = http.client.HTTPConnection(https_server.address, https_server.http_port, timeout=10.0)
    try:
        connection.request("GET", "/health")
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_https_listens_only_on_the_configured_address(https_server: ServerProcess) -> None:
    port = https_server.https_port  # type: ignore[attr-defined]
    with pytest.raises(OSError):
        socket.create_connection(("::1", port), timeout=1.0).close()


def test_https_has_its_own_certificate_files(server_factory: ServerFactory, certificates: Certificates) -> None:
    certificates.issue("https", "/CN=localhost", serial=4001, server=True)
    server = start_https_server(
        server_factory,
        certificates,
        NORNICDB_HTTPS_CERT=certificates.path("https.pem"),
        NORNICDB_HTTPS_KEY=certificates.path("https.key"),
    )
    wait_for_http(server)
    assert serial_number(server.address, server.https_port, certificates) == 4001  # type: ignore[attr-defined]
    assert serial_number(server.address, server.bolt_port, certificates) == 1001


def test_https_without_bolt_tls_uses_the_bolt_files(server_factory: ServerFactory, certificates: Certificates) -> None:
    from server_process import free_port

    port = free_port()
    server = server_factory.standard(
        {
            "NORNICDB_HTTPS_ENABLED": "true",
            "NORNICDB_HTTPS_PORT": str(port),
            "NORNICDB_BOLT_TLS_CERT": certificates.path("server.pem"),
            "NORNICDB_BOLT_TLS_KEY": certificates.path("server.key"),
        }
    )
    wait_for_http(server)
    deadline = time.monotonic() + 5.0
    while True:
        try:
            assert serial_number(server.address, port, certificates) == 1001
            break
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_private_key_never_logged(https_server: ServerProcess, certificates: Certificates) -> None:
    log = https_server.log_text()
    lines = (certificates.directory / "server.key").read_text().splitlines()[1:-1]
    assert all(line not in log for line in lines)
