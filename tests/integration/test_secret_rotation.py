"""JWT secret rotation with NORNICDB_JWT_PREVIOUS_SECRETS across restarts of one server.

After a restart with a new NORNICDB_JWT_SECRET, tokens signed with a secret listed in
NORNICDB_JWT_PREVIOUS_SECRETS still verify, while new tokens are signed with the new secret only.
"""

from __future__ import annotations

import secrets

import jwt
import neo4j
import pytest
from neo4j.exceptions import AuthError

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory, decode_token, mint_token, open_driver
from http_client import commit, login_token
from server_process import ServerProcess, ServerStartError


def accepted(server: ServerProcess, token: str) -> bool:
    """Return whether `token` works over HTTP and Bolt; both transports must agree."""
    http_status = commit(server, token, "RETURN 1").status
    assert http_status in (200, 401), http_status
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        try:
            driver.verify_connectivity()
            bolt = True
        except AuthError:
            bolt = False
    assert bolt == (http_status == 200), f"HTTP {http_status} but Bolt {'accepted' if bolt else 'rejected'}"
    return bolt


def test_rotation_keeps_previous_secret(server_factory: ServerFactory) -> None:
    old_secret, new_secret = secrets.token_hex(32), secrets.token_hex(32)
    server = server_factory.standard({"NORNICDB_JWT_SECRET": old_secret})
    old_login = login_token(server, ADMIN_USER, ADMIN_PASSWORD)
    old_outside = mint_token("rotation-client", ["viewer"], secret=old_secret)
    assert accepted(server, old_login)

    server.env["NORNICDB_JWT_SECRET"] = new_secret
    server.env["NORNICDB_JWT_PREVIOUS_SECRETS"] = old_secret
    server.restart()
    assert accepted(server, old_login)
    assert accepted(server, old_outside)
    new_login = login_token(server, ADMIN_USER, ADMIN_PASSWORD)
    assert decode_token(new_login, secret=new_secret)["sub"] == ADMIN_USER
    with pytest.raises(jwt.InvalidSignatureError):
        decode_token(new_login, secret=old_secret)
    assert accepted(server, new_login)

    del server.env["NORNICDB_JWT_PREVIOUS_SECRETS"]
    server.restart()
    assert not accepted(server, old_login)
    assert not accepted(server, old_outside)
    assert accepted(server, new_login)

    assert server.stop() == 0
    log = server.log_text()
    assert old_secret not in log
    assert new_secret not in log


def test_several_previous_secrets(server_factory: ServerFactory) -> None:
    current, first, second = (secrets.token_hex(32) for _ in range(3))
    server = server_factory.standard(
        {"NORNICDB_JWT_SECRET": current, "NORNICDB_JWT_PREVIOUS_SECRETS": f"{first},{second}"}
    )
    for secret in (current, first, second):
        assert accepted(server, mint_token("rotation-many", ["viewer"], secret=secret))
    assert not accepted(server, mint_token("rotation-many", ["viewer"], secret=secrets.token_hex(32)))
    assert decode_token(login_token(server, ADMIN_USER, ADMIN_PASSWORD), secret=current)["sub"] == ADMIN_USER


def test_short_previous_secret_rejected(server_factory: ServerFactory) -> None:
    server = server_factory.standard({"NORNICDB_JWT_PREVIOUS_SECRETS": "too-short"}, start=False)
    with pytest.raises(ServerStartError) as raised:
        server.start()
    assert "NORNICDB_JWT_PREVIOUS_SECRETS" in str(raised.value)
    assert "too-short" not in server.log_text()
