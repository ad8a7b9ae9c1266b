"""The users and roles API under `/api/v1`, checked against `SHOW USERS` and `SHOW ROLES` over Bolt.

The users API runs the same administration commands as Cypher, so both views must agree.
"""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import AuthError

from harness import ADMIN_PASSWORD, ADMIN_USER, create_user, open_driver, unique_name
from http_client import FORBIDDEN, admin_token, assert_error, request
from server_process import ServerProcess

PATH = "/api/v1/users"
ROLE_PERMISSIONS = {
    "admin": {"read", "write", "delete", "schema", "admin"},
    "editor": {"read", "write", "delete"},
    "viewer": {"read"},
    "none": set(),
}


@pytest.fixture(scope="module")
def token(server: ServerProcess) -> str:
    return admin_token(server)


def show_users(admin: neo4j.Driver) -> dict[str, dict[str, object]]:
    records, _, _ = admin.execute_query("SHOW USERS", database_="system")
    return {record["user"]: dict(record) for record in records}


def login_works(server: ServerProcess, user: str, password: str) -> bool:
    with open_driver(server, (user, password)) as driver:
        try:
            driver.verify_connectivity()
        except AuthError:
            return False
    return True


def user_list(body: object) -> list[dict[str, object]]:
    return body if isinstance(body, list) else body.get("users", [])  # type: ignore[union-attr,return-value]


def assert_matches_show_users(entry: dict[str, object], row: dict[str, object]) -> None:
    assert sorted(entry["roles"]) == sorted(row["roles"]), (entry, row)
    assert entry["suspended"] == row["suspended"], (entry, row)
    assert entry["change_required"] == row["passwordChangeRequired"], (entry, row)


def test_list_matches_show_users(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    name = unique_name("listed")
    create_user(admin, name, "listed-password", "editor")
    response = request(server, "GET", PATH, auth=token)
    assert response.status == 200, response.describe()
    entries = {entry["username"]: entry for entry in user_list(response.json)}
    rows = show_users(admin)
    assert {ADMIN_USER, name} <= set(entries)
    assert set(entries) <= set(rows), "the API lists accounts that SHOW USERS does not"
    for username, entry in entries.items():
        assert_matches_show_users(entry, rows[username])
        assert entry["kind"] == "user"
        assert "created_at" in entry
    assert "$argon2" not in response.text
    assert "hash" not in response.text


def test_create_visible_in_show_users(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    name = unique_name("apiuser")
    body = {"username": name, "password": "api-user-password", "roles": ["editor"], "change_required": False}
    response = request(server, "POST", PATH, body, auth=token)
    assert response.status == 201, response.describe()
    assert response.json["username"] == name
    assert response.json["roles"] == ["editor"]
    assert response.json["change_required"] is False
    assert "api-user-password" not in response.text
    row = show_users(admin)[name]
    assert_matches_show_users(response.json, row)
    assert login_works(server, name, "api-user-password")


def test_create_with_defaults(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    name = unique_name("apidefault")
    response = request(server, "POST", PATH, {"username": name, "password": "default-password"}, auth=token)
    assert response.status == 201, response.describe()
    assert_matches_show_users(response.json, show_users(admin)[name])


def test_get_user(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    response = request(server, "GET", f"{PATH}/{ADMIN_USER}", auth=token)
    assert response.status == 200, response.describe()
    assert response.json["username"] == ADMIN_USER
    assert_matches_show_users(response.json, show_users(admin)[ADMIN_USER])
    assert_error(request(server, "GET", f"{PATH}/{unique_name('ghost')}", auth=token), 404)


def test_patch_user(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    name = unique_name("patched")
    create_user(admin, name, "patched-password", "viewer")

    response = request(server, "PATCH", f"{PATH}/{name}", {"roles": ["editor", "viewer"]}, auth=token)
    assert response.status == 200, response.describe()
    assert sorted(show_users(admin)[name]["roles"]) == ["editor", "viewer"]

    response = request(server, "PATCH", f"{PATH}/{name}", {"password": "new-patched-password"}, auth=token)
    assert response.status == 200, response.describe()
    assert not login_works(server, name, "patched-password")
    assert login_works(server, name, "new-patched-password")

    response = request(server, "PATCH", f"{PATH}/{name}", {"suspended": True}, auth=token)
    assert response.status == 200, response.describe()
    assert show_users(admin)[name]["suspended"] is True
    assert not login_works(server, name, "new-patched-password")

    response = request(server, "PATCH", f"{PATH}/{name}", {"suspended": False, "change_required": True}, auth=token)
    assert response.status == 200, response.describe()
    row = show_users(admin)[name]
    assert row["suspended"] is False
    assert row["passwordChangeRequired"] is True
    assert_matches_show_users(response.json, row)


def test_delete_user(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    name = unique_name("deleted")
    create_user(admin, name, "deleted-password", "viewer")
    response = request(server, "DELETE", f"{PATH}/{name}", auth=token)
    assert response.status in (200, 204), response.describe()
    assert name not in show_users(admin)
    assert not login_works(server, name, "deleted-password")
    assert_error(request(server, "DELETE", f"{PATH}/{name}", auth=token), 404)


def test_cannot_delete_self(server: ServerProcess, token: str) -> None:
    response = request(server, "DELETE", f"{PATH}/{ADMIN_USER}", auth=token)
    assert 400 <= response.status < 500, response.describe()
    assert login_works(server, ADMIN_USER, ADMIN_PASSWORD)


def test_duplicate_user_conflict(server: ServerProcess, token: str) -> None:
    body = {"username": ADMIN_USER, "password": "some-other-password"}
    assert_error(request(server, "POST", PATH, body, auth=token), 409)
    assert login_works(server, ADMIN_USER, ADMIN_PASSWORD)


@pytest.mark.parametrize(
    "body",
    [
        {"username": "weakuser", "password": "short"},
        {"username": "badrole", "password": "long-enough-password", "roles": ["superuser"]},
        {"username": "bad name!", "password": "long-enough-password"},
        {"password": "long-enough-password"},
        {"username": "norolelist", "password": "long-enough-password", "roles": "editor"},
        {"username": "extra", "password": "long-enough-password", "is_admin": True},
    ],
    ids=["weak-password", "unknown-role", "invalid-name", "no-name", "roles-string", "unknown-field"],
)
def test_invalid_create_rejected(server: ServerProcess, admin: neo4j.Driver, token: str, body: dict) -> None:
    assert_error(request(server, "POST", PATH, body, auth=token), 400)
    if "username" in body:
        assert body["username"] not in show_users(admin)


def test_viewer_forbidden(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("userviewer")
    create_user(admin, name, "user-viewer-password", "viewer")
    viewer = (name, "user-viewer-password")
    assert_error(request(server, "GET", PATH, auth=viewer), 403, FORBIDDEN)
    assert_error(request(server, "GET", f"{PATH}/{ADMIN_USER}", auth=viewer), 403, FORBIDDEN)
    body = {"password": "taken-over-password"}
    assert_error(request(server, "PATCH", f"{PATH}/{ADMIN_USER}", body, auth=viewer), 403, FORBIDDEN)
    assert_error(request(server, "DELETE", f"{PATH}/{ADMIN_USER}", auth=viewer), 403, FORBIDDEN)
    assert login_works(server, ADMIN_USER, ADMIN_PASSWORD)


def test_roles_api(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    response = request(server, "GET", "/api/v1/roles", auth=token)
    assert response.status == 200, response.describe()
    roles = {entry["role"]: set(entry["permissions"]) for entry in response.json}
    assert roles == ROLE_PERMISSIONS
    records, _, _ = admin.execute_query("SHOW ROLES", database_="system")
    assert {record["role"] for record in records} == set(roles)


def test_roles_api_needs_auth(server: ServerProcess) -> None:
    assert_error(request(server, "GET", "/api/v1/roles"), 401)
