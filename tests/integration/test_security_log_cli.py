"""Offline commands record their changes in the security log file named by NORNICDB_AUDIT_LOG_PATH.

`nornicdb service-account` and `nornicdb token cluster` change or sign for a stopped server's data
directory; they append the same entries the server would, with protocol `cli` and the Unix user
as the actor. Without NORNICDB_AUDIT_LOG_PATH they record nothing.
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from harness import JWT_SECRET
from test_cli import SERVICE_SECRET, succeed


def read_events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_service_account_commands_recorded(tmp_path: Path) -> None:
    log = tmp_path / "security.log"
    env = {"NORNICDB_DATA_DIR": str(tmp_path / "data"), "NORNICDB_AUDIT_LOG_PATH": str(log)}
    succeed("service-account", "create", "--id", "svc-cli", "--role", "viewer", env=env, stdin=SERVICE_SECRET)
    rotated = succeed("service-account", "rotate", "--id", "svc-cli", env=env)
    succeed("service-account", "delete", "--id", "svc-cli", env=env)
    events = read_events(log)
    assert [event["action"] for event in events] == ["create", "rotate_secret", "delete"]
    for event in events:
        assert event["event"] == "service_account_change"
        assert event["target"] == "svc-cli"
        assert event["actor"] == "unix:" + getpass.getuser()
        assert event["protocol"] == "cli"
        assert "client_address" not in event
    text = log.read_text()
    assert SERVICE_SECRET not in text
    assert rotated.stdout.strip() not in text


def test_offline_cluster_token_recorded(tmp_path: Path) -> None:
    log = tmp_path / "security.log"
    env = {
        "NORNICDB_DATA_DIR": str(tmp_path / "data"),
        "NORNICDB_JWT_SECRET": JWT_SECRET,
        "NORNICDB_AUDIT_LOG_PATH": str(log),
    }
    token = succeed("token", "cluster", "--node-id", "node-9", "--role", "viewer", env=env).stdout.strip()
    events = read_events(log)
    assert len(events) == 1
    assert events[0]["event"] == "token_issued"
    assert events[0]["kind"] == "cluster"
    assert events[0]["node_id"] == "node-9"
    assert token not in log.read_text()
    assert JWT_SECRET not in log.read_text()


def test_no_path_records_nothing(tmp_path: Path) -> None:
    env = {"NORNICDB_DATA_DIR": str(tmp_path / "data")}
    created = succeed(
        "service-account", "create", "--id", "svc-quiet", "--role", "viewer", env=env, stdin=SERVICE_SECRET
    )
    assert "service_account_change" not in created.stderr
