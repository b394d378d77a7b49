"""Every subject rule (SUBJECT_RULES and REFINEMENTS in rasd/claims/subjects.py) has sentences of its own.

tests/data/subject_rules.jsonl holds one row per sentence: the rule that should decide, the text, and the claim a
careful analyst would code (category, value, subject). A row Rasd gets wrong keeps the right answer and carries an
"xfail" reason (what Rasd does instead); it runs as a non-strict xfail, so a fix shows up as XPASS."""
import json
import pathlib

import pytest

import rasd
from rasd.claims.subjects import REFINEMENTS, SUBJECT_RULES

DATA = pathlib.Path(__file__).parent / "data" / "subject_rules.jsonl"
PUBLISHED = "2013-03-01"
MIN_ROWS = 3


def _rows() -> list[dict]:
    rows = []
    for n, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["line"] = n
            rows.append(row)
    return rows


ROWS = _rows()
RULE_NAMES = [rule.name for rule in SUBJECT_RULES] + [refinement.name for refinement in REFINEMENTS]


def _param(row):
    marks = [pytest.mark.xfail(reason=row["xfail"], strict=False)] if row.get("xfail") else []
    return pytest.param(row, marks=marks, id=f"{row['line']}-{row['rule']}")


@pytest.mark.parametrize("row", [_param(row) for row in ROWS])
def test_the_rule_decides_its_sentence(row):
    claims = rasd.analyze(row["text"], published=PUBLISHED).claims
    seen = [(c.category, c.value, c.subject, c.rule) for c in claims]
    found = [c for c in claims if c.category == row["category"] and c.value == row["value"]]
    assert found, f"no {row['category']} claim of {row['value']}; claims: {seen}"
    claim = next((c for c in found if c.subject == row["subject"]), found[0])
    assert claim.subject == row["subject"], f"subject {claim.subject!r} by {claim.rule!r}; claims: {seen}"
    # the "; " keeps "children" from matching a claim decided by "children named after"
    assert claim.rule.startswith(f"subject: {row['rule']};"), f"decided by {claim.rule!r}; claims: {seen}"


def test_every_rule_has_sentences_and_every_row_names_a_rule():
    assert len(RULE_NAMES) == len(set(RULE_NAMES)), "two rules share a name"
    counts = {name: 0 for name in RULE_NAMES}
    unknown = []
    for row in ROWS:
        if row["rule"] in counts:
            counts[row["rule"]] += 1
        else:
            unknown.append((row["line"], row["rule"]))
    assert not unknown, f"rows naming no rule of SUBJECT_RULES or REFINEMENTS: {unknown}"
    thin = {name: n for name, n in counts.items() if n < MIN_ROWS}
    assert not thin, f"rules with fewer than {MIN_ROWS} sentences in {DATA.name}: {thin}"


def test_every_row_is_well_formed():
    keys = {"rule", "text", "subject", "value", "category"}
    for row in ROWS:
        assert keys <= row.keys(), (row["line"], keys - row.keys())
        assert set(row) <= keys | {"xfail", "line"}, (row["line"], set(row) - keys - {"xfail", "line"})
        assert isinstance(row["text"], str) and row["text"].strip(), row["line"]
        assert row["value"] is None or isinstance(row["value"], int), row["line"]
        assert "xfail" not in row or (isinstance(row["xfail"], str) and row["xfail"].strip()), row["line"]
