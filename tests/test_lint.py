"""The code meets its own style rules: ruff (lint and format) and strict mypy on helpers/."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import config

TOOLS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", "helpers", "tests", "bench", "scripts"],
    "ruff format": [
        sys.executable,
        "-m",
        "ruff",
        "format",
        "--check",
        "helpers",
        "tests",
        "bench",
        "scripts",
    ],
    "mypy": [sys.executable, "-m", "mypy"],
}


@pytest.mark.parametrize("tool", list(TOOLS))
def test_clean(tool):
    done = subprocess.run(TOOLS[tool], cwd=config.ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
