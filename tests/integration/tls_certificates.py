"""Throwaway certificates for the TLS tests, made with the `openssl` command in a temporary folder.

One CA signs the server certificate (for localhost and 127.0.0.1) and a client certificate. A
second CA, which the server does not trust, signs a stray client certificate.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import warnings
from pathlib import Path

from harness import ServerFactory
from server_process import ServerProcess, free_port


class Certificates:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._openssl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=NornicDB Test CA",
        )
        self._openssl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "other-ca.key",
            "-out",
            "other-ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Untrusted CA",
        )
        self.issue("server", "/CN=localhost", serial=1001, ca="ca", server=True)
        self.issue("client", "/CN=bolt-client", serial=2001, ca="ca")
        self.issue("stray-client", "/CN=stray-client", serial=3001, ca="other-ca")

    def path(self, name: str) -> str:
        return str(self.directory / name)

    @property
    def ca(self) -> str:
        return self.path("ca.pem")

    def issue(self, name: str, subject: str, serial: int, ca: str = "ca", server: bool = False) -> None:
        """Write `<name>.pem` and `<name>.key`, signed by `ca`, with the given serial number."""
        self._openssl(
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject
        )
        extensions = self.directory / f"{name}.ext"
        extensions.write_text(
            "subjectAltName=DNS:localhost,IP:127.0.0.1\n" if server else "basicConstraints=CA:FALSE\n"
        )
        self._openssl(
            "x509",
            "-req",
            "-in",
            f"{name}.csr",
            "-CA",
            f"{ca}.pem",
            "-CAkey",
            f"{ca}.key",
            "-set_serial",
            str(serial),
            "-out",
            f"{name}.pem",
            "-days",
            "2",
            "-extfile",
            str(extensions),
        )

    def key_body(self, name: str) -> str:
        """The base64 body of a PEM private key, without its header lines."""
        lines = (self.directory / f"{name}.key").read_text().splitlines()
        return "".join(line for line in lines if not line.startswith("-----"))

    def _openssl(self, *arguments: str) -> None:
        subprocess.run(["openssl", *arguments], cwd=self.directory, check=True, capture_output=True, timeout=60)


def bolt_tls_environment(certificates: Certificates, **extra: str) -> dict[str, str]:
    env = {
        "NORNICDB_BOLT_TLS_ENABLED": "true",
        "NORNICDB_BOLT_TLS_CERT": certificates.path("server.pem"),
        "NORNICDB_BOLT_TLS_KEY": certificates.path("server.key"),
    }
    env.update(extra)
    return env


def start_https_server(factory: ServerFactory, certificates: Certificates, **extra: str) -> ServerProcess:
    """A server with Bolt TLS and HTTPS on a free port, which `server.https_port` gives."""
    https_port = free_port()
    env = bolt_tls_environment(
        certificates, NORNICDB_HTTPS_ENABLED="true", NORNICDB_HTTPS_PORT=str(https_port), **extra
    )
    server = factory.standard(env)
    server.https_port = https_port  # type: ignore[attr-defined]
    return server


def client_context(
    certificates: Certificates,
    client: str | None = None,
    maximum_version: ssl.TLSVersion | None = None,
) -> ssl.SSLContext:
    """A client context that trusts the test CA and presents `client`'s certificate if named."""
    context = ssl.create_default_context(cafile=certificates.ca)
    if maximum_version is not None:
        # Debian's OpenSSL offers nothing below TLS 1.2 at its default security level, so the
        # level is lowered to make the client really offer the old version.
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = maximum_version
    if client is not None:
        context.load_cert_chain(certificates.path(f"{client}.pem"), certificates.path(f"{client}.key"))
    return context


def tls_connect(address: str, port: int, context: ssl.SSLContext, timeout: float = 5.0) -> ssl.SSLSocket:
    """Open a TCP connection and complete a TLS handshake on it."""
    raw = socket.create_connection((address, port), timeout=timeout)
    try:
        return context.wrap_socket(raw, server_hostname="localhost")
    except BaseException:
        raw.close()
        raise


def serial_number(address: str, port: int, certificates: Certificates) -> int:
    """The serial number of the certificate the server presents to a new connection."""
    with tls_connect(address, port, client_context(certificates)) as connection:
        return int(connection.getpeercert()["serialNumber"], 16)
