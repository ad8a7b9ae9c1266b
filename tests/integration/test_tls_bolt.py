"""Bolt over TLS on the plain Bolt port: the official driver's encrypted schemes, plaintext
beside TLS or refused, TLS 1.1 refused, and broken TLS clients that must not disturb others."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from tls_certificates import Certificates, bolt_tls_environment, client_context, tls_connect

from bolt_wire import BoltSocket, ConnectionClosed, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from server_process import ServerProcess


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certificates"))


@pytest.fixture(scope="module")
def tls_server(module_server_factory: ServerFactory, certificates: Certificates) -> ServerProcess:
    return module_server_factory.standard(bolt_tls_environment(certificates, NORNICDB_LOG_LEVEL="debug"))


@pytest.fixture
def system_trusts_test_ca(monkeypatch: pytest.MonkeyPatch, certificates: Certificates) -> Iterator[None]:
    """Make the test CA the system trust store, which `bolt+s://` and `neo4j+s://` use."""
    monkeypatch.setenv("SSL_CERT_FILE", certificates.ca)
    yield


def connectivity_fails(uri: str, **config: object) -> None:
    """Expect the driver to fail to connect, without the retries that execute_query makes."""
    with neo4j.GraphDatabase.driver(uri, auth=(ADMIN_USER, ADMIN_PASSWORD), connection_timeout=5.0, **config) as d:
        with pytest.raises(neo4j.exceptions.ServiceUnavailable):
            d.verify_connectivity()


def return_one(uri: str, **config: object) -> int:
    with neo4j.GraphDatabase.driver(uri, auth=(ADMIN_USER, ADMIN_PASSWORD), connection_timeout=5.0, **config) as d:
        records, _, _ = d.execute_query("RETURN 1 AS one")
        return records[0]["one"]


@pytest.mark.parametrize("scheme", ["bolt+s", "neo4j+s"])
def test_verified_schemes_with_the_system_trust_store(
    tls_server: ServerProcess, system_trusts_test_ca: None, scheme: str
) -> None:
    assert return_one(f"{scheme}://localhost:{tls_server.bolt_port}") == 1


def test_encrypted_driver_trusting_the_test_ca(tls_server: ServerProcess, certificates: Certificates) -> None:
    # The driver takes trusted_certificates only with the unencrypted schemes plus encrypted=True.
    uri = f"bolt://localhost:{tls_server.bolt_port}"
    trusted = neo4j.TrustCustomCAs(certificates.ca)
    assert return_one(uri, encrypted=True, trusted_certificates=trusted) == 1


def test_self_signed_scheme(tls_server: ServerProcess) -> None:
    assert return_one(f"bolt+ssc://127.0.0.1:{tls_server.bolt_port}") == 1


def test_plaintext_still_served(tls_server: ServerProcess) -> None:
    assert return_one(tls_server.uri) == 1


def test_untrusted_certificate_fails_verification(tls_server: ServerProcess) -> None:
    connectivity_fails(f"bolt+s://localhost:{tls_server.bolt_port}")


def test_tls_1_1_refused(tls_server: ServerProcess, certificates: Certificates) -> None:
    context = client_context(certificates, maximum_version=ssl.TLSVersion.TLSv1_1)
    with pytest.raises((ssl.SSLError, ConnectionError)):
        tls_connect(tls_server.address, tls_server.bolt_port, context).close()
    assert return_one(f"bolt+ssc://127.0.0.1:{tls_server.bolt_port}") == 1


def test_raw_bolt_handshake_over_tls(tls_server: ServerProcess, certificates: Certificates) -> None:
    with BoltSocket(tls_server.address, tls_server.bolt_port) as bolt:
        bolt.socket = client_context(certificates).wrap_socket(bolt.socket, server_hostname="localhost")
        assert bolt.socket.version() in ("TLSv1.2", "TLSv1.3")
        assert bolt.handshake(version_slot(5, 8, 8)) >= (5, 0)


def test_tls_1_2_accepted(tls_server: ServerProcess, certificates: Certificates) -> None:
    context = client_context(certificates)
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    with tls_connect(tls_server.address, tls_server.bolt_port, context) as connection:
        assert connection.version() == "TLSv1.2"


@pytest.mark.parametrize(
    "garbage",
    [b"\x16\x03\x01\x00\x05\xff\xff\xff\xff\xff", b"\x16" + bytes(range(256)) * 4, b"\x16\x03\x03" + b"A" * 64],
    ids=["bad-handshake", "binary", "short-record"],
)
def test_garbage_tls_client_is_closed_and_others_served(tls_server: ServerProcess, garbage: bytes) -> None:
    with socket.create_connection((tls_server.address, tls_server.bolt_port), timeout=5.0) as raw:
        raw.sendall(garbage)
        # The server sends an alert or nothing, and then closes the connection.
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            try:
                if raw.recv(4096) == b"":
                    break
            except ConnectionResetError:
                break
        else:
            pytest.fail("the server kept a garbage TLS connection open")
    assert return_one(f"bolt+ssc://127.0.0.1:{tls_server.bolt_port}") == 1
    assert "TLS handshake failed" in tls_server.log_text()


def test_stalled_tls_client_does_not_block_others(tls_server: ServerProcess) -> None:
    with socket.create_connection((tls_server.address, tls_server.bolt_port), timeout=5.0) as stalled:
        # The first bytes of a ClientHello, and then nothing.
        stalled.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
        assert return_one(f"bolt+ssc://127.0.0.1:{tls_server.bolt_port}") == 1
        assert return_one(tls_server.uri) == 1


def test_handshake_failure_logged_with_the_connection_id(tls_server: ServerProcess) -> None:
    with socket.create_connection((tls_server.address, tls_server.bolt_port), timeout=5.0) as raw:
        raw.sendall(b"\x16\x03\x01\x00\x05\xff\xff\xff\xff\xff")
        try:
            raw.recv(4096)
        except ConnectionResetError:
            pass
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        lines = [line for line in tls_server.log_text().splitlines() if "TLS handshake failed" in line]
        if lines:
            break
        time.sleep(0.05)
    assert lines and all("bolt.connection.id=bolt-" in line for line in lines)
    assert all(" INFO " in line or " DEBUG " in line for line in lines)


def test_plaintext_refused_when_tls_is_required(server_factory: ServerFactory, certificates: Certificates) -> None:
    server = server_factory.standard(bolt_tls_environment(certificates, NORNICDB_BOLT_TLS_REQUIRE="true"))
    connectivity_fails(server.uri)
    with BoltSocket(server.address, server.bolt_port) as bolt:
        with pytest.raises((ConnectionClosed, ConnectionError)):
            bolt.handshake(version_slot(5, 8, 8))
    assert return_one(f"bolt+ssc://127.0.0.1:{server.bolt_port}") == 1
    assert "plaintext Bolt is rejected" in server.log_text()


def test_tls_off_by_default(server: ServerProcess) -> None:
    connectivity_fails(f"bolt+ssc://127.0.0.1:{server.bolt_port}")


def test_private_key_never_logged(tls_server: ServerProcess, certificates: Certificates) -> None:
    assert return_one(f"bolt+ssc://127.0.0.1:{tls_server.bolt_port}") == 1
    log = tls_server.log_text()
    body = certificates.key_body("server")
    assert body[:64] not in log
    assert all(line not in log for line in Path(certificates.path("server.key")).read_text().splitlines()[1:-1])


def test_stalled_tls_handshake_ends_at_the_login_deadline(tls_server: ServerProcess) -> None:
    # The server closes a client that has not logged in 30 seconds after connecting, and a
    # client stuck in the TLS handshake has not.
    with socket.create_connection((tls_server.address, tls_server.bolt_port), timeout=45.0) as stalled:
        stalled.sendall(b"\x16\x03\x01\x02\x00\x01")
        started = time.monotonic()
        try:
            assert stalled.recv(4096) == b""
        except ConnectionResetError:
            pass
        elapsed = time.monotonic() - started
    assert 25.0 <= elapsed <= 40.0, elapsed
    assert "no successful login within" in tls_server.log_text()
