"""Command-line checks of the openCypher TCK runner that need no server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNNER = REPO_ROOT / "tests" / "tck" / "run.py"
BASELINE = REPO_ROOT / "tests" / "tck" / "baseline.txt"


@pytest.mark.parametrize("flag", ["--update-baseline", "--check-baseline"])
def test_baseline_flags_reject_match(flag: str, tmp_path: Path) -> None:
    before = BASELINE.read_text(encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(RUNNER), "--features", str(tmp_path), "--match", "Match3", flag],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "--match" in completed.stderr
    assert BASELINE.read_text(encoding="utf-8") == before
