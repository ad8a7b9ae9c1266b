"""Invalid TLS settings stop start-up with a message naming the variable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tls_certificates import Certificates

from harness import JWT_SECRET
from server_process import binary_path, clean_environment, free_port


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return Certificates(tmp_path_factory.mktemp("certificates"))


def run_serve(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = clean_environment()
    bolt_port = free_port()
    full_env.update(
        {
            "NORNICDB_DATA_DIR": str(tmp_path / "data"),
            "NORNICDB_BOLT_PORT": str(bolt_port),
            "NORNICDB_HTTP_PORT": str(free_port()),
            "NORNICDB_AUTH": "admin:valid-admin-password",
            "NORNICDB_JWT_SECRET": JWT_SECRET,
        }
    )
    full_env.update({key: value.replace("$BOLT_PORT", str(bolt_port)) for key, value in env.items()})
    try:
        return subprocess.run(
            [str(binary_path()), "serve"],
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=15,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"server kept running with invalid TLS settings {env}")


def files(certificates: Certificates, certificate: str = "server.pem", key: str = "server.key") -> dict[str, str]:
    return {
        "NORNICDB_BOLT_TLS_ENABLED": "true",
        "NORNICDB_BOLT_TLS_CERT": certificates.path(certificate),
        "NORNICDB_BOLT_TLS_KEY": certificates.path(key),
    }


CASES = [
    (
        "enabled-without-key",
        lambda c: {"NORNICDB_BOLT_TLS_ENABLED": "true", "NORNICDB_BOLT_TLS_CERT": c.path("server.pem")},
        "NORNICDB_BOLT_TLS_KEY",
    ),
    ("enabled-without-cert", lambda c: {"NORNICDB_BOLT_TLS_ENABLED": "true"}, "NORNICDB_BOLT_TLS_CERT"),
    ("missing-cert-file", lambda c: files(c, certificate="missing.pem"), "NORNICDB_BOLT_TLS_CERT"),
    ("key-of-another-certificate", lambda c: files(c, key="client.key"), "NORNICDB_BOLT_TLS_KEY"),
    ("certificate-as-key", lambda c: files(c, key="server.pem"), "NORNICDB_BOLT_TLS_KEY"),
    ("require-without-enabled", lambda c: {"NORNICDB_BOLT_TLS_REQUIRE": "true"}, "NORNICDB_BOLT_TLS_REQUIRE"),
    (
        "client-ca-with-mode-none",
        lambda c: {**files(c), "NORNICDB_BOLT_TLS_CLIENT_CA": c.ca},
        "NORNICDB_BOLT_TLS_CLIENT_CA",
    ),
    (
        "mode-without-client-ca",
        lambda c: {**files(c), "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE": "require"},
        "NORNICDB_BOLT_TLS_CLIENT_CA",
    ),
    (
        "missing-client-ca",
        lambda c: {
            **files(c),
            "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE": "require",
            "NORNICDB_BOLT_TLS_CLIENT_CA": c.path("missing.pem"),
        },
        "NORNICDB_BOLT_TLS_CLIENT_CA",
    ),
    (
        "bad-mode",
        lambda c: {**files(c), "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE": "sometimes"},
        "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE",
    ),
    ("https-without-cert", lambda c: {"NORNICDB_HTTPS_ENABLED": "true"}, "NORNICDB_HTTPS_CERT"),
    (
        "https-on-the-bolt-port",
        lambda c: {**files(c), "NORNICDB_HTTPS_ENABLED": "true", "NORNICDB_HTTPS_PORT": "$BOLT_PORT"},
        "NORNICDB_HTTPS_PORT",
    ),
    (
        "https-mismatched-key",
        lambda c: {
            "NORNICDB_HTTPS_ENABLED": "true",
            "NORNICDB_HTTPS_PORT": str(free_port()),
            "NORNICDB_HTTPS_CERT": c.path("server.pem"),
            "NORNICDB_HTTPS_KEY": c.path("client.key"),
        },
        "NORNICDB_HTTPS_KEY",
    ),
    ("https-port-without-https", lambda c: {"NORNICDB_HTTPS_PORT": "8443"}, "NORNICDB_HTTPS_PORT"),
]


@pytest.mark.parametrize(("name", "build", "variable"), CASES, ids=[case[0] for case in CASES])
def test_invalid_tls_settings_stop_start_up(
    tmp_path: Path, certificates: Certificates, name: str, build: object, variable: str
) -> None:
    result = run_serve(tmp_path, build(certificates))  # type: ignore[operator]
    assert result.returncode != 0, result.stderr
    assert variable in result.stderr, result.stderr
    key_lines = (certificates.directory / "server.key").read_text().splitlines()[1:-1]
    assert all(line not in result.stderr for line in key_lines)
