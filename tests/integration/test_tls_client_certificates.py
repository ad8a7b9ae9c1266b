"""Client certificates on the Bolt port: `require` and `optional` against the configured CA, and a
client certificate never replacing the Bolt login."""

from __future__ import annotations

import ssl

import neo4j
import pytest
from neo4j.auth_management import ClientCertificate
from tls_certificates import Certificates, bolt_tls_environment, client_context

from bolt_wire import BoltSocket, ConnectionClosed, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from server_process import ServerProcess


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certificates"))


def start(factory: ServerFactory, certificates: Certificates, mode: str) -> ServerProcess:
    return factory.standard(
        bolt_tls_environment(
            certificates,
            NORNICDB_BOLT_TLS_CLIENT_CA=certificates.ca,
            NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE=mode,
        )
    )


@pytest.fixture(scope="module")
def requiring(module_server_factory: ServerFactory, certificates: Certificates) -> ServerProcess:
    return start(module_server_factory, certificates, "require")


@pytest.fixture(scope="module")
def optional(module_server_factory: ServerFactory, certificates: Certificates) -> ServerProcess:
    return start(module_server_factory, certificates, "optional")


def bolt_handshake(server: ServerProcess, certificates: Certificates, client: str | None) -> tuple[int, int]:
    """A TLS connection with `client`'s certificate (or none), then Bolt's version handshake.

    With TLS 1.3 the client's handshake ends before the server has checked the certificate, so
    a rejection shows on the first read.
    """
    with BoltSocket(server.address, server.bolt_port) as bolt:
        bolt.socket = client_context(certificates, client).wrap_socket(bolt.socket, server_hostname="localhost")
        return bolt.handshake(version_slot(5, 8, 8))


def rejected(server: ServerProcess, certificates: Certificates, client: str | None) -> bool:
    try:
        bolt_handshake(server, certificates, client)
    except (ssl.SSLError, ConnectionClosed, ConnectionError):
        return True
    return False


def return_one(server: ServerProcess, certificates: Certificates, client: str | None, auth: object) -> int:
    config: dict[str, object] = {"encrypted": True, "trusted_certificates": neo4j.TrustCustomCAs(certificates.ca)}
    if client is not None:
        config["client_certificate"] = ClientCertificate(
            certificates.path(f"{client}.pem"), certificates.path(f"{client}.key")
        )
    uri = f"bolt://localhost:{server.bolt_port}"
    with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=5.0, **config) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        return records[0]["one"]


def test_require_accepts_a_signed_certificate(requiring: ServerProcess, certificates: Certificates) -> None:
    assert bolt_handshake(requiring, certificates, "client") >= (5, 0)
    assert return_one(requiring, certificates, "client", (ADMIN_USER, ADMIN_PASSWORD)) == 1


def test_require_rejects_a_client_without_certificate(requiring: ServerProcess, certificates: Certificates) -> None:
    assert rejected(requiring, certificates, None)


def test_require_rejects_a_certificate_of_another_ca(requiring: ServerProcess, certificates: Certificates) -> None:
    assert rejected(requiring, certificates, "stray-client")


def test_require_still_rejects_plaintext_clients_certificate_or_not(requiring: ServerProcess) -> None:
    # Plaintext is allowed here (NORNICDB_BOLT_TLS_REQUIRE is false), and it carries no certificate.
    with BoltSocket(requiring.address, requiring.bolt_port) as bolt:
        assert bolt.handshake(version_slot(5, 8, 8)) >= (5, 0)


def test_certificate_does_not_replace_the_login(requiring: ServerProcess, certificates: Certificates) -> None:
    with pytest.raises(neo4j.exceptions.AuthError):
        return_one(requiring, certificates, "client", ("admin", "not-the-password"))


def test_optional_accepts_no_certificate(optional: ServerProcess, certificates: Certificates) -> None:
    assert bolt_handshake(optional, certificates, None) >= (5, 0)
    assert return_one(optional, certificates, None, (ADMIN_USER, ADMIN_PASSWORD)) == 1


def test_optional_accepts_a_signed_certificate(optional: ServerProcess, certificates: Certificates) -> None:
    assert bolt_handshake(optional, certificates, "client") >= (5, 0)


def test_optional_rejects_a_certificate_of_another_ca(optional: ServerProcess, certificates: Certificates) -> None:
    assert rejected(optional, certificates, "stray-client")
