"""Security log edge cases: HTTP denials and undecodable headers are recorded, entries stay bounded,
the main-log destination ignores the log level, and a spent address budget rejects any token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bolt_wire import HELLO, LOGON, BoltSocket, failure_code, version_slot
from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, admin_driver, create_user
from http_client import request
from server_process import ServerProcess

RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
VIEWER_PASSWORD = "viewer-password-4b1e"


def read_events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def bolt_logon_code(server: ServerProcess, fields: dict[str, object]) -> str | None:
    """Send HELLO and then LOGON with `fields` on a raw Bolt 5.4 connection; return the FAILURE code."""
    with BoltSocket(server.address, server.bolt_port) as connection:
        connection.handshake(version_slot(5, 4, 3))
        connection.send(HELLO, {"user_agent": "nornicdb-tests/1.0"})
        connection.receive()
        connection.send(LOGON, fields)
        return failure_code(connection.receive())


def test_http_admin_denial_recorded(server_factory: ServerFactory, tmp_path: Path) -> None:
    log_path = tmp_path / "security.log"
    server = server_factory.standard({"NORNICDB_AUDIT_LOG_PATH": str(log_path)})
    with admin_driver(server) as admin:
        create_user(admin, "reader", VIEWER_PASSWORD, "viewer")
    viewer = ("reader", VIEWER_PASSWORD)
    assert request(server, "GET", "/api/v1/users", auth=viewer).status == 403
    created = request(server, "POST", "/api/v1/users", {"username": "x1", "password": "password-123"}, auth=viewer)
    assert created.status == 403
    assert request(server, "GET", "/api/v1/service-accounts", auth=viewer).status == 403
    server.stop()
    denials = [event for event in read_events(log_path) if event["event"] == "permission_denied"]
    assert len(denials) == 3, denials
    assert all(event["principal"] == "reader" for event in denials)
    assert all(event["missing"] == ["admin"] for event in denials)


def test_spent_address_refuses_any_token(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "3"})
    for index in range(3):
        wrong = {"scheme": "basic", "principal": f"spray{index}", "credentials": "wrong-password"}
        assert bolt_logon_code(server, wrong) == UNAUTHORIZED
    # The README: once spent, every login from that address fails with AuthenticationRateLimit.
    assert bolt_logon_code(server, {"scheme": "no-such-scheme"}) == RATE_LIMIT
    assert bolt_logon_code(server, {"scheme": "basic", "principal": "spray", "credentials": 1}) == RATE_LIMIT


def test_entry_size_bounded(server_factory: ServerFactory, tmp_path: Path) -> None:
    log_path = tmp_path / "security.log"
    server = server_factory.standard({"NORNICDB_AUDIT_LOG_PATH": str(log_path)})
    before = log_path.stat().st_size
    assert bolt_logon_code(server, {"scheme": "s" * 200_000}) == UNAUTHORIZED
    wrong = {"scheme": "basic", "principal": "p" * 200_000, "credentials": "wrong-password"}
    assert bolt_logon_code(server, wrong) == UNAUTHORIZED
    grown = log_path.stat().st_size - before
    # Two entries whose client text is cut to a few hundred bytes each.
    assert grown < 8192, f"two failed logins added {grown} bytes to the security log"


def test_malformed_header_recorded(server_factory: ServerFactory, tmp_path: Path) -> None:
    log_path = tmp_path / "security.log"
    server = server_factory.standard({"NORNICDB_AUDIT_LOG_PATH": str(log_path)})
    headers = {"Authorization": "Basic bm8tY29sb24taGVyZQ=="}
    response = request(server, "POST", "/db/nornic/tx/commit", {"statements": []}, headers=headers)
    assert response.status == 400
    server.stop()
    failures = [event for event in read_events(log_path) if event["event"] == "authentication_failure"]
    assert [event["protocol"] for event in failures] == ["http"], failures


def test_admin_password_login_recorded(server_factory: ServerFactory, tmp_path: Path) -> None:
    # The counterpart that holds: a rejected HTTP password login is recorded with its principal.
    log_path = tmp_path / "security.log"
    server = server_factory.standard({"NORNICDB_AUDIT_LOG_PATH": str(log_path)})
    response = request(server, "POST", "/db/nornic/tx/commit", {"statements": []}, auth=(ADMIN_USER, "wrong-1234"))
    assert response.status == 401
    accepted = request(server, "POST", "/db/nornic/tx/commit", {"statements": []}, auth=(ADMIN_USER, ADMIN_PASSWORD))
    assert accepted.status == 200, accepted.describe()
    server.stop()
    failures = [event for event in read_events(log_path) if event["event"] == "authentication_failure"]
    assert [(event["principal"], event["protocol"]) for event in failures] == [(ADMIN_USER, "http")]


@pytest.mark.parametrize("level", ["warning", "error"])
def test_main_log_level_keeps_entries(server_factory: ServerFactory, level: str) -> None:
    server = server_factory.standard({"NORNICDB_LOG_LEVEL": level})
    response = request(server, "POST", "/db/nornic/tx/commit", {"statements": []}, auth=(ADMIN_USER, "wrong-1234"))
    assert response.status == 401
    server.stop()
    lines = [line for line in server.log_text().splitlines() if "[security]" in line]
    assert any('"event":"server_start"' in line for line in lines), server.log_text()
    assert any('"event":"authentication_failure"' in line for line in lines), server.log_text()
