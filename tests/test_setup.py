"""Set-up files agree with each other: environment.yml lists what pyproject.toml installs."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers import config


def _spec(line: str) -> tuple[str, str]:
    line = line.split("#")[0].strip()
    name = re.split(r"[<>=!~ \[]", line, maxsplit=1)[0]
    return name.lower().replace("_", "-"), line[len(name) :].replace(" ", "")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((config.ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(
        _spec(d) for d in project["dependencies"] + project["optional-dependencies"]["test"]
    )
    env = yaml.safe_load((config.ROOT / "environment.yml").read_text())
    listed: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e"):
                continue
            name, spec = _spec(item)
            if name not in ("python", "pip"):
                listed[name] = spec
    assert listed == wanted


def test_ci_runs_the_readme_test_command():
    ci = (config.ROOT / ".ci" / "run").read_text()
    readme = (config.ROOT / "README.md").read_text()
    assert "make test" in ci
    assert "make demo" in readme and "make test" in readme
    first_section = readme.split("\n## ")[1]  # the commands come first
    assert "make demo" in first_section and "make test" in first_section
