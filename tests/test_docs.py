"""The examples in helpers' docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import helpers

MODULES = [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failed == 0


def test_there_are_examples():
    finder = doctest.DocTestFinder()
    examples = sum(
        len(t.examples) for m in MODULES for t in finder.find(importlib.import_module(m))
    )
    assert examples >= 4
