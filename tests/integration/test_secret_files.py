"""The `_FILE` forms of secret settings: values read from files, and start-up errors.

NORNICDB_JWT_SECRET_FILE, NORNICDB_AUTH_FILE and NORNICDB_JWT_PREVIOUS_SECRETS_FILE name files
that contain the value (one trailing newline is stripped), as Docker and Kubernetes secrets do.
Setting a variable and its `_FILE` form together stops start-up.
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import neo4j
import pytest

from harness import JWT_SECRET, ServerFactory, decode_token, mint_token, open_driver
from http_client import commit, login_token
from server_process import binary_path, clean_environment, free_port


def write_secret(folder: Path, name: str, value: str, newline: str = "\n") -> Path:
    path = folder / name
    path.write_text(value + newline, encoding="utf-8")
    path.chmod(0o600)
    return path


def run_serve(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `nornicdb serve` with `env` over minimal settings, expecting it to exit within 15 s."""
    full_env = clean_environment()
    full_env.update(
        {
            "NORNICDB_DATA_DIR": str(tmp_path / "data"),
            "NORNICDB_ADDRESS": "127.0.0.1",
            "NORNICDB_BOLT_PORT": str(free_port()),
            "NORNICDB_HTTP_PORT": str(free_port()),
        }
    )
    full_env.update(env)
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
        pytest.fail(f"server kept running with {sorted(env)}")


@pytest.mark.parametrize("newline", ["\n", "\r\n", ""], ids=["lf", "crlf", "none"])
def test_secrets_from_files(server_factory: ServerFactory, tmp_path: Path, newline: str) -> None:
    jwt_secret = secrets.token_hex(32)
    password = "file-admin-" + secrets.token_hex(8)
    env = {
        "NORNICDB_JWT_SECRET_FILE": str(write_secret(tmp_path, "jwt-secret", jwt_secret, newline)),
        "NORNICDB_AUTH_FILE": str(write_secret(tmp_path, "auth", f"admin:{password}", newline)),
    }
    server = server_factory.create(env)
    with open_driver(server, ("admin", password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1

    token = login_token(server, "admin", password)
    assert decode_token(token, secret=jwt_secret)["sub"] == "admin"
    outside = mint_token("fileviewer", ["viewer"], secret=jwt_secret)
    assert commit(server, outside, "RETURN 1").status == 200
    assert commit(server, mint_token("fileviewer", ["viewer"], secret=JWT_SECRET), "RETURN 1").status == 401

    assert server.stop() == 0
    log = server.log_text()
    assert jwt_secret not in log
    assert password not in log


def test_previous_secrets_from_file(server_factory: ServerFactory, tmp_path: Path) -> None:
    old_one, old_two = secrets.token_hex(32), secrets.token_hex(32)
    env = {
        "NORNICDB_JWT_SECRET": JWT_SECRET,
        "NORNICDB_AUTH": "admin:previous-file-admin",
        "NORNICDB_JWT_PREVIOUS_SECRETS_FILE": str(write_secret(tmp_path, "previous", f"{old_one},{old_two}")),
    }
    server = server_factory.create(env)
    for secret in (old_one, old_two, JWT_SECRET):
        with open_driver(server, neo4j.bearer_auth(mint_token("rotated", ["viewer"], secret=secret))) as driver:
            driver.verify_connectivity()
    assert server.stop() == 0
    log = server.log_text()
    assert old_one not in log
    assert old_two not in log


@pytest.mark.parametrize("variable", ["NORNICDB_JWT_SECRET", "NORNICDB_AUTH", "NORNICDB_JWT_PREVIOUS_SECRETS"])
def test_both_forms_rejected(tmp_path: Path, variable: str) -> None:
    value = "admin:both-forms-password" if variable == "NORNICDB_AUTH" else secrets.token_hex(32)
    env = {"NORNICDB_JWT_SECRET": JWT_SECRET, "NORNICDB_AUTH": "admin:valid-admin-password"}
    env[variable] = value
    env[f"{variable}_FILE"] = str(write_secret(tmp_path, "value", value))
    result = run_serve(tmp_path, env)
    assert result.returncode != 0, result.stderr
    assert variable in result.stderr, result.stderr
    assert f"{variable}_FILE" in result.stderr, result.stderr
    assert value not in result.stderr + result.stdout
    assert JWT_SECRET not in result.stderr + result.stdout


def test_flag_and_file_variable_rejected(tmp_path: Path) -> None:
    secret = secrets.token_hex(32)
    env = {
        "NORNICDB_AUTH": "admin:valid-admin-password",
        "NORNICDB_JWT_SECRET_FILE": str(write_secret(tmp_path, "jwt", secret)),
    }
    full_env = clean_environment()
    full_env.update(env)
    result = subprocess.run(
        [
            str(binary_path()),
            "serve",
            "--data-dir",
            str(tmp_path / "data"),
            "--bolt-port",
            str(free_port()),
            "--http-port",
            str(free_port()),
            "--jwt-secret",
            secret,
        ],
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=15,
    )
    assert result.returncode != 0, result.stderr
    assert "NORNICDB_JWT_SECRET_FILE" in result.stderr, result.stderr
    assert secret not in result.stderr + result.stdout


@pytest.mark.parametrize("variable", ["NORNICDB_JWT_SECRET_FILE", "NORNICDB_AUTH_FILE"])
def test_missing_file_rejected(tmp_path: Path, variable: str) -> None:
    env = {"NORNICDB_JWT_SECRET": JWT_SECRET, "NORNICDB_AUTH": "admin:valid-admin-password"}
    del env[variable.removesuffix("_FILE")]
    missing = tmp_path / "no-such-secret"
    env[variable] = str(missing)
    result = run_serve(tmp_path, env)
    assert result.returncode != 0, result.stderr
    assert variable in result.stderr, result.stderr
    assert str(missing) in result.stderr, result.stderr


def test_invalid_file_value_not_echoed(tmp_path: Path) -> None:
    short = "short-" + secrets.token_hex(4)
    env = {
        "NORNICDB_AUTH": "admin:valid-admin-password",
        "NORNICDB_JWT_SECRET_FILE": str(write_secret(tmp_path, "jwt", short)),
    }
    result = run_serve(tmp_path, env)
    assert result.returncode != 0, result.stderr
    assert "NORNICDB_JWT_SECRET" in result.stderr, result.stderr
    assert short not in result.stderr + result.stdout
