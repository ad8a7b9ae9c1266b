"""Login tokens from `POST /api/v1/auth/token`, revocation, and what invalidates earlier tokens.

Tokens are used over HTTP (Bearer) and over Bolt (the driver's bearer auth), since both go
through the same JWT provider.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import neo4j
import pytest
from neo4j.exceptions import AuthError

from harness import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    ServerFactory,
    admin_driver,
    count_nodes,
    create_user,
    decode_token,
    mint_token,
    open_driver,
    unique_name,
)
from http_client import (
    FORBIDDEN,
    UNAUTHORIZED,
    admin_token,
    assert_error,
    commit,
    login_token,
    request,
)
from server_process import ServerProcess

TOKEN_PATH = "/api/v1/auth/token"
REVOKE_PATH = "/api/v1/auth/revoke"
# The default of NORNICDB_AUTH_TOKEN_EXPIRY, 24 hours.
DEFAULT_LIFETIME = 24 * 3600


@pytest.fixture(scope="module")
def editor(admin: neo4j.Driver) -> Iterator[tuple[str, str]]:
    """A local account with the editor role, as (user, password)."""
    name = unique_name("tokeneditor")
    password = "token-editor-password"
    create_user(admin, name, password, "editor")
    yield (name, password)


def new_user(admin: neo4j.Driver, role: str = "editor") -> tuple[str, str]:
    name = unique_name("tokenuser")
    password = f"password-{name}"
    create_user(admin, name, password, role)
    return name, password


def works_over_http(server: ServerProcess, token: str) -> bool:
    response = commit(server, token, "RETURN 1 AS one")
    if response.status == 200:
        assert response.json["errors"] == [], response.describe()
        return True
    assert_error(response, 401)
    return False


def works_over_bolt(server: ServerProcess, token: str) -> bool:
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        try:
            driver.verify_connectivity()
        except AuthError:
            return False
    return True


def test_token_from_json_body(server: ServerProcess) -> None:
    response = request(server, "POST", TOKEN_PATH, {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    assert response.status == 200, response.describe()
    body = response.json
    assert set(body) >= {"access_token", "token_type", "expires_in"}, body
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == DEFAULT_LIFETIME
    assert "no-store" in response.headers.get("Cache-Control", ""), response.headers
    assert works_over_http(server, body["access_token"])


def test_token_from_basic_header(server: ServerProcess) -> None:
    response = request(server, "POST", TOKEN_PATH, auth=(ADMIN_USER, ADMIN_PASSWORD))
    assert response.status == 200, response.describe()
    assert response.json["token_type"] == "Bearer"
    assert works_over_http(server, response.json["access_token"])


def test_token_with_password_grant(server: ServerProcess) -> None:
    body = {"username": ADMIN_USER, "password": ADMIN_PASSWORD, "grant_type": "password"}
    assert request(server, "POST", TOKEN_PATH, body).status == 200
    body["grant_type"] = "client_credentials"
    assert_error(request(server, "POST", TOKEN_PATH, body), 400)


def test_token_claims(server: ServerProcess, editor: tuple[str, str]) -> None:
    before = int(time.time())
    claims = decode_token(login_token(server, *editor))
    assert claims["sub"] == editor[0]
    assert claims["iss"] == "nornicdb"
    assert isinstance(claims["jti"], str) and len(claims["jti"]) >= 16
    assert before - 1 <= claims["iat"] <= time.time() + 1
    assert claims["exp"] - claims["iat"] == DEFAULT_LIFETIME
    assert decode_token(login_token(server, *editor))["jti"] != claims["jti"]


def test_token_bad_credentials(server: ServerProcess, editor: tuple[str, str]) -> None:
    response = request(server, "POST", TOKEN_PATH, {"username": editor[0], "password": "wrong-password"})
    assert_error(response, 401, UNAUTHORIZED)
    response = request(server, "POST", TOKEN_PATH, {"username": unique_name("ghost"), "password": "whatever-1"})
    assert_error(response, 401, UNAUTHORIZED)
    assert_error(request(server, "POST", TOKEN_PATH, {"username": editor[0]}), 400)
    assert request(server, "POST", TOKEN_PATH).status in (400, 401)


def test_token_needs_password_login(server: ServerProcess) -> None:
    # A bearer token (here one for an outside principal) cannot mint a login token.
    response = request(server, "POST", TOKEN_PATH, auth=mint_token(unique_name("outsider"), ["admin"]))
    assert response.status in (400, 401, 403), response.describe()


def test_token_for_change_required_user(server: ServerProcess, admin: neo4j.Driver) -> None:
    name = unique_name("mustchange")
    create_user(admin, name, "initial-password", change_required=True)
    response = request(server, "POST", TOKEN_PATH, {"username": name, "password": "initial-password"})
    assert_error(response, 403, "Neo.ClientError.Security.CredentialsExpired")


def test_token_works_over_bolt(server: ServerProcess, editor: tuple[str, str]) -> None:
    token = login_token(server, *editor)
    label = unique_name("TokenBolt")
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
        assert records[0]["user"] == editor[0]
        driver.execute_query(f"CREATE (:{label})")
    with open_driver(server, ("", token)) as driver:
        assert count_nodes(driver, label) == 1


def test_token_roles_follow_account(server: ServerProcess, admin: neo4j.Driver) -> None:
    # The account's current roles apply, not the roles at issue time.
    name, password = new_user(admin, "viewer")
    token = login_token(server, name, password)
    label = unique_name("TokenPromoted")
    assert commit(server, token, f"CREATE (:{label})").error_codes == [FORBIDDEN]
    admin.execute_query(f"GRANT ROLE editor TO {name}", database_="system")
    assert commit(server, token, f"CREATE (:{label})").error_codes == []
    assert count_nodes(admin, label) == 1


@pytest.mark.parametrize(
    "change",
    [
        "ALTER USER {name} SET PASSWORD 'changed-password-1' CHANGE NOT REQUIRED",
        "ALTER USER {name} SET STATUS SUSPENDED",
        "DROP USER {name}",
    ],
    ids=["password-change", "suspend", "drop"],
)
def test_account_change_invalidates_token(server: ServerProcess, admin: neo4j.Driver, change: str) -> None:
    name, password = new_user(admin)
    token = login_token(server, name, password)
    assert works_over_http(server, token)
    assert works_over_bolt(server, token)
    # Tokens carry whole seconds, and one issued in the second of the change stays valid.
    time.sleep(1.1)
    admin.execute_query(change.format(name=name), database_="system")
    assert not works_over_http(server, token)
    assert not works_over_bolt(server, token)


def test_own_password_change_invalidates_token(server: ServerProcess, admin: neo4j.Driver) -> None:
    name, password = new_user(admin)
    token = login_token(server, name, password)
    time.sleep(1.1)
    with open_driver(server, (name, password)) as driver:
        driver.execute_query(
            f"ALTER CURRENT USER SET PASSWORD FROM '{password}' TO 'my-new-password-1'", database_="system"
        )
    assert not works_over_http(server, token)
    fresh = login_token(server, name, "my-new-password-1")
    assert works_over_http(server, fresh)


def revoke(server: ServerProcess, auth: object, **body: str) -> object:
    return request(server, "POST", REVOKE_PATH, body, auth=auth)  # type: ignore[arg-type]


def test_revoke_by_token(server: ServerProcess, editor: tuple[str, str]) -> None:
    token = login_token(server, *editor)
    assert works_over_http(server, token)
    response = revoke(server, admin_token(server), token=token)
    assert response.status == 200, response.describe()
    assert response.json == {"revoked": True, "jti": decode_token(token)["jti"]}
    assert not works_over_http(server, token)
    assert not works_over_bolt(server, token)
    assert works_over_http(server, login_token(server, *editor)), "revocation hit the user's other tokens"


def test_revoke_by_jti(server: ServerProcess, editor: tuple[str, str]) -> None:
    token = login_token(server, *editor)
    jti = decode_token(token)["jti"]
    response = revoke(server, (ADMIN_USER, ADMIN_PASSWORD), jti=jti)
    assert response.status == 200, response.describe()
    assert response.json["jti"] == jti
    assert not works_over_http(server, token)


def test_revoke_bad_requests(server: ServerProcess, editor: tuple[str, str]) -> None:
    admin = admin_token(server)
    token = login_token(server, *editor)
    jti = str(decode_token(token)["jti"])
    assert_error(revoke(server, admin), 400)
    assert_error(revoke(server, admin, token=token, jti=jti), 400)
    forged = mint_token(editor[0], [], secret="a-different-secret-that-is-long-enough-000", jti="forged-id")
    assert revoke(server, admin, token=forged).status in (400, 401)
    assert_error(revoke(server, None, jti=jti), 401)
    assert works_over_http(server, token), "a rejected revocation revoked the token"


def test_revoke_own_but_not_others(server: ServerProcess, admin: neo4j.Driver) -> None:
    alice, bob = new_user(admin), new_user(admin)
    alice_token, alice_other = login_token(server, *alice), login_token(server, *alice)
    bob_token = login_token(server, *bob)

    assert_error(revoke(server, alice_token, token=bob_token), 403, FORBIDDEN)
    assert_error(revoke(server, alice_token, jti=str(decode_token(bob_token)["jti"])), 403, FORBIDDEN)
    assert works_over_http(server, bob_token)

    response = revoke(server, alice_token, token=alice_other)
    assert response.status == 200, response.describe()
    assert not works_over_http(server, alice_other)
    response = revoke(server, alice_token, jti=str(decode_token(alice_token)["jti"]))
    assert response.status == 200, response.describe()
    assert not works_over_http(server, alice_token)


def test_revocation_reaches_open_bolt_session(server: ServerProcess, editor: tuple[str, str]) -> None:
    token = login_token(server, *editor)
    with open_driver(server, neo4j.bearer_auth(token), max_connection_pool_size=1) as driver:
        with driver.session() as session:
            assert session.run("RETURN 1 AS one").single()["one"] == 1
            response = revoke(server, admin_token(server), token=token)
            assert response.status == 200, response.describe()
            with pytest.raises(AuthError):
                session.run("RETURN 1").consume()


def test_revocation_survives_restart(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    with admin_driver(server) as admin:
        name, password = new_user(admin)
    token = login_token(server, name, password)
    kept = login_token(server, name, password)
    assert revoke(server, admin_token(server), token=token).status == 200
    server.restart()
    assert not works_over_http(server, token)
    assert not works_over_bolt(server, token)
    assert works_over_http(server, kept)
