"""HTTP failure statuses with Neo4j's JSON error body: 400, 401, 403, 404, and why 429/502/504 are skipped.

Statement errors inside the transactional endpoints are reported with 200 and an `errors` list,
as Neo4j does. Errors before any statement runs, such as authentication or a malformed request,
set the HTTP status.
"""

from __future__ import annotations

import base64
import http.client
import time
from collections.abc import Iterator

import neo4j
import pytest

from harness import ADMIN_PASSWORD, ADMIN_USER, count_nodes, create_user, mint_token, unique_name, unsigned_token
from http_client import (
    DATABASE,
    FORBIDDEN,
    INVALID_FORMAT,
    TRANSACTION_NOT_FOUND,
    UNAUTHORIZED,
    assert_error,
    commit,
    request,
    statements,
    wait_for_http,
)
from server_process import ServerProcess

ADMIN = (ADMIN_USER, ADMIN_PASSWORD)
COMMIT_PATH = f"/db/{DATABASE}/tx/commit"
VIEWER_PASSWORD = "viewer-password-1"


@pytest.fixture(scope="module")
def viewer(admin: neo4j.Driver) -> Iterator[tuple[str, str]]:
    """A local account with the viewer role only, as (user, password)."""
    name = unique_name("httpviewer")
    create_user(admin, name, VIEWER_PASSWORD, "viewer")
    yield (name, VIEWER_PASSWORD)


def basic_header(text: str) -> str:
    return "Basic " + base64.b64encode(text.encode()).decode()


def test_missing_header_unauthorized(server: ServerProcess) -> None:
    response = request(server, "POST", COMMIT_PATH, statements("RETURN 1"))
    assert_error(response, 401, UNAUTHORIZED)


def test_wrong_password_unauthorized(server: ServerProcess) -> None:
    response = commit(server, (ADMIN_USER, "not-the-password"), "RETURN 1")
    assert_error(response, 401, UNAUTHORIZED)


def test_unknown_user_unauthorized(server: ServerProcess) -> None:
    response = commit(server, (unique_name("nobody"), "some-password"), "RETURN 1")
    assert_error(response, 401, UNAUTHORIZED)


def test_forged_token_unauthorized(server: ServerProcess) -> None:
    forged = mint_token(ADMIN_USER, ["admin"], secret="another-secret-that-is-long-enough-0123456789")
    assert_error(commit(server, forged, "RETURN 1"), 401, UNAUTHORIZED)
    assert_error(commit(server, unsigned_token(ADMIN_USER, ["admin"]), "RETURN 1"), 401, UNAUTHORIZED)
    assert_error(commit(server, ("", forged), "RETURN 1"), 401, UNAUTHORIZED)


def test_expired_token_unauthorized(server: ServerProcess) -> None:
    now = int(time.time())
    expired = mint_token("httpexpired", ["admin"], lifetime=None, iat=now - 600, exp=now - 60)
    response = commit(server, expired, "RETURN 1")
    assert_error(response, 401)
    assert response.error_codes[0] in (UNAUTHORIZED, "Neo.ClientError.Security.TokenExpired"), response.describe()


def test_valid_token_accepted(server: ServerProcess) -> None:
    response = commit(server, mint_token(unique_name("httpext"), ["viewer"]), "RETURN 3 AS three")
    assert response.status == 200, response.describe()
    assert response.json["errors"] == []
    assert response.json["results"][0]["data"][0]["row"] == [3]


@pytest.mark.parametrize(
    "header",
    [
        "Basic",
        "Basic !!!not-base64!!!",
        basic_header("no-colon-in-here"),
        "Bearer",
        "Bearer two words",
        "Digest username=admin",
        "admin:password",
    ],
    ids=["basic-empty", "basic-bad-base64", "basic-no-colon", "bearer-empty", "bearer-space", "digest", "no-scheme"],
)
def test_malformed_authorization_header(server: ServerProcess, header: str) -> None:
    response = request(server, "POST", COMMIT_PATH, statements("RETURN 1"), headers={"Authorization": header})
    assert_error(response, 400, INVALID_FORMAT)


@pytest.mark.parametrize(
    "body",
    [b"{", b"not json", b"[]", b'{"statements": "RETURN 1"}', b'{"statements": [{"statement": 1}]}'],
    ids=["truncated", "text", "array", "statements-string", "statement-number"],
)
def test_bad_json_rejected(server: ServerProcess, body: bytes) -> None:
    response = request(server, "POST", COMMIT_PATH, body, auth=ADMIN, headers={"Content-Type": "application/json"})
    assert_error(response, 400, INVALID_FORMAT)


def test_bad_json_on_token_endpoint(server: ServerProcess) -> None:
    headers = {"Content-Type": "application/json"}
    response = request(server, "POST", "/api/v1/auth/token", b'{"username": ', headers=headers)
    assert_error(response, 400, INVALID_FORMAT)


def test_viewer_write_forbidden(server: ServerProcess, admin: neo4j.Driver, viewer: tuple[str, str]) -> None:
    label = unique_name("HttpViewerWrite")
    response = commit(server, viewer, f"CREATE (:{label})")
    assert response.status == 200, response.describe()
    assert response.error_codes == [FORBIDDEN], response.describe()
    assert count_nodes(admin, label) == 0


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/users", None),
        ("POST", "/api/v1/users", {"username": "viewermade", "password": "viewer-made-password"}),
        ("GET", "/api/v1/service-accounts", None),
        ("POST", "/api/v1/auth/cluster-token", {"node_id": "node-9", "role": "admin"}),
    ],
    ids=["list-users", "create-user", "list-service-accounts", "cluster-token"],
)
def test_viewer_admin_endpoint_forbidden(
    server: ServerProcess, viewer: tuple[str, str], method: str, path: str, body: object
) -> None:
    assert_error(request(server, method, path, body, auth=viewer), 403, FORBIDDEN)


def test_unknown_transaction_not_found(server: ServerProcess) -> None:
    for method, path in (
        ("POST", f"/db/{DATABASE}/tx/123456789"),
        ("POST", f"/db/{DATABASE}/tx/no-such-transaction/commit"),
        ("DELETE", f"/db/{DATABASE}/tx/no-such-transaction"),
    ):
        response = request(server, method, path, statements(), auth=ADMIN)
        assert_error(response, 404, TRANSACTION_NOT_FOUND)


def test_unknown_database_not_found(server: ServerProcess) -> None:
    response = commit(server, ADMIN, "RETURN 1", database="nosuchdatabase")
    assert_error(response, 404, "Neo.ClientError.Database.DatabaseNotFound")


def test_two_authorization_headers_rejected(server: ServerProcess) -> None:
    # A proxy and the server could disagree on which of two headers counts, so both are rejected.
    wait_for_http(server)
    valid = basic_header(f"{ADMIN_USER}:{ADMIN_PASSWORD}")
    connection = http.client.HTTPConnection(server.address, server.http_port, timeout=10)
    try:
        connection.putrequest("POST", COMMIT_PATH)
        body = b'{"statements": []}'
        connection.putheader("Authorization", valid)
        connection.putheader("Authorization", "Bearer " + mint_token("other", ["viewer"]))
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        status = response.status
        response.read()
    finally:
        connection.close()
    assert status == 400
