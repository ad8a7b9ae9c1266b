"""The PostgreSQL password stays out of start-up output when the storage URL fails.

Each case starts `nornicdb serve` in cluster mode with a URL whose password is a marker, against
a port nothing listens on or with a malformed URL, and checks that the server exits and that
neither its output nor the security log contains the marker.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from server_process import binary_path, clean_environment, free_port

MARKER = "Pw0rdMarker"


def run_serve(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = clean_environment()
    full_env.update(
        {
            "NORNICDB_DATA_DIR": str(tmp_path / "data"),
            "NORNICDB_ADDRESS": "127.0.0.1",
            "NORNICDB_BOLT_PORT": str(free_port()),
            "NORNICDB_HTTP_PORT": str(free_port()),
            "NORNICDB_CLUSTER_NODE_ID": "node-1",
            "NORNICDB_AUTH": "admin:admin-password-1",
        }
    )
    full_env.update(env)
    return subprocess.run(
        [str(binary_path()), "serve"],
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def urls() -> dict[str, str]:
    port = free_port()
    return {
        "unreachable": f"postgres://graph:{MARKER}@127.0.0.1:{port}/d?connect_timeout=2",
        "ssl-key-password": f"postgres://graph@127.0.0.1:{port}/d?sslpassword={MARKER}&connect_timeout=2",
        "raw-slash": f"postgres://graph:{MARKER[:5]}/{MARKER[5:]}@127.0.0.1:{port}/d",
        "raw-question-mark": f"postgres://graph:{MARKER[:5]}?{MARKER[5:]}@127.0.0.1:{port}/d",
        "bad-port": f"postgres://graph:{MARKER}@127.0.0.1:99999/d",
    }


@pytest.mark.parametrize("case", list(urls()))
@pytest.mark.parametrize("form", ["variable", "file"])
def test_failed_storage_url_hides_password(tmp_path: Path, case: str, form: str) -> None:
    url = urls()[case]
    if form == "file":
        path = tmp_path / "storage-url"
        path.write_text(url + "\n", encoding="utf-8")
        path.chmod(0o600)
        env = {"NORNICDB_STORAGE_URL_FILE": str(path)}
    else:
        env = {"NORNICDB_STORAGE_URL": url}
    result = run_serve(tmp_path, env)
    assert result.returncode != 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    for part in (MARKER, MARKER[:5], MARKER[5:]):
        assert part not in output, output[-2000:]
    for log in (tmp_path / "data").rglob("*.log"):
        assert MARKER[5:] not in log.read_text(errors="replace"), log
