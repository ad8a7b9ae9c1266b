"""No password, token, secret or JWT secret used over HTTP reaches the server log at debug level.

The scan covers login and cluster tokens the server issued, service-account secrets (created
and rotated), passwords set through the users API, rejected credentials and the Authorization
header values themselves.
"""

from __future__ import annotations

import base64
import secrets

import neo4j

from harness import ADMIN_PASSWORD, ADMIN_USER, JWT_SECRET, ServerFactory, mint_token, open_driver, unique_name
from http_client import commit, curl, login_token, request


def secret_value(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(10)}"


def test_http_secrets_absent_from_debug_log(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_LOG_LEVEL": "debug", "NORNICDB_AUTH_DEBUG": "true"})
    used: dict[str, str] = {"admin password": ADMIN_PASSWORD, "JWT secret": JWT_SECRET}

    used["admin token"] = login_token(server, ADMIN_USER, ADMIN_PASSWORD)
    admin = used["admin token"]
    basic_login = request(server, "POST", "/api/v1/auth/token", auth=(ADMIN_USER, ADMIN_PASSWORD))
    used["basic token"] = basic_login.json["access_token"]
    used["basic header"] = base64.b64encode(f"{ADMIN_USER}:{ADMIN_PASSWORD}".encode()).decode()

    cluster_path = "/api/v1/auth/cluster-token"
    cluster = request(server, "POST", cluster_path, {"node_id": "node-2", "role": "admin"}, auth=admin)
    used["cluster token"] = cluster.json["token"]
    expiring = {"node_id": "node-3", "role": "viewer", "expires_in": "1h"}
    used["expiring cluster token"] = request(server, "POST", cluster_path, expiring, auth=admin).json["token"]

    account_id = unique_name("logsvc")
    used["service secret"] = secret_value("service")
    body = {"id": account_id, "secret": used["service secret"], "role": "editor"}
    assert request(server, "POST", "/api/v1/service-accounts", body, auth=admin).status == 201
    used["service token"] = login_token(server, account_id, used["service secret"])
    rotated = request(server, "POST", f"/api/v1/service-accounts/{account_id}/rotate-secret", auth=admin)
    used["rotated secret"] = rotated.json["secret"]
    with open_driver(server, (account_id, used["rotated secret"])) as driver:
        driver.verify_connectivity()

    name = unique_name("loguser")
    used["user password"] = secret_value("created")
    body = {"username": name, "password": used["user password"], "roles": ["editor"], "change_required": False}
    assert request(server, "POST", "/api/v1/users", body, auth=admin).status == 201
    used["patched password"] = secret_value("patched")
    patched = request(server, "PATCH", f"/api/v1/users/{name}", {"password": used["patched password"]}, auth=admin)
    assert patched.status == 200, patched.describe()
    used["user token"] = login_token(server, name, used["patched password"])
    assert commit(server, used["user token"], "CREATE (:HttpLogProbe {note: 'not a secret'})").status == 200

    used["wrong password"] = secret_value("wrong")
    assert commit(server, (name, used["wrong password"]), "RETURN 1").status == 401
    wrong = {"username": name, "password": used["wrong password"]}
    assert request(server, "POST", "/api/v1/auth/token", wrong).status == 401
    used["forged token"] = mint_token(name, ["admin"], secret=secret_value("foreign-secret-long-enough"))
    assert commit(server, used["forged token"], "RETURN 1").status == 401
    used["garbage bearer"] = secret_value("garbage")
    assert commit(server, used["garbage bearer"], "RETURN 1").status == 401

    used["revoked token"] = login_token(server, name, used["patched password"])
    assert request(server, "POST", "/api/v1/auth/revoke", {"token": used["revoked token"]}, auth=admin).status == 200
    assert commit(server, used["revoked token"], "RETURN 1").status == 401
    with open_driver(server, neo4j.bearer_auth(used["cluster token"])) as driver:
        driver.verify_connectivity()

    command = 'curl -X GET http://localhost:7474/api/v1/users -H "Authorization: Bearer $ADMIN_TOKEN"'
    assert curl(server, command, ADMIN_TOKEN=admin).status == 200

    for key in [key for key in used if "token" in key]:
        used[f"{key} signature"] = used[key].rsplit(".", 1)[1]

    assert server.stop() == 0
    log = server.log_text()
    # The debug request lines name the paths, so the scan covers a log that saw these requests.
    assert "/api/v1/auth/token" in log, "the debug log shows no HTTP requests; the scan would prove nothing"
    leaked = sorted(label for label, value in used.items() if value in log)
    assert not leaked, f"secrets found in the server log ({server.log_path}): {leaked}"
