"""Service accounts over `/api/v1/service-accounts`: CRUD, rotate-secret, and logins like users.

Every call here uses an admin login token as Bearer, as the cluster security guide does.
"""

from __future__ import annotations

import time

import neo4j
import pytest
from neo4j.exceptions import AuthError, Forbidden

from harness import ADMIN_USER, count_nodes, create_user, decode_token, open_driver, unique_name
from http_client import FORBIDDEN, Response, admin_token, assert_error, commit, login_token, request
from server_process import ServerProcess

PATH = "/api/v1/service-accounts"


@pytest.fixture(scope="module")
def token(server: ServerProcess) -> str:
    """An admin login token for the module's server."""
    return admin_token(server)


def create(server: ServerProcess, token: str, role: str = "editor", secret: str | None = None) -> tuple[str, str]:
    """Create a service account; return its (id, secret)."""
    account_id = unique_name("svc")
    secret = secret or f"secret-{account_id}-long"
    response = request(server, "POST", PATH, {"id": account_id, "secret": secret, "role": role}, auth=token)
    assert response.status == 201, response.describe()
    return account_id, secret


def bolt_login_works(server: ServerProcess, auth: object) -> bool:
    with open_driver(server, auth) as driver:
        try:
            driver.verify_connectivity()
        except AuthError:
            return False
    return True


def assert_account(response: Response, account_id: str, role: str) -> None:
    assert response.status == 200, response.describe()
    assert response.json["id"] == account_id
    assert response.json["role"] == role
    assert response.json["kind"] == "service"
    assert "secret" not in response.json


def test_create_returns_account(server: ServerProcess, token: str) -> None:
    account_id = unique_name("svc")
    body = {"id": account_id, "secret": "created-secret-value", "role": "viewer"}
    response = request(server, "POST", PATH, body, auth=token)
    assert response.status == 201, response.describe()
    assert set(response.json) >= {"id", "role", "kind", "created_at"}, response.json
    assert response.json["kind"] == "service"
    assert "created-secret-value" not in response.text


def test_list_get_patch_delete(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    account_id, secret = create(server, token, "viewer")
    listed = request(server, "GET", PATH, auth=token)
    assert listed.status == 200, listed.describe()
    entries = listed.json if isinstance(listed.json, list) else listed.json.get("service_accounts", [])
    ids = {entry["id"] for entry in entries}
    assert account_id in ids
    assert ADMIN_USER not in ids, "users appear in the service-account list"
    assert all(entry["kind"] == "service" for entry in entries)

    assert_account(request(server, "GET", f"{PATH}/{account_id}", auth=token), account_id, "viewer")
    patched = request(server, "PATCH", f"{PATH}/{account_id}", {"role": "editor"}, auth=token)
    assert_account(patched, account_id, "editor")
    assert_account(request(server, "GET", f"{PATH}/{account_id}", auth=token), account_id, "editor")
    label = unique_name("SvcPatched")
    with open_driver(server, (account_id, secret)) as driver:
        driver.execute_query(f"CREATE (:{label})")
    assert count_nodes(admin, label) == 1

    suspended = request(server, "PATCH", f"{PATH}/{account_id}", {"suspended": True}, auth=token)
    assert suspended.status == 200, suspended.describe()
    assert not bolt_login_works(server, (account_id, secret))
    resumed = request(server, "PATCH", f"{PATH}/{account_id}", {"suspended": False}, auth=token)
    assert resumed.status == 200, resumed.describe()
    assert bolt_login_works(server, (account_id, secret))

    deleted = request(server, "DELETE", f"{PATH}/{account_id}", auth=token)
    assert deleted.status in (200, 204), deleted.describe()
    assert_error(request(server, "GET", f"{PATH}/{account_id}", auth=token), 404)
    assert not bolt_login_works(server, (account_id, secret))


def test_duplicate_id_conflict(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    account_id, _ = create(server, token)
    body = {"id": account_id, "secret": "another-secret-value", "role": "viewer"}
    assert_error(request(server, "POST", PATH, body, auth=token), 409)
    user = unique_name("plainuser")
    create_user(admin, user, "plain-user-password", "viewer")
    body = {"id": user, "secret": "another-secret-value", "role": "viewer"}
    assert_error(request(server, "POST", PATH, body, auth=token), 409)
    assert bolt_login_works(server, (user, "plain-user-password")), "the conflict changed the user"


def test_unknown_account_not_found(server: ServerProcess, token: str) -> None:
    missing = unique_name("nosvc")
    assert_error(request(server, "GET", f"{PATH}/{missing}", auth=token), 404)
    assert_error(request(server, "PATCH", f"{PATH}/{missing}", {"role": "viewer"}, auth=token), 404)
    assert_error(request(server, "DELETE", f"{PATH}/{missing}", auth=token), 404)
    assert_error(request(server, "POST", f"{PATH}/{missing}/rotate-secret", auth=token), 404)
    # A user is not a service account, even though the names share one namespace.
    assert_error(request(server, "GET", f"{PATH}/{ADMIN_USER}", auth=token), 404)
    assert_error(request(server, "DELETE", f"{PATH}/{ADMIN_USER}", auth=token), 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id": "svc-weak", "secret": "short", "role": "viewer"}, "secret"),
        ({"id": "svc-role", "secret": "long-enough-secret", "role": "superuser"}, "role"),
        ({"id": "bad id!", "secret": "long-enough-secret", "role": "viewer"}, "id"),
        ({"secret": "long-enough-secret", "role": "viewer"}, "id"),
        ({"id": "svc-nosecret", "role": "viewer"}, "secret"),
        ({"id": "svc-extra", "secret": "long-enough-secret", "role": "viewer", "roles": ["admin"]}, "roles"),
    ],
    ids=["weak-secret", "unknown-role", "invalid-id", "no-id", "no-secret", "unknown-field"],
)
def test_invalid_create_rejected(server: ServerProcess, token: str, body: dict[str, object], field: str) -> None:
    response = request(server, "POST", PATH, body, auth=token)
    assert_error(response, 400)
    assert field in response.json["errors"][0]["message"], response.describe()


def test_invalid_patch_rejected(server: ServerProcess, token: str) -> None:
    account_id, _ = create(server, token)
    assert_error(request(server, "PATCH", f"{PATH}/{account_id}", {"role": "superuser"}, auth=token), 400)
    assert_error(request(server, "PATCH", f"{PATH}/{account_id}", {"role": 3}, auth=token), 400)
    assert_account(request(server, "GET", f"{PATH}/{account_id}", auth=token), account_id, "editor")


def test_rotate_secret(server: ServerProcess, token: str) -> None:
    account_id, old_secret = create(server, token)
    old_token = login_token(server, account_id, old_secret)
    # Tokens carry whole seconds, and one issued in the second of the change stays valid.
    time.sleep(1.1)
    response = request(server, "POST", f"{PATH}/{account_id}/rotate-secret", auth=token)
    assert response.status == 200, response.describe()
    assert response.json["id"] == account_id
    new_secret = response.json["secret"]
    assert isinstance(new_secret, str) and len(new_secret) >= 32
    assert new_secret != old_secret
    assert "no-store" in response.headers.get("Cache-Control", ""), response.headers

    assert not bolt_login_works(server, (account_id, old_secret))
    assert bolt_login_works(server, (account_id, new_secret))
    assert_error(commit(server, (account_id, old_secret), "RETURN 1"), 401)
    assert commit(server, (account_id, new_secret), "RETURN 1").status == 200
    assert_error(commit(server, old_token, "RETURN 1"), 401)
    second = request(server, "POST", f"{PATH}/{account_id}/rotate-secret", auth=token)
    assert second.json["secret"] != new_secret


def test_service_account_logins(server: ServerProcess, admin: neo4j.Driver, token: str) -> None:
    account_id, secret = create(server, token, "viewer")
    with open_driver(server, (account_id, secret)) as driver:
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        assert records[0]["user"] == account_id
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE (:{unique_name('SvcViewer')})")
    response = commit(server, (account_id, secret), "RETURN 1 AS one")
    assert response.status == 200, response.describe()
    assert response.json["errors"] == []
    assert commit(server, (account_id, secret), "CREATE (:SvcViewerHttp)").error_codes == [FORBIDDEN]


def test_service_account_token(server: ServerProcess, token: str) -> None:
    account_id, secret = create(server, token, "editor")
    service_token = login_token(server, account_id, secret)
    assert decode_token(service_token)["sub"] == account_id
    label = unique_name("SvcToken")
    with open_driver(server, neo4j.bearer_auth(service_token)) as driver:
        driver.execute_query(f"CREATE (:{label})")
        assert count_nodes(driver, label) == 1
    assert commit(server, service_token, f"MATCH (n:{label}) RETURN count(n)").json["errors"] == []


def test_service_account_not_admin(server: ServerProcess, token: str) -> None:
    account_id, secret = create(server, token, "editor")
    assert_error(request(server, "GET", PATH, auth=(account_id, secret)), 403, FORBIDDEN)
    body = {"id": unique_name("svc"), "secret": "long-enough-secret", "role": "admin"}
    assert_error(request(server, "POST", PATH, body, auth=(account_id, secret)), 403, FORBIDDEN)
    assert_error(request(server, "POST", f"{PATH}/{account_id}/rotate-secret", auth=(account_id, secret)), 403)


def test_wrong_method_not_allowed(server: ServerProcess, token: str) -> None:
    account_id, _ = create(server, token)
    assert_error(request(server, "PUT", f"{PATH}/{account_id}", {"role": "viewer"}, auth=token), 405)
    assert_error(request(server, "GET", f"{PATH}/{account_id}/rotate-secret", auth=token), 405)
    assert_error(request(server, "DELETE", PATH, auth=token), 405)
