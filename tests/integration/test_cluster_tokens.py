"""Cluster tokens and the cluster security guide's curl calls, on one server and across two.

A cluster token is signed with the shared NORNICDB_JWT_SECRET, so every node with that secret
accepts it: over Bolt with the bearer scheme or basic with an empty principal, and over HTTP.
A login token for a local account works only on the node that issued it, because each node
keeps its own accounts.
"""

from __future__ import annotations

import datetime
import stat
import time

import neo4j
import pytest
from neo4j.exceptions import Forbidden

from harness import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    ServerFactory,
    admin_driver,
    count_nodes,
    create_user,
    decode_token,
    open_driver,
    unique_name,
)
from http_client import (
    FORBIDDEN,
    UNAUTHORIZED,
    admin_token,
    assert_error,
    cluster_token,
    commit,
    curl,
    login_token,
    request,
)
from server_process import ServerProcess

CLUSTER_TOKEN_PATH = "/api/v1/auth/cluster-token"

# The documented calls, verbatim. Only $ADMIN_PASSWORD, the run's admin password, is added.
GET_ADMIN_TOKEN = (
    'curl -X POST http://localhost:7474/api/v1/auth/token -H "Content-Type: application/json" '
    '-d "{\\"username\\": \\"admin\\", \\"password\\": \\"$ADMIN_PASSWORD\\"}"'
)
MINT_CLUSTER_TOKEN = (
    'curl -X POST http://localhost:7474/api/v1/auth/cluster-token -H "Authorization: Bearer $ADMIN_TOKEN" '
    '-H "Content-Type: application/json" -d \'{"node_id": "node-2", "role": "admin"}\''
)
CREATE_SERVICE_ACCOUNT = (
    'curl -X POST http://localhost:7474/api/v1/service-accounts -H "Authorization: Bearer $ADMIN_TOKEN" '
    '-H "Content-Type: application/json" '
    '-d \'{"id": "cluster-node-1", "secret": "secure-generated-password", "role": "admin"}\''
)
GET_SERVICE_ACCOUNT = (
    'curl -X GET http://localhost:7474/api/v1/service-accounts/cluster-node-1 -H "Authorization: Bearer $ADMIN_TOKEN"'
)
PATCH_SERVICE_ACCOUNT = (
    "curl -X PATCH http://localhost:7474/api/v1/service-accounts/cluster-node-1 "
    '-H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json" -d \'{"role": "admin"}\''
)


def parse_timestamp(text: str) -> datetime.datetime:
    """Parse an RFC 3339 UTC timestamp such as `2026-01-02T03:04:05Z`."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def current_user(driver: neo4j.Driver) -> str:
    records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
    return records[0]["user"]


def test_documented_curl_calls(server: ServerProcess) -> None:
    login = curl(server, GET_ADMIN_TOKEN, ADMIN_PASSWORD=ADMIN_PASSWORD)
    assert login.status == 200, login.describe()
    token = login.json["access_token"]

    minted = curl(server, MINT_CLUSTER_TOKEN, ADMIN_TOKEN=token)
    assert minted.status == 200, minted.describe()
    assert minted.json["node_id"] == "node-2"
    assert minted.json["role"] == "admin"
    assert minted.json["expires_at"] is None
    assert "no-store" in minted.headers.get("Cache-Control", ""), minted.headers
    with open_driver(server, neo4j.bearer_auth(minted.json["token"])) as driver:
        assert current_user(driver) == "cluster:node-2"

    created = curl(server, CREATE_SERVICE_ACCOUNT, ADMIN_TOKEN=token)
    assert created.status == 201, created.describe()
    assert created.json["id"] == "cluster-node-1"
    assert created.json["role"] == "admin"
    assert created.json["kind"] == "service"
    parse_timestamp(created.json["created_at"])
    assert "secure-generated-password" not in created.text

    fetched = curl(server, GET_SERVICE_ACCOUNT, ADMIN_TOKEN=token)
    assert fetched.status == 200, fetched.describe()
    assert fetched.json["id"] == "cluster-node-1"
    assert fetched.json["role"] == "admin"
    assert "secret" not in fetched.json

    patched = curl(server, PATCH_SERVICE_ACCOUNT, ADMIN_TOKEN=token)
    assert patched.status == 200, patched.describe()
    assert patched.json["role"] == "admin"

    with open_driver(server, ("cluster-node-1", "secure-generated-password")) as driver:
        assert current_user(driver) == "cluster-node-1"


def test_cluster_token_claims(server: ServerProcess) -> None:
    body = cluster_token(server, admin_token(server), "node-7", "editor")
    assert body["expires_at"] is None
    claims = decode_token(body["token"])
    assert claims["sub"] == "cluster:node-7"
    assert claims["node_id"] == "node-7"
    assert claims["roles"] == ["editor"]
    assert claims["iss"] == "nornicdb"
    assert isinstance(claims["jti"], str) and claims["jti"]
    assert isinstance(claims["iat"], int)
    assert "exp" not in claims


@pytest.mark.parametrize(("expires_in", "seconds"), [("1h", 3600), ("1h30m", 5400), (90, 90), ("7d", 7 * 86400)])
def test_cluster_token_with_expiry(server: ServerProcess, expires_in: object, seconds: int) -> None:
    before = time.time()
    body = cluster_token(server, admin_token(server), "node-3", "viewer", expires_in=expires_in)
    claims = decode_token(body["token"])
    assert claims["exp"] - claims["iat"] == seconds
    expires_at = parse_timestamp(body["expires_at"])
    assert expires_at.tzinfo is not None
    assert expires_at.timestamp() == claims["exp"]
    assert before + seconds - 2 <= claims["exp"] <= time.time() + seconds + 2


@pytest.mark.parametrize(
    "body",
    [
        {"node_id": "node-2", "role": "superuser"},
        {"node_id": "node-2", "role": "Admin"},
        {"node_id": "node 2!", "role": "admin"},
        {"node_id": "", "role": "admin"},
        {"node_id": "n" * 129, "role": "admin"},
        {"node_id": "node-2"},
        {"role": "admin"},
        {"node_id": "node-2", "role": "admin", "roles": ["admin"]},
        {"node_id": "node-2", "role": "admin", "expires_in": "soon"},
        {"node_id": "node-2", "role": "admin", "expires_in": -5},
        {"node_id": 2, "role": "admin"},
    ],
    ids=[
        "unknown-role",
        "role-case",
        "node-id-characters",
        "node-id-empty",
        "node-id-long",
        "no-role",
        "no-node-id",
        "unknown-field",
        "bad-duration",
        "negative-duration",
        "node-id-number",
    ],
)
def test_cluster_token_bad_request(server: ServerProcess, body: dict[str, object]) -> None:
    assert_error(request(server, "POST", CLUSTER_TOKEN_PATH, body, auth=admin_token(server)), 400)


def test_cluster_token_needs_admin(server: ServerProcess, admin: neo4j.Driver) -> None:
    body = {"node_id": "node-2", "role": "admin"}
    assert_error(request(server, "POST", CLUSTER_TOKEN_PATH, body), 401)
    editor_token = cluster_token(server, admin_token(server), "node-4", "editor")["token"]
    assert_error(request(server, "POST", CLUSTER_TOKEN_PATH, body, auth=editor_token), 403, FORBIDDEN)


def test_cluster_token_is_no_local_account(server: ServerProcess, admin: neo4j.Driver) -> None:
    # A node id that equals a local account's name must not act as that account.
    token = cluster_token(server, admin_token(server), ADMIN_USER, "viewer")["token"]
    label = unique_name("NotAdmin")
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        assert current_user(driver) == f"cluster:{ADMIN_USER}"
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE (:{label})")
    assert count_nodes(admin, label) == 0


def assert_token_accepted(server: ServerProcess, token: str, node_id: str) -> None:
    for auth in (("", token), neo4j.bearer_auth(token)):
        with open_driver(server, auth) as driver:
            assert current_user(driver) == f"cluster:{node_id}"
    response = commit(server, token, "RETURN 1 AS one")
    assert response.status == 200, response.describe()
    assert response.json["errors"] == [], response.describe()


def assert_viewer_cannot_write(server: ServerProcess, token: str) -> None:
    label = unique_name("ClusterViewer")
    for auth in (("", token), neo4j.bearer_auth(token)):
        with open_driver(server, auth) as driver:
            with pytest.raises(Forbidden):
                driver.execute_query(f"CREATE (:{label})")
    assert commit(server, token, f"CREATE (:{label})").error_codes == [FORBIDDEN]
    with open_driver(server, (ADMIN_USER, ADMIN_PASSWORD)) as admin:
        assert count_nodes(admin, label) == 0


def test_two_nodes_share_cluster_tokens(server_factory: ServerFactory) -> None:
    # NOTE: each node keeps its revocation list in its own system.sqlite. A cluster token revoked
    # on one node stays valid on the others, so this test covers acceptance only.
    nodes = [server_factory.standard(), server_factory.standard()]
    assert nodes[0].data_dir != nodes[1].data_dir
    for index, issuer in enumerate(nodes):
        issuer_token = admin_token(issuer)
        admin_node = f"node-admin-{index}"
        viewer_node = f"node-viewer-{index}"
        admin_cluster = cluster_token(issuer, issuer_token, admin_node, "admin")["token"]
        viewer_cluster = cluster_token(issuer, issuer_token, viewer_node, "viewer")["token"]
        for node in nodes:
            assert_token_accepted(node, admin_cluster, admin_node)
            assert_token_accepted(node, viewer_cluster, viewer_node)
            assert_viewer_cannot_write(node, viewer_cluster)
        # The admin role applies on the other node too: it may write and administer.
        other = nodes[1 - index]
        label = unique_name("ClusterAdmin")
        assert commit(other, admin_cluster, f"CREATE (:{label})").error_codes == []
        assert request(other, "GET", "/api/v1/users", auth=admin_cluster).status == 200


def assert_login_token_rejected(server: ServerProcess, token: str) -> None:
    response = commit(server, token, "RETURN 1 AS one")
    assert_error(response, 401, UNAUTHORIZED)
    assert "issued by another node" in response.json["errors"][0]["message"], response.describe()
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(neo4j.exceptions.AuthError, match="issued by another node"):
            driver.verify_connectivity()


def test_login_token_bound_to_its_node(server_factory: ServerFactory) -> None:
    # `sam` is a viewer on node A and an admin with another password on node B. A's login token
    # for `sam` must not act as B's admin `sam`, and A's admin token must not act as B's admin.
    node_a, node_b = server_factory.standard(), server_factory.standard()
    user = unique_name("sam")
    for node, role, password in ((node_a, "viewer", "password-on-a"), (node_b, "admin", "password-on-b")):
        with admin_driver(node) as admin:
            create_user(admin, user, password, role)

    sam_token = login_token(node_a, user, "password-on-a")
    a_admin_token = admin_token(node_a)
    a_cluster_token = cluster_token(node_a, a_admin_token, "node-a", "admin")["token"]
    node_identity = (node_a.data_dir / "node-id").read_text().strip()
    assert decode_token(sam_token)["issuer_node"] == node_identity
    assert (node_b.data_dir / "node-id").read_text().strip() != node_identity
    assert "issuer_node" not in decode_token(a_cluster_token)

    for token in (sam_token, a_admin_token):
        assert commit(node_a, token, "RETURN 1 AS one").error_codes == []
        assert_login_token_rejected(node_b, token)
    assert_error(request(node_b, "GET", "/api/v1/users", auth=a_admin_token), 401, UNAUTHORIZED)
    assert_token_accepted(node_b, a_cluster_token, "node-a")


def test_node_identity_kept_across_restarts(server_factory: ServerFactory) -> None:
    node = server_factory.standard()
    path = node.data_dir / "node-id"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    identity = path.read_text()
    token = admin_token(node)
    node.restart()
    assert path.read_text() == identity
    response = commit(node, token, "RETURN 1 AS one")
    assert response.status == 200, response.describe()
    assert response.json["errors"] == [], response.describe()


def test_cluster_token_revoked(server: ServerProcess) -> None:
    body = cluster_token(server, admin_token(server), "node-5", "viewer")
    token = body["token"]
    assert commit(server, token, "RETURN 1").status == 200
    jti = decode_token(token)["jti"]
    response = request(server, "POST", "/api/v1/auth/revoke", {"jti": jti}, auth=admin_token(server))
    assert response.status == 200, response.describe()
    assert_error(commit(server, token, "RETURN 1"), 401)
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()
