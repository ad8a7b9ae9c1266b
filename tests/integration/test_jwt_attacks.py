"""JWT attack classes of RFC 8725, sent over Bolt (bearer, and basic with an empty principal) and HTTP.

Every forged token carries a valid HMAC-SHA256 under the server's secret unless the attack is
the signature itself, so the feature under test alone causes the rejection. Each test checks
the exact error, `Neo.ClientError.Security.Unauthorized` over Bolt and 401 over HTTP, and that
the server still accepts a valid token afterwards.

The server ignores the `kid` header, which never selects a key. A `jku`, `jwk`, `x5u` or `x5c`
header rejects the token, and the server never fetches what such a header points to.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator

import neo4j
import pytest

from bolt_wire import FAILURE, HELLO, LOGON, SUCCESS, BoltSocket, ConnectionClosed, describe, failure_code, version_slot
from harness import JWT_SECRET, ServerFactory, mint_token, open_driver
from http_client import DATABASE, UNAUTHORIZED, assert_error, request, statements
from server_process import ServerProcess

HELLO_EXTRA = {"user_agent": "nornicdb-tests/1.0", "bolt_agent": {"product": "nornicdb-tests/1.0"}}
COMMIT_PATH = f"/db/{DATABASE}/tx/commit"
# Any public key works for the HS/RS confusion: the attacker uses its PEM text as the HMAC key.
PUBLIC_KEY_PEM = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9\n"
    "q9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==\n"
    "-----END PUBLIC KEY-----\n"
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_text(**changes: object) -> str:
    """Return a claims set valid now as JSON text, with `changes` applied (None removes a claim)."""
    now = int(time.time())
    claims: dict[str, object] = {"sub": "attacker", "roles": ["admin"], "iat": now, "exp": now + 300}
    for name, value in changes.items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    return json.dumps(claims, separators=(",", ":"))


def sign(signing_input: str, key: bytes | None = None) -> str:
    return b64url(hmac.new(key or JWT_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest())


def forge(header: str = '{"alg":"HS256","typ":"JWT"}', payload: str | None = None, key: bytes | None = None) -> str:
    """Return a compact token of raw JSON texts, signed with HS256 under `key` or else the server's secret."""
    signing_input = b64url(header.encode()) + "." + b64url((payload or claims_text()).encode())
    return signing_input + "." + sign(signing_input, key)


def resigned(header_part: str, payload_part: str) -> str:
    """Return the encoded parts as given, with a valid signature over exactly those bytes."""
    signing_input = header_part + "." + payload_part
    return signing_input + "." + sign(signing_input)


def with_trailing_bits(part: str) -> str:
    """Return `part` with the unused low bits of its last character set, so it decodes to the same bytes."""
    assert len(part) % 4 in (2, 3), part
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    unused = 0b1111 if len(part) % 4 == 2 else 0b11
    value = alphabet.index(part[-1])
    return part[:-1] + alphabet[value | unused]


def standard_alphabet(part: str) -> str:
    return part.replace("-", "+").replace("_", "/")


def attacks() -> Iterator[tuple[str, str]]:
    """Yield (id, token) for every attack class. The server must reject each token as Unauthorized."""
    valid = forge()
    header, payload, signature = valid.split(".")
    for alg in ["none", "None", "NONE", "nOnE"]:
        none_header = json.dumps({"alg": alg, "typ": "JWT"})
        yield f"alg-{alg}-unsigned", b64url(none_header.encode()) + "." + payload + "."
        yield f"alg-{alg}-signed", forge(none_header)
    for alg in ["RS256", "ES256", "PS256"]:
        yield f"alg-{alg}-hmac", forge(json.dumps({"alg": alg}))
        yield f"alg-{alg}-random", forge(json.dumps({"alg": alg}))[: -len(signature)] + b64url(b"\x01" * 256)
    yield "hs256-public-key-secret", forge(key=PUBLIC_KEY_PEM.encode())
    yield "hs256-public-key-der-secret", forge(key=base64.b64decode("".join(PUBLIC_KEY_PEM.splitlines()[1:-1])))
    yield "kid-not-string", forge('{"alg":"HS256","kid":7}')
    yield (
        "jwk-embedded-key",
        forge(
            '{"alg":"HS256","jwk":{"kty":"oct","k":"' + b64url(b"attacker-key-attacker-key-attacker-key") + '"}}',
            key=b"attacker-key-attacker-key-attacker-key",
        ),
    )
    yield "x5c-chain", forge('{"alg":"HS256","x5c":["MIIBszCCAVmgAwIBAgIUQ"]}')
    yield "crit-unknown", forge('{"alg":"HS256","crit":["urn:example:unknown"],"urn:example:unknown":true}')
    yield "crit-unknown-absent", forge('{"alg":"HS256","crit":["x-nornicdb"]}')
    yield "crit-registered", forge('{"alg":"HS256","crit":["exp"]}')
    yield "crit-empty", forge('{"alg":"HS256","crit":[]}')
    yield "crit-b64", forge('{"alg":"HS256","crit":["b64"],"b64":false}')
    for index, name in enumerate(["header", "payload", "signature"]):
        parts = [header, payload, signature]
        parts[index] += "=" * ((4 - len(parts[index]) % 4) % 4 or 1)
        yield f"padded-{name}", (".".join(parts) if index == 2 else resigned(parts[0], parts[1]))
    # Parts whose base64url uses `-` or `_`, sent with `+` and `/` instead and signed as sent.
    odd_payload = next(part for n in range(1000) if set("-_") & set(part := b64url(claims_text(x="?" * n).encode())))
    yield "standard-alphabet-payload", resigned(header, standard_alphabet(odd_payload))
    odd = next(token for n in range(1000) if set("-_") & set((token := forge(payload=claims_text(n=n)))[-43:]))
    odd_header, odd_body, odd_signature = odd.split(".")
    yield "standard-alphabet-signature", f"{odd_header}.{odd_body}.{standard_alphabet(odd_signature)}"
    # A header and payload whose lengths are not multiples of 3, so their last characters have unused bits.
    short_header = b64url(b'{"alg":"HS256" }')
    short_payload = b64url((claims_text() + (" " if len(claims_text()) % 3 == 0 else "")).encode())
    yield "trailing-bits-header", resigned(with_trailing_bits(short_header), payload)
    yield "trailing-bits-payload", resigned(header, with_trailing_bits(short_payload))
    yield "trailing-bits-signature", f"{header}.{payload}.{with_trailing_bits(signature)}"
    for name, space in [("space", " "), ("tab", "\t"), ("newline", "\n"), ("crlf", "\r\n")]:
        yield f"whitespace-{name}-in-payload", resigned(header, payload[:8] + space + payload[8:])
    for claim in ["exp", "nbf", "iat"]:
        for kind, value in [
            ("string", '"9999999999"'),
            ("float-huge", "1e308"),
            ("overflow", "1e400"),
            ("big-integer", "99999999999999999999999"),
            ("negative", "-1"),
            ("true", "true"),
            ("false", "false"),
            ("null", "null"),
            ("array", "[1]"),
        ]:
            base = json.loads(claims_text())
            base.pop(claim, None)
            text = json.dumps(base, separators=(",", ":"))[:-1] + f',"{claim}":{value}}}'
            yield f"{claim}-{kind}", forge(payload=text)
    yield "duplicate-header-alg", forge('{"alg":"none","alg":"HS256"}')
    yield "duplicate-header-escaped", forge('{"alg":"HS256","\\u0061lg":"HS256"}')
    yield "duplicate-payload-sub", forge(payload=claims_text()[:-1] + ',"sub":"admin"}')
    yield "duplicate-payload-roles", forge(payload='{"roles":[],' + claims_text()[1:])
    for name, text in [("array", "[]"), ("string", '"HS256"'), ("number", "42"), ("null", "null"), ("bad", "{")]:
        yield f"header-{name}", forge(text)
        yield f"payload-{name}", forge(payload=text)
    yield "fourth-segment", valid + "." + signature
    yield "fourth-segment-empty", valid + "."
    yield "empty-signature", f"{header}.{payload}."


ATTACKS = list(attacks())
IDS = [name for name, _ in ATTACKS]
TOKENS = [token for _, token in ATTACKS]


def bolt_login(server: ServerProcess, auth: dict[str, object]) -> list:
    """Send HELLO and LOGON on a raw Bolt 5.4 connection and return the replies.

    After a FAILURE, the messages that follow until the server closes the connection are included.
    """
    with BoltSocket(server.address, server.bolt_port, timeout=15.0) as connection:
        assert connection.handshake(version_slot(5, 4, 3))[0] == 5
        connection.pipeline((HELLO, HELLO_EXTRA), (LOGON, auth))
        try:
            messages = [connection.receive(), connection.receive()]
        except ConnectionClosed:
            return []
        if messages[1].tag == FAILURE:
            messages += connection.receive_until_closed()
        return messages


def assert_bolt_accepted(server: ServerProcess, auth: dict[str, object]) -> None:
    messages = bolt_login(server, auth)
    assert [message.tag for message in messages] == [SUCCESS, SUCCESS], describe(messages)


def assert_bolt_unauthorized(server: ServerProcess, auth: dict[str, object]) -> None:
    messages = bolt_login(server, auth)
    assert [message.tag for message in messages] == [SUCCESS, FAILURE], describe(messages)
    assert failure_code(messages[1]) == UNAUTHORIZED, describe(messages)


def assert_still_serves(server: ServerProcess) -> None:
    token = mint_token("jwtattackcheck", ["viewer"])
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    response = request(server, "POST", COMMIT_PATH, statements("RETURN 1 AS one"), auth=token)
    assert response.status == 200, response.describe()
    assert response.error_codes == [], response.describe()


@pytest.fixture(scope="module")
def server(module_server_factory: ServerFactory) -> ServerProcess:
    """The module's server. It receives hundreds of rejected tokens from one address, so the
    per-address failure budget, which has tests of its own, is off here."""
    return module_server_factory.standard({"NORNICDB_MAX_FAILED_LOGINS_PER_ADDRESS": "0"})


@pytest.fixture(scope="module", autouse=True)
def keeps_serving(server: ServerProcess) -> Iterator[None]:
    """Every attack runs against one server, which must still serve valid tokens at the end."""
    yield
    assert_still_serves(server)


def test_forged_token_shape_is_accepted(server: ServerProcess) -> None:
    # The forging helpers themselves produce a token the server accepts, so each rejection
    # below comes from the attack alone.
    token = forge(payload=claims_text(sub="jwtforger", roles=["viewer"]))
    for auth in (
        {"scheme": "bearer", "credentials": token},
        {"scheme": "basic", "principal": "", "credentials": token},
    ):
        assert_bolt_accepted(server, auth)
    response = request(server, "POST", COMMIT_PATH, statements("RETURN 1 AS one"), auth=token)
    assert response.status == 200, response.describe()
    assert response.error_codes == [], response.describe()


@pytest.mark.parametrize("token", TOKENS, ids=IDS)
def test_bolt_bearer_rejected(server: ServerProcess, token: str) -> None:
    assert_bolt_unauthorized(server, {"scheme": "bearer", "credentials": token})


@pytest.mark.parametrize("token", TOKENS, ids=IDS)
def test_bolt_basic_empty_principal_rejected(server: ServerProcess, token: str) -> None:
    assert_bolt_unauthorized(server, {"scheme": "basic", "principal": "", "credentials": token})


@pytest.mark.parametrize("token", TOKENS, ids=IDS)
def test_http_bearer_rejected(server: ServerProcess, token: str) -> None:
    if any(character in token for character in " \t\r\n"):
        # Whitespace inside the credentials makes the header itself malformed, because RFC 6750's
        # b64token has none. The header is rejected before the token is read, and the basic
        # scheme test below still carries such a token to the verifier.
        response = request(server, "POST", COMMIT_PATH, statements("RETURN 1"), headers=raw_bearer(token))
        assert_error(response, 400, "Neo.ClientError.Request.InvalidFormat")
        return
    response = request(server, "POST", COMMIT_PATH, statements("RETURN 1"), auth=token)
    assert_error(response, 401, UNAUTHORIZED)


@pytest.mark.parametrize("token", TOKENS, ids=IDS)
def test_http_basic_empty_principal_rejected(server: ServerProcess, token: str) -> None:
    response = request(server, "POST", COMMIT_PATH, statements("RETURN 1"), auth=("", token))
    assert_error(response, 401, UNAUTHORIZED)


def raw_bearer(token: str) -> dict[str, str]:
    # http.client refuses CR and LF in header values, so those tokens are sent with spaces.
    return {"Authorization": "Bearer " + token.replace("\r", " ").replace("\n", " ")}


def test_kid_is_ignored(server: ServerProcess) -> None:
    # `kid` never selects a key: with the server's secret the token works whatever it names,
    # and with any other key it fails whatever it names.
    payload = claims_text(sub="jwtkid", roles=["viewer"])
    for kid in ["../../dev/null", "/dev/null", "' OR '1'='1", "current"]:
        header = json.dumps({"alg": "HS256", "kid": kid})
        good = forge(header, payload)
        assert_bolt_accepted(server, {"scheme": "bearer", "credentials": good})
        response = request(server, "POST", COMMIT_PATH, statements("RETURN 1"), auth=good)
        assert response.status == 200, response.describe()
        assert response.error_codes == [], response.describe()
        for key in [b"\x00", b"attacker-controlled-key-attacker-controlled"]:
            forged = forge(header, payload, key=key)
            assert_bolt_unauthorized(server, {"scheme": "bearer", "credentials": forged})
            assert_error(request(server, "POST", COMMIT_PATH, statements("RETURN 1"), auth=forged), 401, UNAUTHORIZED)


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Record the path of every GET and return a JSON Web Key Set with the attacker's key."""

    requests: list[str] = []
    key = b"attacker-key-attacker-key-attacker-key"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        RecordingHandler.requests.append(self.path)
        body = json.dumps({"keys": [{"kty": "oct", "kid": "k", "k": b64url(self.key)}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the signature http.server uses
        pass


@pytest.fixture
def key_server() -> Iterator[str]:
    """Run a loopback HTTP server that offers the attacker's key set, and yield its base URL."""
    RecordingHandler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("member", ["jku", "x5u"])
def test_key_urls_rejected_and_never_fetched(server: ServerProcess, key_server: str, member: str) -> None:
    url = f"{key_server}/keys.json"
    header = json.dumps({"alg": "HS256", "kid": "k", member: url})
    for key in [RecordingHandler.key, JWT_SECRET.encode()]:
        token = forge(header, key=key)
        assert_bolt_unauthorized(server, {"scheme": "bearer", "credentials": token})
        assert_bolt_unauthorized(server, {"scheme": "basic", "principal": "", "credentials": token})
        assert_error(request(server, "POST", COMMIT_PATH, statements("RETURN 1"), auth=token), 401, UNAUTHORIZED)
    assert RecordingHandler.requests == []


@pytest.mark.parametrize("size", [1 << 20, 4 << 20])
def test_huge_token_over_bolt_rejected(server: ServerProcess, size: int) -> None:
    # A token of megabytes that looks like a JWT: the length check rejects it before any
    # base64 or JSON decoding, so the rejection is quick.
    header, payload, signature = forge().split(".")
    token = f"{header}.{payload}{'A' * size}.{signature}"
    started = time.monotonic()
    assert_bolt_unauthorized(server, {"scheme": "bearer", "credentials": token})
    assert_bolt_unauthorized(server, {"scheme": "basic", "principal": "", "credentials": token})
    assert time.monotonic() - started < 10


def send_huge_header(server: ServerProcess, token: str) -> str | None:
    """Send a request with `token` in its Bearer header on a raw socket and return the status line.

    Returns None when the server closed the connection before a response could be read.
    """
    head = (
        f"POST {COMMIT_PATH} HTTP/1.1\r\nHost: {server.address}:{server.http_port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: 0\r\n\r\n"
    ).encode()
    with socket.create_connection((server.address, server.http_port), timeout=10) as connection:
        try:
            for start in range(0, len(head), 1 << 16):
                connection.sendall(head[start : start + (1 << 16)])
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            answer = connection.recv(4096)
        except ConnectionResetError:
            return None
    return answer.split(b"\r\n", 1)[0].decode() if answer else None


def test_huge_token_over_http_rejected(server: ServerProcess) -> None:
    # Each layer bounds the header before the next one reads it: the verifier takes at most
    # 16 KiB (401), the header decoder at most 32 KiB (400), and libmicrohttpd's connection
    # memory rejects a header of megabytes with 431 before the Swift code reads it. It may close
    # the connection while the client is still sending, and then the 431 can be lost.
    header, payload, signature = forge().split(".")
    for padding, status, code in [
        (20 << 10, 401, UNAUTHORIZED),
        (40 << 10, 400, "Neo.ClientError.Request.InvalidFormat"),
    ]:
        token = f"{header}.{payload}{'A' * padding}.{signature}"
        response = request(server, "POST", COMMIT_PATH, statements("RETURN 1"), auth=token)
        assert_error(response, status, code)
    for size in [1 << 20, 4 << 20]:
        status_line = send_huge_header(server, f"{header}.{payload}{'A' * size}.{signature}")
        assert status_line is None or status_line.startswith("HTTP/1.1 431"), status_line
    assert_still_serves(server)
