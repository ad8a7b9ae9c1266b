"""Certificate reload: new connections get a changed certificate without a restart, open ones
keep theirs, and a broken file keeps the previous certificate."""

from __future__ import annotations

import time

import neo4j
import pytest
from tls_certificates import Certificates, serial_number, start_https_server

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from server_process import ServerProcess


def wait_for_serial(address: str, port: int, certificates: Certificates, expected: int) -> int:
    """Poll new connections for up to five seconds; the server looks at the files once a second."""
    deadline = time.monotonic() + 5.0
    serial = serial_number(address, port, certificates)
    while serial != expected and time.monotonic() < deadline:
        time.sleep(0.2)
        serial = serial_number(address, port, certificates)
    return serial


@pytest.fixture
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certificates"))


@pytest.fixture
def server(server_factory: ServerFactory, certificates: Certificates) -> ServerProcess:
    return start_https_server(server_factory, certificates)


def test_bolt_and_https_reload_a_changed_certificate(server: ServerProcess, certificates: Certificates) -> None:
    https_port = server.https_port  # type: ignore[attr-defined]
    assert serial_number(server.address, server.bolt_port, certificates) == 1001
    assert serial_number(server.address, https_port, certificates) == 1001

    uri = f"bolt+ssc://127.0.0.1:{server.bolt_port}"
    with neo4j.GraphDatabase.driver(uri, auth=(ADMIN_USER, ADMIN_PASSWORD), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            assert session.run("RETURN 1 AS one").single()["one"] == 1
            time.sleep(1.1)
            certificates.issue("server", "/CN=localhost", serial=1002, server=True)
            assert wait_for_serial(server.address, server.bolt_port, certificates, 1002) == 1002
            assert wait_for_serial(server.address, https_port, certificates, 1002) == 1002
            # The connection opened before the change keeps working with its certificate.
            assert session.run("RETURN 2 AS two").single()["two"] == 2
    log = server.log_text()
    assert "reloaded the TLS certificate and key" in log
    assert "reloaded the HTTPS certificate and key" in log


def test_broken_new_files_keep_the_previous_certificate(server: ServerProcess, certificates: Certificates) -> None:
    https_port = server.https_port  # type: ignore[attr-defined]
    time.sleep(1.1)
    # A key that does not belong to the certificate, as a half-finished rotation leaves it.
    key = certificates.directory / "server.key"
    key.write_text((certificates.directory / "client.key").read_text())
    time.sleep(1.1)
    assert serial_number(server.address, server.bolt_port, certificates) == 1001
    assert serial_number(server.address, https_port, certificates) == 1001
    log = server.log_text()
    assert "kept the previous TLS certificate" in log
    assert "kept the previous HTTPS certificate" in log
    assert " ERROR " in next(line for line in log.splitlines() if "kept the previous TLS certificate" in line)
    # Finishing the rotation makes the new pair take effect.
    certificates.issue("server", "/CN=localhost", serial=1003, server=True)
    assert wait_for_serial(server.address, server.bolt_port, certificates, 1003) == 1003
    assert wait_for_serial(server.address, https_port, certificates, 1003) == 1003
