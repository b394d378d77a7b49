"""What a pip user gets: the Pythons it installs on, its licence, the output contract, no machine-local pins."""
import importlib
import os
import pathlib
import re
import shutil
import sys
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


def _venv_sh(tmp_path, command: str, path_dirs=(), python=None):
    """`command` run by bash after sourcing scripts/venv.sh, with `path_dirs` first on the PATH, PYTHON set to
    `python` where given, and its virtualenv already made (so that sourcing it makes none)."""
    import subprocess
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    (venv / "bin" / "python").write_text("#!/bin/sh\n")
    (venv / "bin" / "python").chmod(0o755)
    env = {"PATH": os.pathsep.join([*map(str, path_dirs), os.environ["PATH"]]), "VENV": str(venv)}
    if python:
        env["PYTHON"] = python
    return subprocess.run(["bash", "-c", f"source scripts/venv.sh && {command}"], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def _picked_python(tmp_path, path_dirs, python=None) -> str:
    """The interpreter scripts/venv.sh picks with `path_dirs` first on the PATH."""
    shown = _venv_sh(tmp_path, 'echo "$PYTHON"', path_dirs, python)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.strip()


def _script_says(tmp_path, check: str, python: str) -> bool:
    """Does scripts/venv.sh's own `check` (_rasd_usable, _rasd_has_headers) hold for `python`?"""
    return _venv_sh(tmp_path, f'{check} "{python}"', python=python).returncode == 0


def _shim(folder, name: str, env: str = ""):
    """An executable `name` in `folder` that runs this Python (with `env` before it)."""
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f'#!/bin/sh\n{env}exec "{sys.executable}" "$@"\n')
    (folder / name).chmod(0o755)
    return folder / name


def test_the_setup_prefers_the_distributions_python_to_one_first_on_the_path(tmp_path):
    """A version manager's shim first on the PATH (pyenv's default build ran Rasd 10-13 % slower) does not win over
    /usr/bin/python3.11 where that one can make a virtualenv and has its headers; where it cannot, the PATH's is
    taken."""
    shims = tmp_path / "shims"
    _shim(shims, "python3.11")
    distributions = "/usr/bin/python3.11"
    preferred = _script_says(tmp_path, "_rasd_usable", distributions) \
        and _script_says(tmp_path, "_rasd_has_headers", distributions)
    expected = distributions if preferred else "python3.11"
    assert _picked_python(tmp_path, [shims]) == expected
    assert _picked_python(tmp_path, [shims], python="python3.13") == "python3.13"  # a chosen one is kept


def test_the_setup_tells_a_python_with_its_c_headers_from_one_without(tmp_path):
    """Without Python.h (Debian's python3.X-dev) the hot loops cannot be compiled and run a fifth slower: the setup
    tells a Python with its headers from one without (and takes the first first)."""
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "sitecustomize.py").write_text(
        "import sysconfig\n_paths = sysconfig.get_paths\n"
        "sysconfig.get_paths = lambda *a, **k: {**_paths(*a, **k), 'include': '/nonexistent'}\n")
    shims = tmp_path / "shims"
    with_headers, without = _shim(shims, "with-headers"), _shim(shims, "without-headers", f"PYTHONPATH={hidden} ")

    def has_headers(python) -> bool:
        return _script_says(tmp_path, "_rasd_has_headers", str(python))

    assert has_headers(with_headers) and not has_headers(without)
