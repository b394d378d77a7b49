"""What a pip user gets: the Pythons it installs on, its licence, the output contract, no machine-local pins."""
import importlib
import os
import pathlib
import re
import shutil
import tomllib

import pytest

import rasd

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_supports_python_311_to_313():
    from packaging.specifiers import SpecifierSet
    supported = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert all(v in supported for v in ("3.11.0", "3.12.5", "3.13.0"))
    assert "3.10.9" not in supported


def test_the_html_cleaner_jus_text_needs_is_a_direct_dependency():
    names = {re.split(r"[=<>\[ ]", d)[0].lower().replace("-", "_") for d in PYPROJECT["project"]["dependencies"]}
    assert "lxml_html_clean" in names
    import lxml.html.clean  # noqa: F401 - importable in the installed environment


def test_every_dependency_is_pinned_and_no_pin_points_at_a_local_file():
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert "==" in requirement, requirement
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    assert "file://" not in constraints and " @ " not in constraints


def test_licence_file_matches_the_declared_licence():
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PYPROJECT["project"]["license"]["text"] == "MIT"


def test_the_output_contract_ships_with_the_package(shared):
    docs = pathlib.Path(rasd.__file__).parent / "docs"
    assert (docs / "output-contract.md").read_text("utf-8") == (shared / "eval" / "README.md").read_text("utf-8")
    assert (docs / "annotation-guide.md").read_text("utf-8") == (shared / "eval" / "GUIDE.md").read_text("utf-8")


def test_every_kind_of_file_the_pipeline_version_hashes_ships_in_the_wheel():
    """pipeline_version hashes the package's .py, .pyx and .tsv files: a wheel that left one kind out would key an
    installed Rasd's cache (and a Ray worker's check) otherwise than a checkout of the same code."""
    shipped = set(PYPROJECT["tool"]["setuptools"]["package-data"]["*"])
    assert {"*.pyx", "*.tsv"} <= shipped



COMPILED_MODULES = {"lexicon matches": "_match_loops", "tokenizer": "_token_split", "records' strings": "_records",
                    "reports' likeness": "_similarity"}  # bench.compiled_loops' names


@pytest.mark.parametrize("loops, module", COMPILED_MODULES.items())
def test_the_build_compiled_each_hot_loop_where_a_c_compiler_is_present(loops, module):
    """Where the package was built with a C compiler (CI's machines, a developer's), the compiled loops run; each
    is built from its .pyx as it is now (an edited .pyx runs only once rebuilt: `pip install -e .`)."""
    from rasd.bench import compiled_loops
    assert set(compiled_loops()) == set(COMPILED_MODULES)
    compiler = shutil.which(os.environ.get("CC", "cc"))
    assert compiled_loops()[loops] or compiler is None, f"a C compiler ({compiler}) is present, rasd.{module} not compiled"
    if compiled_loops()[loops]:
        built = importlib.import_module(f"rasd.{module}")
        source = ROOT / "rasd" / f"{module}.pyx"
        assert pathlib.Path(built.__file__).stat().st_mtime >= source.stat().st_mtime, \
            f"rasd/{module}.pyx changed since it was compiled: run pip install -e . again"
