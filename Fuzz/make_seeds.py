"""Write the seed corpus in Fuzz/corpus: one small file per seed, named after what it holds.

Run from the repository root with `python3 Fuzz/make_seeds.py`. Bolt bytes come from the
integration tests' encoder, laid out as the Python driver sends them. The first byte of a
PackStream, Bolt or JWT seed selects the fuzzer's mode; see each target's main.swift.
"""

import base64
import hashlib
import hmac
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "tests" / "integration"))

from bolt_wire import Structure, encode_message, pack  # noqa: E402

# The JWT fuzzer signs odd-mode inputs itself; these raw tokens use its secret so that some
# even-mode seeds carry a valid signature too.
JWT_SECRET = b"fuzzing-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP"

HANDSHAKE = bytes.fromhex("6060B017 000001FF 00080805 00020404 00000003".replace(" ", ""))
USER_AGENT = {
    "user_agent": "neo4j-python/5.28.8 Python/3.12.0-final-0 (linux)",
    "bolt_agent": {
        "product": "neo4j-python/5.28.8",
        "platform": "Linux 6.1.0; x86_64",
        "language": "Python/3.12.0-final-0",
        "language_details": "CPython",
    },
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(header: dict, claims: dict) -> str:
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(JWT_SECRET, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def seeds() -> dict[str, dict[str, bytes]]:
    hello = encode_message(0x01, USER_AGENT | {"routing": None})
    logon = encode_message(0x6A, {"scheme": "basic", "principal": "neo4j", "credentials": "password"})
    bearer = encode_message(0x6A, {"scheme": "bearer", "credentials": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"})
    run = encode_message(0x10, "MATCH (n:Person) WHERE n.name = $name RETURN n", {"name": "Al"}, {"db": "neo4j"})
    pull = encode_message(0x3F, {"n": 1000})
    begin = encode_message(0x11, {"db": "neo4j", "mode": "r", "tx_metadata": {"app": "x"}, "bookmarks": ["b:1"]})
    route = encode_message(0x66, {"address": "localhost:7687"}, [], {"db": "neo4j"})
    hello44 = encode_message(0x01, USER_AGENT | {"scheme": "basic", "principal": "neo4j", "credentials": "pw"})
    message_seeds = {
        "session-5.8": bytes([0xF0]) + hello + logon + run + pull + encode_message(0x0F) + encode_message(0x02),
        "bearer-5.8": bytes([0x00]) + hello + bearer,
        "transaction-5.4": bytes([0x14]) + begin + run + pull + encode_message(0x12) + encode_message(0x13),
        "route-telemetry-5.8": bytes([0x20]) + route + encode_message(0x54, 0) + encode_message(0x6B),
        "hello-4.4": bytes([0x31]) + hello44 + encode_message(0x2F, {"n": -1, "qid": -1}),
        "huge-chunk-header": bytes([0x00]) + b"\xff\xff" + b"\xb1\x01\xa0",
    }
    value = {
        "int": [0, -1, 127, -17, 128, 32767, 2**31, -(2**63)],
        "float": 1.5,
        "bool": True,
        "none": None,
        "text": "snö",
        "bytes": b"\x00\x01",
        "nested": {"list": [[1], {"a": "b"}]},
    }
    packstream_seeds = {
        "map": bytes([0x00]) + pack(value),
        "date-time": bytes([0x00]) + pack(Structure(0x49, [1_700_000_000, 5, "Europe/Stockholm"])),
        "date-time-offset": bytes([0x00]) + pack(Structure(0x49, [1_700_000_000, 0, 3600])),
        "legacy-date-time": bytes([0x01]) + pack(Structure(0x46, [1_700_000_000, 0, 3600])),
        "point": bytes([0x00]) + pack([Structure(0x58, [4326, 1.0, 2.0]), Structure(0x59, [7203, 1.0, 2.0, 3.0])]),
        "temporal": bytes([0x00])
        + pack(
            [
                Structure(0x44, [19000]),
                Structure(0x54, [1, 60]),
                Structure(0x74, [1]),
                Structure(0x45, [1, 2, 3, 4]),
                Structure(0x64, [1_700_000_000, 0]),
            ]
        ),
        "node": bytes([0x04]) + pack(Structure(0x4E, [1, ["Person"], {"name": "Al"}, "4:x:1"])),
    }
    handshake_seeds = {
        "driver-5.28": bytes([0x04]) + HANDSHAKE,
        "driver-manifest-reply": bytes([0xFC]) + HANDSHAKE + bytes.fromhex("00000805") + b"\x00" + hello,
        "legacy": bytes([0x00]) + bytes.fromhex("6060B017 00000404 00000000 00000000 00000000".replace(" ", "")),
        "http": bytes([0x04]) + b"GET / HTTP/1.1\r\n\r\n",
    }
    now = 1_800_000_000
    claims = {"sub": "alice", "roles": ["admin"], "iat": now - 10, "exp": now + 3600, "jti": "t1"}
    jwt_seeds = {
        "valid": b"\x00" + token({"alg": "HS256", "typ": "JWT"}, claims).encode(),
        "none": b"\x00" + (b64url(b'{"alg":"none"}') + "." + b64url(json.dumps(claims).encode()) + ".").encode(),
        "kid": b"\x00" + token({"alg": "HS256", "kid": "k1"}, claims).encode(),
        "signed-claims": b"\x01"
        + json.dumps({"alg": "HS256", "typ": "JWT"}).encode()
        + b"\x00"
        + json.dumps(claims | {"aud": ["x"], "nbf": now - 5, "iss": "nornicdb"}).encode(),
        "signed-cluster": b"\x03"
        + b'{"alg":"HS256"}\x00'
        + json.dumps({"sub": "node-2", "roles": ["admin"], "node_id": "node-2", "issuer_node": "n1"}).encode(),
        "signed-times": b"\x01" + b'{"alg":"HS256"}\x00{"sub":"a","exp":1.5e9,"nbf":"1","iat":1e400}',
    }
    body = b'{"statements": [{"statement": "RETURN $x AS x", "parameters": {"x": [1, 2.5, "\\u00e9"]}}]}'
    http_seeds = {
        "commit": b"POST /db/nornic/tx/commit HTTP/1.1\r\nHost: localhost:7474\r\nAuthorization: Basic "
        + base64.b64encode(b"admin:password")
        + b"\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body,
        "bearer": b"POST /api/v1/auth/cluster-token HTTP/1.1\r\nHost: [::1]:7474\r\nAuthorization: Bearer "
        + token({"alg": "HS256"}, claims).encode()
        + b"\r\nContent-Type: application/json; charset=utf-8\r\nOrigin: http://[::1]:7474\r\n\r\n"
        + b'{"node_id": "node-2", "role": "admin", "expires_in": "168h"}',
        "percent-path": b"GET http://127.0.0.1:7474/api/v1/users/b%C3%B6b?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "smuggling": b"POST /db/x/tx HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
        + b"Host: a\r\nHost: b\r\n\r\n{}",
        "form": b"POST /db/x/tx HTTP/1.1\r\nContent-Type: text/plain\r\nOrigin: http://evil.example\r\n\r\na=b",
    }
    cypher_seeds = {
        "match": "MATCH (a:Person)-[:KNOWS*1..3]->(b) WHERE a.name = $name RETURN b.name AS friend ORDER BY friend",
        "create": "CREATE (:Person {name: 'Al', age: 42})-[:KNOWS {since: 2020}]->(:Person {name: 'Bo'})",
        "merge": "MERGE (p:Person {name: $n}) ON CREATE SET p.created = timestamp() ON MATCH SET p += $props",
        "with": "UNWIND range(1, 10) AS i WITH i WHERE i % 2 = 0 RETURN collect(i) AS evens, count(*) AS n",
        "comprehension": "RETURN [x IN [1, 2, 3] WHERE x > 1 | x * 2], {a: 1, b: [true, null, 1.5e3]}",
        "case": "MATCH (n) RETURN CASE WHEN n.a IS NULL THEN 'none' ELSE toString(n.a) END, n.b STARTS WITH 'x'",
        "optional": "OPTIONAL MATCH (n)-[r]-() DELETE r DETACH DELETE n",
        "call": "CALL db.labels() YIELD label RETURN label UNION ALL RETURN 'x' AS label",
        "subquery": "MATCH (n) CALL { WITH n MATCH (n)--(m) RETURN count(m) AS c } RETURN n, c",
        "users": "CREATE USER bob SET PASSWORD 'pw' CHANGE NOT REQUIRED",
        "grant": "GRANT ROLE viewer TO bob",
        "show": "SHOW USERS YIELD user, roles WHERE user = 'bob'",
        "index": "CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name)",
        "strings": "RETURN 'it\\'s', \"q\\u00e9\", `odd name`, 0x1F, 0o17, -9223372036854775808 // comment",
        "foreach": "MATCH p = (a)-->(b) FOREACH (n IN nodes(p) | SET n.seen = true) REMOVE a:Old",
    }
    return {
        "bolt-message": message_seeds,
        "packstream": packstream_seeds,
        "bolt-handshake": handshake_seeds,
        "jwt": jwt_seeds,
        "http": http_seeds,
        "cypher": {name: text.encode() for name, text in cypher_seeds.items()},
    }


def main() -> None:
    for target, files in seeds().items():
        directory = ROOT / "corpus" / target
        directory.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (directory / name).write_bytes(data)


if __name__ == "__main__":
    main()
