"""Invalid settings stop start-up with a non-zero exit and a message naming the setting."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from harness import JWT_SECRET
from server_process import binary_path, clean_environment, free_port

INVALID_ENVIRONMENT = [
    ("NORNICDB_BOLT_PORT", "abc"),
    ("NORNICDB_BOLT_PORT", "70000"),
    ("NORNICDB_BOLT_PORT", "-1"),
    ("NORNICDB_HTTP_PORT", "http"),
    ("NORNICDB_JWT_SECRET", "short"),
    ("NORNICDB_LOG_LEVEL", "loud"),
    ("NORNICDB_BOLT_REQUIRE_AUTH", "maybe"),
    ("NORNICDB_BOLT_ALLOW_ANONYMOUS", "sometimes"),
    ("NORNICDB_AUTH_DEBUG", "perhaps"),
    ("NORNICDB_AUTH", "admin"),
    ("NORNICDB_AUTH", ":no-user-name"),
    ("NORNICDB_ADDRESS", "not an address"),
    ("NORNICDB_MAX_CONNECTIONS", "0"),
    ("NORNICDB_MAX_CONNECTIONS", "lots"),
    ("NORNICDB_BOLT_LOGIN_TIMEOUT", "0s"),
    ("NORNICDB_BOLT_IDLE_TIMEOUT", "forever"),
    ("NORNICDB_BOLT_WRITE_TIMEOUT", "2h"),
    ("NORNICDB_BOLT_MAX_MESSAGE_SIZE", "1024"),
    ("NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER", "-3"),
]


def run_serve(tmp_path: Path, env: dict[str, str], args: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `nornicdb serve` expecting it to exit by itself within 15 seconds."""
    full_env = clean_environment()
    full_env.update(
        {
            "NORNICDB_DATA_DIR": str(tmp_path / "data"),
            "NORNICDB_ADDRESS": "127.0.0.1",
            "NORNICDB_BOLT_PORT": str(free_port()),
            "NORNICDB_HTTP_PORT": str(free_port()),
            "NORNICDB_AUTH": "admin:valid-admin-password",
            "NORNICDB_JWT_SECRET": JWT_SECRET,
        }
    )
    full_env.update(env)
    try:
        return subprocess.run(
            [str(binary_path()), "serve", *(args or [])],
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=15,
        )
    except subprocess.TimeoutExpired as expired:
        output = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else expired.stderr
        pytest.fail(f"server kept running with an invalid setting {env} {args or ''}\n{output}")


@pytest.mark.parametrize(("variable", "value"), INVALID_ENVIRONMENT, ids=lambda item: str(item))
def test_invalid_variable_rejected(tmp_path: Path, variable: str, value: str) -> None:
    result = run_serve(tmp_path, {variable: value})
    assert result.returncode != 0, result.stderr
    assert variable in result.stderr, result.stderr


def test_invalid_flag_rejected(tmp_path: Path) -> None:
    result = run_serve(tmp_path, {}, ["--bolt-port", "abc"])
    assert result.returncode != 0, result.stderr
    assert "--bolt-port" in result.stderr, result.stderr


def test_unknown_flag_rejected(tmp_path: Path) -> None:
    result = run_serve(tmp_path, {}, ["--no-such-flag"])
    assert result.returncode != 0, result.stderr
    assert "no-such-flag" in result.stderr, result.stderr


def test_short_admin_password_rejected(tmp_path: Path) -> None:
    # Seven characters, one below the minimum password length.
    result = run_serve(tmp_path, {"NORNICDB_AUTH": "admin:Qz7xK2p"})
    assert result.returncode != 0, result.stderr
    assert "NORNICDB_AUTH" in result.stderr, result.stderr
    assert "Qz7xK2p" not in result.stderr, "the password appeared in the message"


def test_invalid_secret_not_echoed(tmp_path: Path) -> None:
    secret = "tooshortsecret"
    result = run_serve(tmp_path, {"NORNICDB_JWT_SECRET": secret})
    assert result.returncode != 0
    assert secret not in result.stderr
    assert secret not in result.stdout


def test_port_in_use_fails_start(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_serve(tmp_path, {"NORNICDB_BOLT_PORT": str(port)})
    assert result.returncode != 0, result.stderr
    assert str(port) in result.stderr, result.stderr


def test_auth_none_refused_on_wildcard_address(tmp_path: Path) -> None:
    result = run_serve(tmp_path, {"NORNICDB_AUTH": "none", "NORNICDB_ADDRESS": "0.0.0.0"})
    assert result.returncode != 0, result.stderr
    assert "NORNICDB_AUTH" in result.stderr, result.stderr
    assert "loopback" in result.stderr, result.stderr


def test_same_http_and_bolt_port_refused(tmp_path: Path) -> None:
    port = str(free_port())
    result = run_serve(tmp_path, {"NORNICDB_BOLT_PORT": port, "NORNICDB_HTTP_PORT": port})
    assert result.returncode != 0, result.stderr
    assert "NORNICDB_HTTP_PORT" in result.stderr, result.stderr


def test_flag_overrides_invalid_variable(tmp_path: Path) -> None:
    # The flag is checked instead of the variable; a bad timeout then proves the port was taken.
    result = run_serve(tmp_path, {"NORNICDB_BOLT_PORT": "abc"}, ["--bolt-port", str(free_port()), "--transaction-timeout", "x"])
    assert result.returncode != 0, result.stderr
    assert "NORNICDB_BOLT_PORT" not in result.stderr, result.stderr
    assert "--transaction-timeout" in result.stderr, result.stderr
