"""The `nornicdb token cluster` and `nornicdb service-account` commands, run as real processes.

Offline runs work on a stopped server's data directory; a server started on it afterwards must
accept what they wrote. Online runs (`--server`) call a running server's HTTP API with an admin
token. Every test checks that secrets appear only where a command prints them on purpose.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from harness import ADMIN_PASSWORD, ADMIN_USER, JWT_SECRET, ServerFactory, create_user, decode_token, open_driver
from http_client import FORBIDDEN, admin_token, login_token
from server_process import binary_path, clean_environment, free_port

SERVICE_SECRET = "svc-secret-" + os.urandom(6).hex()
OTHER_SECRET = "svc-other-" + os.urandom(6).hex()
# One week in seconds, the lifetime that `--expires-in 168h` requests.
WEEK = 168 * 3600


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = "",
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `nornicdb ARGS` with only `env` among the NORNICDB_* variables and return the result.

    `stdin` is written to standard input; the default empty text keeps a command that reads a
    secret from blocking.
    """
    full_env = clean_environment()
    full_env.update(env or {})
    return subprocess.run(
        [str(binary_path()), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def describe(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"


def succeed(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the command and check that it exits with 0."""
    result = run_cli(*args, **kwargs)  # type: ignore[arg-type]
    assert result.returncode == 0, describe(result)
    return result


def listed(data_dir: Path) -> dict[str, dict[str, object]]:
    """Return `service-account list --json` offline, keyed by id."""
    result = succeed("service-account", "list", "--json", "--data-dir", str(data_dir))
    return {entry["id"]: entry for entry in json.loads(result.stdout)}


def whoami(driver: neo4j.Driver) -> str:
    records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
    return records[0]["user"]


def assert_login_fails(server: object, auth: object) -> None:
    with open_driver(server, auth) as driver:  # type: ignore[arg-type]
        with pytest.raises(AuthError):
            driver.verify_connectivity()


# MARK: - Offline


def test_offline_service_account_lifecycle(tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = succeed(
        "service-account", "create", "--id", "svc-a", "--role", "viewer", "--data-dir", str(data),
        stdin=SERVICE_SECRET + "\n",
    )
    assert created.stdout == ""
    assert "svc-a" in created.stderr
    secret_file = tmp_path / "secret"
    secret_file.write_text(OTHER_SECRET + "\r\n")
    succeed(
        "service-account", "create", "--id", "svc-b", "--role", "editor", "--secret-file", str(secret_file),
        "--data-dir", str(data),
    )

    table = succeed("service-account", "list", "--data-dir", str(data))
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "ROLES", "SUSPENDED", "CREATED"]
    assert [line.split()[:3] for line in lines[1:]] == [["svc-a", "viewer", "no"], ["svc-b", "editor", "no"]]

    accounts = listed(data)
    assert sorted(accounts) == ["svc-a", "svc-b"]
    assert accounts["svc-a"]["role"] == "viewer"
    assert accounts["svc-b"]["roles"] == ["editor"]
    assert all(entry["kind"] == "service" for entry in accounts.values())
    assert all(str(entry["created_at"]).endswith("Z") for entry in accounts.values())

    rotated = succeed("service-account", "rotate", "--id", "svc-a", "--data-dir", str(data))
    new_secret = rotated.stdout.strip()
    assert rotated.stdout == new_secret + "\n"
    assert len(new_secret) == 43
    assert new_secret not in rotated.stderr

    succeed("service-account", "delete", "--id", "svc-b", "--data-dir", str(data))
    assert sorted(listed(data)) == ["svc-a"]

    empty_dir = tmp_path / "empty"
    missing = run_cli("service-account", "list", "--data-dir", str(empty_dir))
    assert missing.returncode == 1, describe(missing)
    assert "does not exist" in missing.stderr
    assert not empty_dir.exists()
    empty_dir.mkdir()
    empty = succeed("service-account", "list", "--data-dir", str(empty_dir))
    assert empty.stdout == ""
    assert "No service accounts" in empty.stderr
    assert succeed("service-account", "list", "--json", "--data-dir", str(empty_dir)).stdout.strip() == "[]"


def test_offline_data_dir_from_environment(tmp_path: Path) -> None:
    data = tmp_path / "from-env"
    env = {"NORNICDB_DATA_DIR": str(data)}
    succeed("service-account", "create", "--id", "svc-env", "--role", "viewer", env=env, stdin=SERVICE_SECRET)
    assert (data / "system.sqlite").is_file()
    assert sorted(listed(data)) == ["svc-env"]


def test_offline_changes_accepted_by_server(server_factory: ServerFactory, tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = ("--data-dir", str(data))
    succeed("service-account", "create", "--id", "svc-writer", "--role", "editor", *args, stdin=SERVICE_SECRET)
    succeed("service-account", "create", "--id", "svc-rotated", "--role", "viewer", *args, stdin=OTHER_SECRET)
    rotated = succeed("service-account", "rotate", "--id", "svc-rotated", *args).stdout.strip()
    # No JWT secret is configured, so the command creates the one in the data directory and
    # the server signs and verifies with that file.
    cluster = succeed("token", "cluster", "--node-id", "node-2", "--role", "admin", *args)
    token = cluster.stdout.strip()
    assert (data / "jwt-secret").is_file()

    server = server_factory.create({"NORNICDB_AUTH": f"{ADMIN_USER}:{ADMIN_PASSWORD}"}, data_dir=data)
    with open_driver(server, ("svc-writer", SERVICE_SECRET)) as driver:
        assert whoami(driver) == "svc-writer"
        driver.execute_query("CREATE (:CliWritten {by: 'svc-writer'})")
    with open_driver(server, ("svc-rotated", rotated)) as driver:
        assert whoami(driver) == "svc-rotated"
    assert_login_fails(server, ("svc-rotated", OTHER_SECRET))
    for auth in (neo4j.bearer_auth(token), ("", token)):
        with open_driver(server, auth) as driver:
            assert whoami(driver) == "cluster:node-2"
            # Only an admin may list users, so this checks the token's role.
            records, _, _ = driver.execute_query("SHOW USERS", database_="system")
            assert "svc-writer" in {record["user"] for record in records}

    log = server.log_text()
    for secret in (SERVICE_SECRET, OTHER_SECRET, rotated, token):
        assert secret not in log
    server.stop()

    # The server's own admin is a user, which the service-account commands never change.
    refused = run_cli("service-account", "rotate", "--id", ADMIN_USER, *args)
    assert refused.returncode == 1, describe(refused)
    assert "is a user" in refused.stderr
    assert ADMIN_USER not in listed(data)


def test_cluster_token_claims(tmp_path: Path) -> None:
    env = {"NORNICDB_JWT_SECRET": JWT_SECRET}
    args = ("--data-dir", str(tmp_path / "data"))
    before = int(time.time())
    result = succeed(
        "token", "cluster", "--node-id", "node-2", "--role", "admin", "--expires-in", "168h", *args, env=env
    )
    token = result.stdout.strip()
    assert result.stdout == token + "\n"
    assert token not in result.stderr
    assert "expires at" in result.stderr
    claims = decode_token(token)
    assert claims["sub"] == "cluster:node-2"
    assert claims["roles"] == ["admin"]
    assert claims["node_id"] == "node-2"
    assert claims["exp"] - claims["iat"] == WEEK
    assert before <= claims["iat"] <= int(time.time())
    assert claims["jti"] in result.stderr

    forever = succeed("token", "cluster", "--node-id", "node-3", "--role", "viewer", *args, env=env)
    claims = decode_token(forever.stdout.strip())
    assert "exp" not in claims
    assert claims["roles"] == ["viewer"]
    assert "never expires" in forever.stderr

    secret_file = tmp_path / "jwt-secret-file"
    other_secret = os.urandom(32).hex()
    secret_file.write_text(other_secret + "\n")
    from_file = succeed(
        "token", "cluster", "--node-id", "n4", "--role", "editor", "--jwt-secret-file", str(secret_file), *args
    )
    assert decode_token(from_file.stdout.strip(), secret=other_secret)["sub"] == "cluster:n4"


@pytest.mark.parametrize(
    ("node_id", "role", "message"),
    [("bad id", "admin", "Invalid node id"), ("node-2", "boss", "Role 'boss' does not exist")],
)
def test_cluster_token_rejects_invalid_values(tmp_path: Path, node_id: str, role: str, message: str) -> None:
    args = ("--node-id", node_id, "--role", role, "--data-dir", str(tmp_path / "d"))
    result = run_cli("token", "cluster", *args, env={"NORNICDB_JWT_SECRET": JWT_SECRET})
    assert result.returncode == 1, describe(result)
    assert result.stdout == ""
    assert message in result.stderr


def test_offline_refused_while_server_runs(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    args = ("--data-dir", str(server.data_dir))
    for command in (
        ("service-account", "create", "--id", "svc-late", "--role", "viewer"),
        ("service-account", "list"),
        ("token", "cluster", "--node-id", "node-2", "--role", "admin"),
    ):
        result = run_cli(*command, *args, env={"NORNICDB_JWT_SECRET": JWT_SECRET}, stdin=SERVICE_SECRET)
        assert result.returncode == 1, describe(result)
        assert result.stdout == ""
        assert "locked" in result.stderr
        assert "--server" in result.stderr
    with open_driver(server, (ADMIN_USER, ADMIN_PASSWORD)) as driver:
        records, _, _ = driver.execute_query("SHOW USERS", database_="system")
    assert "svc-late" not in {record["user"] for record in records}


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "is empty"),
        ("\n", "is empty"),
        ("first\nsecond\n", "more than one line"),
        ("short\n", "at least 8 characters"),
    ],
)
def test_create_rejects_invalid_secret(tmp_path: Path, stdin: str, message: str) -> None:
    data = tmp_path / "data"
    result = run_cli(
        "service-account", "create", "--id", "svc-x", "--role", "viewer", "--data-dir", str(data), stdin=stdin
    )
    assert result.returncode == 1, describe(result)
    assert message in result.stderr
    # A secret rejected while reading is rejected before the data directory is opened.
    if data.exists():
        assert listed(data) == {}


def test_create_and_change_errors(tmp_path: Path) -> None:
    args = ("--data-dir", str(tmp_path / "data"))
    succeed("service-account", "create", "--id", "svc-1", "--role", "viewer", *args, stdin=SERVICE_SECRET)
    duplicate = run_cli("service-account", "create", "--id", "svc-1", "--role", "viewer", *args, stdin=OTHER_SECRET)
    assert duplicate.returncode == 1, describe(duplicate)
    assert "already exists" in duplicate.stderr
    unknown_role = run_cli("service-account", "create", "--id", "svc-2", "--role", "boss", *args, stdin=OTHER_SECRET)
    assert unknown_role.returncode == 1, describe(unknown_role)
    assert "Role 'boss' does not exist" in unknown_role.stderr
    for command in ("rotate", "delete"):
        missing = run_cli("service-account", command, "--id", "svc-missing", *args)
        assert missing.returncode == 1, describe(missing)
        assert "No service account named 'svc-missing'" in missing.stderr
        assert missing.stdout == ""
    for result in (duplicate, unknown_role):
        assert OTHER_SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["token"], "Usage: nornicdb token"),
        (["token", "mint"], "Unknown token command"),
        (["token", "cluster", "--role", "admin"], "--node-id is required"),
        (["token", "cluster", "--node-id", "n", "--role", "admin", "--expires-in", "1.5h"], "Invalid --expires-in"),
        (["token", "cluster", "--node-id", "n", "--role", "admin", "--expires-in", "0"], "Invalid --expires-in"),
        (["token", "cluster", "--node-id", "n", "--role"], "--role needs a value"),
        (["service-account"], "Usage: nornicdb service-account"),
        (["service-account", "create", "--role", "viewer"], "--id is required"),
        (["service-account", "create", "--id", "a", "--role", "viewer", "--secret", "x"], "Unknown option '--secret'"),
        (["service-account", "list", "extra"], "Unexpected argument 'extra'"),
        (["service-account", "list", "--json", "--json"], "more than once"),
        (["service-account", "list", "--json=yes"], "takes no value"),
        (["service-account", "list", "--token-file", "/nonexistent"], "--token-file applies only with --server"),
        (["service-account", "list", "--server", "http://127.0.0.1:1"], "NORNICDB_ADMIN_TOKEN"),
        (["service-account", "list", "--server", "ftp://127.0.0.1"], "must use http or https"),
        (["service-account", "list", "--server", "http://u:p@127.0.0.1"], "must not contain a user"),
        (["service-account", "list", "--server", "http://127.0.0.1:1", "--data-dir", "d"], "applies only offline"),
        (["service-account", "drop", "--id", "a"], "Unknown service-account command"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, describe(result)
    assert message in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "data").exists(), "a usage error must not touch the default data directory"


@pytest.mark.parametrize(
    "args",
    [
        ["token", "--help"],
        ["token", "cluster", "--help"],
        ["service-account", "--help"],
        ["service-account", "create", "--help"],
        ["service-account", "list", "-h"],
        ["service-account", "rotate", "--help"],
        ["service-account", "delete", "--help"],
    ],
)
def test_help(args: list[str]) -> None:
    result = succeed(*args)
    assert result.stdout.startswith("Usage: nornicdb " + " ".join(args[:2] if len(args) > 2 else args[:1]))
    assert "--help" in result.stdout or "Commands:" in result.stdout


def test_overview_lists_commands() -> None:
    result = succeed("--help")
    assert "nornicdb token cluster" in result.stdout
    assert "nornicdb service-account" in result.stdout


def test_secret_prompt_on_terminal(tmp_path: Path) -> None:
    """On a terminal the prompt goes to standard error and the typed secret is not echoed."""
    data = tmp_path / "data"
    controller, terminal = pty.openpty()
    env = clean_environment()
    process = subprocess.Popen(
        [
            str(binary_path()),
            *("service-account", "create", "--id", "svc-tty", "--role", "viewer", "--data-dir", str(data)),
        ],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)

    seen = b""
    try:
        deadline = time.monotonic() + 30
        while b"Secret for service account 'svc-tty'" not in seen:
            assert time.monotonic() < deadline, f"no prompt on the terminal: {seen!r}"
            ready, _, _ = select.select([controller], [], [], 0.5)
            if ready:
                seen += os.read(controller, 1024)
        os.write(controller, (SERVICE_SECRET + "\n").encode())
        stdout, _ = process.communicate(timeout=30)

        # Read what is left on the terminal, to check that the secret was not echoed.
        while True:
            ready, _, _ = select.select([controller], [], [], 0.2)
            if not ready:
                break
            try:
                chunk = os.read(controller, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()

    assert process.returncode == 0, seen
    assert SERVICE_SECRET.encode() not in seen
    assert SERVICE_SECRET.encode() not in stdout
    assert "svc-tty" in listed(data)


# MARK: - Online


def online_env(token: str) -> dict[str, str]:
    return {"NORNICDB_ADMIN_TOKEN": token}


def test_online_service_account_lifecycle(server_factory: ServerFactory, tmp_path: Path) -> None:
    server = server_factory.standard()
    url = f"http://{server.address}:{server.http_port}"
    env = online_env(admin_token(server))

    created = succeed(
        "service-account", "create", "--id", "svc-online", "--role", "editor", "--server", url,
        env=env, stdin=SERVICE_SECRET + "\n",
    )
    assert SERVICE_SECRET not in created.stdout + created.stderr
    entries = json.loads(succeed("service-account", "list", "--json", "--server", url, env=env).stdout)
    assert [entry["id"] for entry in entries] == ["svc-online"]
    assert entries[0]["role"] == "editor"
    with open_driver(server, ("svc-online", SERVICE_SECRET)) as driver:
        assert whoami(driver) == "svc-online"

    token_file = tmp_path / "admin-token"
    token_file.write_text(env["NORNICDB_ADMIN_TOKEN"] + "\n")
    table = succeed("service-account", "list", "--server", url, "--token-file", str(token_file))
    assert "svc-online" in table.stdout

    rotated = succeed("service-account", "rotate", "--id", "svc-online", "--server", url, env=env).stdout.strip()
    assert len(rotated) >= 8
    assert_login_fails(server, ("svc-online", SERVICE_SECRET))
    with open_driver(server, ("svc-online", rotated)) as driver:
        assert whoami(driver) == "svc-online"

    cluster = succeed(
        "token", "cluster", "--node-id", "node-7", "--role", "admin", "--expires-in", "1h", "--server", url, env=env
    )
    token = cluster.stdout.strip()
    assert cluster.stdout == token + "\n"
    assert "expires at" in cluster.stderr
    claims = decode_token(token)
    assert claims["exp"] - claims["iat"] == 3600
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        assert whoami(driver) == "cluster:node-7"

    succeed("service-account", "delete", "--id", "svc-online", "--server", url, env=env)
    assert json.loads(succeed("service-account", "list", "--json", "--server", url, env=env).stdout) == []
    assert_login_fails(server, ("svc-online", rotated))

    log = server.log_text()
    for secret in (SERVICE_SECRET, rotated, token, env["NORNICDB_ADMIN_TOKEN"]):
        assert secret not in log


def test_online_errors(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    url = f"http://{server.address}:{server.http_port}"
    admin_env = online_env(admin_token(server))

    bad = run_cli("service-account", "list", "--server", url, env=online_env("not-a-token"))
    assert bad.returncode == 1, describe(bad)
    # FoundationNetworking on Linux drops the body of a 401 that carries a challenge, so the
    # message has the status and the hint about the token but not the Neo4j code.
    assert "HTTP 401" in bad.stderr
    assert "NORNICDB_ADMIN_TOKEN" in bad.stderr
    assert "not-a-token" not in bad.stderr

    with open_driver(server, (ADMIN_USER, ADMIN_PASSWORD)) as admin:
        create_user(admin, "cliviewer", "viewer-password", role="viewer")
    viewer_env = online_env(login_token(server, "cliviewer", "viewer-password"))
    forbidden = run_cli("token", "cluster", "--node-id", "n", "--role", "admin", "--server", url, env=viewer_env)
    assert forbidden.returncode == 1, describe(forbidden)
    assert "HTTP 403" in forbidden.stderr
    assert FORBIDDEN in forbidden.stderr
    assert forbidden.stdout == ""

    create = ("service-account", "create", "--id", "svc-dup", "--role", "viewer", "--server", url)
    succeed(*create, env=admin_env, stdin=SERVICE_SECRET)
    duplicate = run_cli(*create, env=admin_env, stdin=OTHER_SECRET)
    assert duplicate.returncode == 1, describe(duplicate)
    assert "HTTP 409" in duplicate.stderr
    assert OTHER_SECRET not in duplicate.stderr

    missing = run_cli("service-account", "delete", "--id", "svc-none", "--server", url, env=admin_env)
    assert missing.returncode == 1, describe(missing)
    assert "HTTP 404" in missing.stderr

    unreachable = run_cli("service-account", "list", "--server", f"http://127.0.0.1:{free_port()}", env=admin_env)
    assert unreachable.returncode == 1, describe(unreachable)
    assert "Cannot reach the server" in unreachable.stderr
    assert admin_env["NORNICDB_ADMIN_TOKEN"] not in unreachable.stderr


def test_cluster_token_needs_existing_data_dir(tmp_path: Path) -> None:
    # Without a configured secret the token would be signed with a new secret that no server uses.
    missing = tmp_path / "typo"
    result = run_cli("token", "cluster", "--node-id", "node-2", "--role", "admin", "--data-dir", str(missing))
    assert result.returncode == 1, describe(result)
    assert "does not exist" in result.stderr
    assert not missing.exists()
