"""A small client for the server's HTTP API: Python's `http.client`, and the real `curl` binary.

`request` opens one connection per call; `Client` keeps one keep-alive connection for several
calls. `curl` runs a documented command line unchanged except for the address it connects to.
Authentication is given as `None` (no header), a `(user, password)` pair (Basic) or a string
(a Bearer token).
"""

from __future__ import annotations

import base64
import http.client
import json
import shlex
import string
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.parser import Parser
from pathlib import Path

from harness import ADMIN_PASSWORD, ADMIN_USER
from server_process import ServerProcess, port_accepts

# The database every server of the suite creates by default.
DATABASE = "nornic"
# Seconds to wait for the HTTP port after the Bolt port accepts; the two listeners start one
# after the other.
HTTP_START_TIMEOUT = 10.0
UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
FORBIDDEN = "Neo.ClientError.Security.Forbidden"
INVALID_FORMAT = "Neo.ClientError.Request.InvalidFormat"
TRANSACTION_NOT_FOUND = "Neo.ClientError.Transaction.TransactionNotFound"

Auth = tuple[str, str] | str | None
# Servers (by process id) whose HTTP port has accepted a connection once.
_ready_processes: set[int] = set()


@dataclass
class Response:
    """One HTTP response; unpacks as `(status, headers, json)`."""

    status: int
    headers: Message
    json: object
    text: str

    def __iter__(self) -> Iterator[object]:
        return iter((self.status, self.headers, self.json))

    @property
    def error_codes(self) -> list[str]:
        """The `code` of each member of the body's `errors` list."""
        if not isinstance(self.json, dict):
            return []
        return [error.get("code") for error in self.json.get("errors", [])]

    def describe(self) -> str:
        return f"HTTP {self.status}: {self.text[:500]}"


def authorization(auth: Auth) -> str | None:
    """Return the `Authorization` header value for `auth`."""
    if auth is None:
        return None
    if isinstance(auth, tuple):
        user, password = auth
        encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
        return f"Basic {encoded}"
    return f"Bearer {auth}"


def wait_for_http(server: ServerProcess, timeout: float = HTTP_START_TIMEOUT) -> None:
    """Wait until the server's HTTP port accepts connections, once per server process."""
    process = server.process
    if process is None or process.pid in _ready_processes:
        return
    deadline = time.monotonic() + timeout
    while not port_accepts(server.address, server.http_port):
        if time.monotonic() >= deadline or process.poll() is not None:
            raise AssertionError(f"HTTP port {server.http_port} did not accept within {timeout} s\n{server.log_tail()}")
        time.sleep(0.05)
    _ready_processes.add(process.pid)


def encode_body(body: object, headers: dict[str, str]) -> bytes | None:
    """Encode `body`: bytes and text as given, anything else as JSON with its content type."""
    if body is None:
        return None
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    headers.setdefault("Content-Type", "application/json")
    return json.dumps(body).encode()


def read_response(raw: http.client.HTTPResponse) -> Response:
    data = raw.read()
    text = data.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text) if text.strip() else None
    except ValueError:
        parsed = None
    return Response(raw.status, raw.headers, parsed, text)


class Client:
    """One keep-alive HTTP/1.1 connection to a server, reused by every `request`."""

    def __init__(self, server: ServerProcess, auth: Auth = None, timeout: float = 10.0) -> None:
        wait_for_http(server)
        self.server = server
        self.auth = auth
        self.connection = http.client.HTTPConnection(server.address, server.http_port, timeout=timeout)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def local_port(self) -> int | None:
        """The client-side port of the open connection, or None when it is closed."""
        sock = self.connection.sock
        return sock.getsockname()[1] if sock is not None else None

    def request(
        self,
        method: str,
        path: str,
        body: object = None,
        auth: Auth | bool = True,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """Send one request; `auth=True` uses the client's own credentials."""
        all_headers = dict(headers or {})
        value = authorization(self.auth if auth is True else auth)  # type: ignore[arg-type]
        if value is not None:
            all_headers.setdefault("Authorization", value)
        payload = encode_body(body, all_headers)
        self.connection.request(method, path, body=payload, headers=all_headers)
        return read_response(self.connection.getresponse())


def request(
    server: ServerProcess,
    method: str,
    path: str,
    body: object = None,
    auth: Auth = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Response:
    """Send one request on a new connection and return the response."""
    with Client(server, auth, timeout=timeout) as client:
        return client.request(method, path, body, headers=headers)


def curl(server: ServerProcess, command: str, **variables: str) -> Response:
    """Run a documented `curl` command line against `server` and return the response.

    `$NAME` in the command is replaced by `variables["NAME"]`, as the shell would expand it.
    The command's URL keeps `localhost:7474`, and `--connect-to` sends the connection to the
    server's own address and port. The request line and `Host` header stay the documented ones.
    """
    wait_for_http(server)
    arguments = [string.Template(part).substitute(variables) for part in shlex.split(command)]
    assert arguments[0] == "curl", command
    with tempfile.TemporaryDirectory(prefix="nornicdb-curl-") as folder:
        header_file = Path(folder) / "headers"
        result = subprocess.run(
            [
                "curl",
                "--silent",
                "--show-error",
                "--max-time",
                "10",
                "--connect-to",
                f"localhost:7474:{server.address}:{server.http_port}",
                "--dump-header",
                str(header_file),
                "--write-out",
                "\n%{http_code}",
                *arguments[1:],
            ],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        assert result.returncode == 0, f"curl exited with {result.returncode}: {result.stderr}"
        header_text = header_file.read_bytes().decode("iso-8859-1")
    body, _, status = result.stdout.rpartition("\n")
    # The header block follows the status line; a 100 Continue block would come first.
    headers = Parser().parsestr(header_text.split("\r\n\r\n")[-2].split("\r\n", 1)[-1], headersonly=True)
    try:
        parsed = json.loads(body) if body.strip() else None
    except ValueError:
        parsed = None
    return Response(int(status), headers, parsed, body)


def statements(*items: str | tuple[str, dict[str, object]] | dict[str, object]) -> dict[str, object]:
    """Build a transactional request body from statement texts, (text, parameters) pairs or dicts."""
    built = []
    for item in items:
        if isinstance(item, str):
            built.append({"statement": item})
        elif isinstance(item, tuple):
            built.append({"statement": item[0], "parameters": item[1]})
        else:
            built.append(item)
    return {"statements": built}


def commit(server: ServerProcess, auth: Auth, *items: str | tuple | dict, database: str = DATABASE) -> Response:
    """Run statements with `POST /db/{database}/tx/commit`."""
    return request(server, "POST", f"/db/{database}/tx/commit", statements(*items), auth=auth)


def login_token(server: ServerProcess, user: str, password: str) -> str:
    """Return a login token from `POST /api/v1/auth/token` for a local account."""
    response = request(server, "POST", "/api/v1/auth/token", {"username": user, "password": password})
    assert response.status == 200, response.describe()
    return response.json["access_token"]  # type: ignore[index]


def admin_token(server: ServerProcess) -> str:
    return login_token(server, ADMIN_USER, ADMIN_PASSWORD)


def cluster_token(server: ServerProcess, auth: Auth, node_id: str, role: str, **extra: object) -> dict[str, object]:
    """Return the body of `POST /api/v1/auth/cluster-token` for `node_id` acting as `role`."""
    body = {"node_id": node_id, "role": role, **extra}
    response = request(server, "POST", "/api/v1/auth/cluster-token", body, auth=auth)
    assert response.status == 200, response.describe()
    return response.json  # type: ignore[return-value]


def assert_error(response: Response, status: int, code: str | None = None) -> None:
    """Check the status, Neo4j's error body and, for a 401, the `WWW-Authenticate` challenge."""
    assert response.status == status, response.describe()
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    assert isinstance(response.json, dict), response.describe()
    errors = response.json.get("errors")
    assert isinstance(errors, list) and errors, response.describe()
    assert all(isinstance(error.get("message"), str) for error in errors), response.describe()
    if code is not None:
        assert response.error_codes[0] == code, response.describe()
    if status == 401:
        challenge = response.headers.get("WWW-Authenticate", "")
        assert "Basic" in challenge, f"401 without a Basic challenge: {response.headers}"
        assert "Bearer" in challenge, f"401 without a Bearer challenge: {response.headers}"
