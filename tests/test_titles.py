"""Incident titles: a headline that reads as words, never site furniture; a generated title otherwise. And an
undated article about a later event does not borrow the date of the earlier one it recalls."""
from hypothesis import given
from hypothesis import strategies as st

import rasd
from rasd.titles import generated_title, headline, incident_title, is_headline


def test_site_furniture_is_no_headline():
    assert not is_headline("00963 939 114 037")
    assert not is_headline("دمشق °C")
    assert not is_headline("2024-01-15 12:30 | 1,204 views")
    assert is_headline("مقتل ثلاثة عناصر من الشرطة في هجوم على حاجز قرب الموصل")


def test_the_headline_is_the_first_line_that_reads_as_words():
    text = "دمشق °C\n\n00963 939 114 037\n\nقصف صاروخي يطال سجنا في مدينة الحسكة\n\nنص الخبر …"
    assert headline(text) == "قصف صاروخي يطال سجنا في مدينة الحسكة"


def test_words_run_together_by_the_markup_are_set_apart():
    # a ta marbuta or alef maqsura ends a word: a letter after it starts the next one
    assert headline("هجوم لتنظيم الدولة الإسلاميةداعش على سجن في المدينة") == \
        "هجوم لتنظيم الدولة الإسلامية داعش على سجن في المدينة"
    assert headline("وصلت القافلة إلىالمدينة بعد انتظار طويل") == "وصلت القافلة إلى المدينة بعد انتظار طويل"


def test_a_title_is_generated_when_no_report_has_a_headline():
    reports = [(None, None)]
    assert incident_title(reports, "Battles", "Mosul", "2013-02-01") == "Battles — Mosul — 2013-02-01"
    assert generated_title(None, None, None) == "Event"


def test_metadata_titles_come_first_when_they_read_as_words():
    reports = [("00963 939", "اشتباكات عنيفة في ريف حلب الشمالي اليوم"),  # (metadata title, headline)
               ("هجوم على حاجز للجيش في ريف درعا الغربي", None)]
    assert incident_title(reports, None, None, None) == "اشتباكات عنيفة في ريف حلب الشمالي اليوم"
    assert incident_title(reports[1:], None, None, None) == "هجوم على حاجز للجيش في ريف درعا الغربي"


LATER_ARTICLE = """00963 11 222 333

قصف صاروخي يطال سجن الصناعة في مدينة الحسكة

تعرض سجن الصناعة في حي غويران جنوب مدينة الحسكة لقصف صاروخي أدى إلى إصابة ثلاثة من الحراس، بحسب مصادر محلية.
وكان السجن قد شهد في الـ20 من كانون الثاني/يناير من عام 2022 هجوما نفذه عناصر التنظيم.
ويأتي القصف مع قرب ذكرى الهجوم الذي شنه التنظيم على السجن في عام 2022.
"""


def test_an_undated_later_article_does_not_borrow_the_recalled_day(tmp_path):
    """It names 2022 as the past ("في عام 2022"): its days in 2022 are the recalled attack's, not its own."""
    (tmp_path / "later.txt").write_text(LATER_ARTICLE, encoding="utf-8")
    result = rasd.run([tmp_path / "later.txt"], tmp_path / "out")
    (incident,) = [i for i in result.incidents if "later" in i["docs"]]
    assert incident["start"] is None
    assert incident["title"] == "قصف صاروخي يطال سجن الصناعة في مدينة الحسكة"


def test_a_title_of_a_str_subclass_reads_as_its_str():
    class Title(str):
        pass
    assert is_headline(Title("مقتل ثلاثة عناصر من الشرطة في هجوم على حاجز قرب الموصل"))
    assert not is_headline(Title("دمشق °C"))


def test_the_first_headline_is_found_among_the_lines_splitlines_gives():
    """headline() walks the runs between str.splitlines()'s line boundaries (every one of them, not just \\n)."""
    from rasd.titles import _LINE
    text = ("\u2028  \r\nقائمة\x1cمقتل خمسة عناصر من الشرطة بهجوم مسلح\x85\ra b\x0bc\u2029\n"
            "اشتباكات عنيفة في ريف حلب الشمالي اليوم")
    runs = [" ".join(run.group().split()) for run in _LINE.finditer(text)]
    assert [line for line in runs if line] == [line for line in map(" ".join, map(str.split, text.splitlines()))
                                               if line]
    assert headline(text) == "مقتل خمسة عناصر من الشرطة بهجوم مسلح"


@given(st.text(alphabet=" \t\n\u00a0\u3000\u2028abcقتل١²½_-.\U0001F600", max_size=40))
def test_compiled_and_python_count_the_same_spaces_and_letters(line):
    from rasd import titles
    assert titles.spaces_and_letters(line) == titles.PYTHON_SPACES_AND_LETTERS(line) \
        == (sum(map(str.isspace, line)), sum(map(str.isalpha, line)))
