"""Language knowledge lives in data (rasd/data/*.tsv), not in code: no module of rasd/ holds an Arabic string
literal, except the normalisation tables (rasd/normalize.py, rasd/encodings.py). Docstrings and comments may quote
Arabic examples."""
import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
NORMALISATION_TABLES = {"rasd/normalize.py", "rasd/encodings.py"}


def _docstrings(tree) -> set[int]:
    """ids of the string constants that are documentation: the first statement of a module, class or function,
    and any bare string statement (an attribute's docstring)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.add(id(node.value))
    return found


def arabic_literals(path: pathlib.Path) -> list[tuple[int, str]]:
    """(line, value) of every string constant in the module that holds an Arabic letter, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docs = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and ARABIC.search(node.value)]


def modules() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "rasd").rglob("*.py"))


def test_no_module_holds_an_arabic_string_literal():
    offending = [f"{name}:{line}: {value[:40]!r}" for name in modules()
                 if name not in NORMALISATION_TABLES
                 for line, value in arabic_literals(ROOT / name)]
    assert not offending, "Arabic string literals belong in rasd/data (read them with rasd.lexicon):\n" + \
        "\n".join(offending)


def test_the_exemptions_name_existing_modules():
    assert NORMALISATION_TABLES <= set(modules())


def test_the_check_sees_literals_and_f_strings_but_not_docstrings(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""وثيقة"""\nA = ("قتل", 1)\n\n\ndef f(x):\n    """وصف"""\n    "تعليق"\n'
                      '    return f"{x} \u0648" + "\u060c"\n', encoding="utf-8")
    assert [line for line, _ in arabic_literals(module)] == [2, 8, 8]
