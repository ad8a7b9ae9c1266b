"""The security log: JSON lines for logins, lockouts, denials and account, role and token changes.

With NORNICDB_AUDIT_LOG_PATH the log is its own file (mode 0600); unset, its lines go to the main
log under the label `security`; NORNICDB_AUDIT_ENABLED=false turns it off. No password, secret or
token used in these tests may appear in either log.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from neo4j.exceptions import Neo4jError

from harness import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    JWT_SECRET,
    ServerFactory,
    admin_driver,
    login_code,
    open_driver,
    unique_name,
)
from http_client import admin_token, commit, request
from server_process import ServerStartError

USER_PASSWORD = "user-password-7f3a"
NEW_PASSWORD = "changed-password-91c2"
SERVICE_SECRET = "service-secret-5d7e0b"


def read_events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def events_of(events: list[dict[str, object]], kind: str) -> list[dict[str, object]]:
    return [event for event in events if event["event"] == kind]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Start a server with its own security log, run every kind of event once, then stop it."""
    from harness import ServerFactory as Factory

    root = tmp_path_factory.mktemp("security-log")
    factory = Factory(root)
    log_path = root / "security.log"
    server = factory.standard({"NORNICDB_AUDIT_LOG_PATH": str(log_path), "NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0"})
    user = unique_name("audited")
    viewer = unique_name("viewer")
    secrets_used = [ADMIN_PASSWORD, JWT_SECRET, USER_PASSWORD, NEW_PASSWORD, SERVICE_SECRET]
    try:
        with admin_driver(server) as admin:
            admin.execute_query(
                f"CREATE USER {user} SET PASSWORD '{USER_PASSWORD}' CHANGE NOT REQUIRED", database_="system"
            )
            admin.execute_query(f"GRANT ROLE editor TO {user}", database_="system")
            admin.execute_query(
                f"CREATE USER {viewer} SET PASSWORD $password CHANGE NOT REQUIRED",
                {"password": USER_PASSWORD},
                database_="system",
            )
            admin.execute_query(f"GRANT ROLE viewer TO {viewer}", database_="system")
            admin.execute_query(f"ALTER USER {user} SET PASSWORD '{NEW_PASSWORD}'", database_="system")
            admin.execute_query(f"REVOKE ROLE editor FROM {user}", database_="system")
            admin.execute_query("CALL dbms.security.clearAuthCache()")
        for _ in range(3):
            login_code(server, user, "wrong-" + USER_PASSWORD)
        login_code(server, user, NEW_PASSWORD)
        with open_driver(server, (viewer, USER_PASSWORD)) as driver:
            with pytest.raises(Neo4jError):
                driver.execute_query("CREATE (:Forbidden)")
        listing = request(server, "GET", "/api/v1/service-accounts", auth=(viewer, USER_PASSWORD))
        assert listing.status == 403, listing.describe()
        token = admin_token(server)
        secrets_used.append(token)
        response = request(
            server,
            "POST",
            "/api/v1/service-accounts",
            {"id": "svc-audit", "secret": SERVICE_SECRET, "role": "viewer"},
            auth=token,
        )
        assert response.status == 201, response.describe()
        rotated = request(server, "POST", "/api/v1/service-accounts/svc-audit/rotate-secret", {}, auth=token)
        assert rotated.status == 200, rotated.describe()
        secrets_used.append(str(rotated.json["secret"]))
        assert request(server, "DELETE", "/api/v1/service-accounts/svc-audit", auth=token).status == 204
        cluster = request(
            server, "POST", "/api/v1/auth/cluster-token", {"node_id": "node-2", "role": "viewer"}, auth=token
        )
        assert cluster.status == 200, cluster.describe()
        secrets_used.append(str(cluster.json["token"]))
        revoked = request(server, "POST", "/api/v1/auth/revoke", {"token": cluster.json["token"]}, auth=token)
        assert revoked.status == 200, revoked.describe()
        http_failure = commit(server, (user, "http-wrong-password"), "RETURN 1")
        assert http_failure.status in (401, 429)
        with admin_driver(server) as admin:
            admin.execute_query(f"DROP USER {user}", database_="system")
    finally:
        factory.close()
    return {
        "events": read_events(log_path),
        "path": log_path,
        "main_log": server.log_text(),
        "secrets": secrets_used,
        "user": user,
        "viewer": viewer,
    }


def test_every_line_is_json(scenario: dict[str, object]) -> None:
    path = scenario["path"]
    assert isinstance(path, Path)
    for line in path.read_text().splitlines():
        event = json.loads(line)
        assert isinstance(event["event"], str)
        assert str(event["time"]).endswith("Z")


def test_file_is_owner_only(scenario: dict[str, object]) -> None:
    path = scenario["path"]
    assert isinstance(path, Path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_start_and_stop_recorded(scenario: dict[str, object]) -> None:
    events = scenario["events"]
    assert isinstance(events, list)
    start = events[0]
    assert start["event"] == "server_start"
    assert start["authentication"] is True
    assert start["providers"] == ["local"]
    assert start["max_failed_logins"] == 3
    assert start["lockout_seconds"] == 5
    assert start["jwt_secret"] == "configured"
    assert events[-1]["event"] == "server_stop"


def test_login_success_recorded(scenario: dict[str, object]) -> None:
    events = scenario["events"]
    assert isinstance(events, list)
    logins = [event for event in events_of(events, "authentication_success") if event["principal"] == ADMIN_USER]
    assert logins, "no admin login recorded"
    login = logins[0]
    assert login["protocol"] == "bolt"
    assert login["scheme"] == "basic"
    assert login["provider"] == "local"
    assert login["client_address"] == "127.0.0.1"
    assert str(login["connection_id"]).startswith("bolt-")
    assert login["roles"] == ["admin"]


def test_login_failures_and_lock(scenario: dict[str, object]) -> None:
    events = scenario["events"]
    assert isinstance(events, list)
    user = scenario["user"]
    failures = [event for event in events_of(events, "authentication_failure") if event.get("principal") == user]
    reasons = [event["reason"] for event in failures]
    assert reasons[:4] == ["invalid_credentials"] * 3 + ["rate_limited"], reasons
    locks = [event for event in events_of(events, "principal_locked") if event["principal"] == user]
    assert len(locks) == 1
    assert locks[0]["lockout_seconds"] == 5
    http = [event for event in failures if event["protocol"] == "http"]
    assert http, "no HTTP login failure recorded"


def test_denial_recorded(scenario: dict[str, object]) -> None:
    events = scenario["events"]
    assert isinstance(events, list)
    denials = [event for event in events_of(events, "permission_denied") if event["principal"] == scenario["viewer"]]
    assert [(event["protocol"], event["action"]) for event in denials] == [
        ("bolt", "query"),
        ("http", "GET /api/v1/service-accounts"),
    ]
    assert denials[0]["missing"] == ["write"]
    assert denials[0]["roles"] == ["viewer"]
    assert denials[1]["missing"] == ["admin"]


def test_account_changes_recorded(scenario: dict[str, object]) -> None:
    events = scenario["events"]
    assert isinstance(events, list)
    user = scenario["user"]
    changes = events_of(events, "account_change")
    mine = [
        (event["action"], event.get("password_changed"))
        for event in changes
        if event.get("target") == user or user in event.get("targets", [])  # type: ignore[operator]
    ]
    assert mine == [
        ("create_user", None),
        ("grant_roles", None),
        ("alter_user", True),
        ("revoke_roles", None),
        ("drop_user", None),
    ], mine
    assert all(event["actor"] == ADMIN_USER for event in changes)
    assert events_of(events, "auth_cache_cleared")[0]["actor"] == ADMIN_USER


def test_service_account_changes_recorded(scenario: dict[str, object]) -> None:
    events = scenario["events"]
    assert isinstance(events, list)
    actions = [event["action"] for event in events_of(events, "service_account_change")]
    assert actions == ["create", "rotate_secret", "delete"]
    for event in events_of(events, "service_account_change"):
        assert event["target"] == "svc-audit"
        assert event["actor"] == ADMIN_USER
        assert event["protocol"] == "http"


def test_token_events_recorded(scenario: dict[str, object]) -> None:
    events = scenario["events"]
    assert isinstance(events, list)
    issued = events_of(events, "token_issued")
    assert [event["kind"] for event in issued] == ["login", "cluster"]
    cluster = issued[1]
    assert cluster["node_id"] == "node-2"
    assert cluster["roles"] == ["viewer"]
    revoked = events_of(events, "token_revoked")
    assert len(revoked) == 1
    assert revoked[0]["token_id"] == cluster["token_id"]


def test_no_secret_in_logs(scenario: dict[str, object]) -> None:
    path = scenario["path"]
    assert isinstance(path, Path)
    texts = {"security log": path.read_text(), "main log": str(scenario["main_log"])}
    secrets_used = scenario["secrets"]
    assert isinstance(secrets_used, list)
    for name, text in texts.items():
        for secret in secrets_used:
            assert secret not in text, f"the {name} contains a secret used in the test"
            # Also the signature and payload parts of each token.
            for part in str(secret).split("."):
                if len(part) >= 16:
                    assert part not in text, f"the {name} contains part of a token"


def test_main_log_by_default(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    login_code(server, ADMIN_USER, ADMIN_PASSWORD)
    lines = [line for line in server.log_text().splitlines() if "[security]" in line]
    assert any('"event":"server_start"' in line for line in lines), lines
    assert any('"event":"authentication_success"' in line for line in lines), lines


def test_disabled_writes_nothing(server_factory: ServerFactory, tmp_path: Path) -> None:
    server = server_factory.standard({"NORNICDB_AUDIT_ENABLED": "false"})
    login_code(server, ADMIN_USER, ADMIN_PASSWORD)
    assert "[security]" not in server.log_text()
    assert "the security log is off" in server.log_text()


def test_unwritable_path_stops_start(server_factory: ServerFactory, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "security.log"
    with pytest.raises(ServerStartError) as failure:
        server_factory.standard({"NORNICDB_AUDIT_LOG_PATH": str(missing)})
    assert "NORNICDB_AUDIT_LOG_PATH" in str(failure.value)


def test_log_rotation_reopens(server_factory: ServerFactory, tmp_path: Path) -> None:
    import time

    path = tmp_path / "security.log"
    server = server_factory.standard({"NORNICDB_AUDIT_LOG_PATH": str(path)})
    path.rename(tmp_path / "security.log.1")
    time.sleep(1.2)
    login_code(server, ADMIN_USER, ADMIN_PASSWORD)
    time.sleep(0.2)
    assert path.exists(), "the security log was not reopened after rotation"
    assert events_of(read_events(path), "authentication_success")
