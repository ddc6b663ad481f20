"""`make test` (and so CI) runs the tests of every app: an app's tests folder left out of pyproject's
``testpaths`` would never run, and nobody would notice."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_tests_folder_is_in_testpaths():
    testpaths = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"])
    # At any depth: a test file in klantreis/lib/tests once went unrun for a whole session.
    mappen = {str(p.parent.relative_to(ROOT)) for p in ROOT.glob("**/tests/test_*.py")
              if p.relative_to(ROOT).parts[0] not in (".venv", "node_modules", "var")}
    assert mappen - testpaths == set(), f"Niet in testpaths: {sorted(mappen - testpaths)}"
