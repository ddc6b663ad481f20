"""CONVENTIONS.md: no function-local imports outside tests (an import inside a function to dodge a cycle means the
design is wrong, and the import-linter contract cannot see it)."""

import ast
from pathlib import Path

import pytest

BASIS = Path(__file__).resolve().parent.parent
# The modules checked here; more join as they are cleaned up.
MODULES = ["werkzoekenden/services.py"]


def lokale_imports(pad):
    boom = ast.parse(pad.read_text(), filename=str(pad))
    gevonden = []
    for functie in ast.walk(boom):
        if isinstance(functie, (ast.FunctionDef, ast.AsyncFunctionDef)):
            gevonden += [f"{pad.relative_to(BASIS)}:{knoop.lineno} in {functie.name}" for knoop in ast.walk(functie)
                         if isinstance(knoop, (ast.Import, ast.ImportFrom))]
    return gevonden


@pytest.mark.parametrize("module", MODULES)
def test_no_function_local_imports(module):
    """Before: ``cv_opslaan`` imported ``os`` inside the function."""
    assert lokale_imports(BASIS / module) == []
