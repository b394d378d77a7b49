"""One document's cost against its size, on shapes a hostile or unusual file may take: each shape's text at growing
lengths, analysed whole as a worker of `rasd run` analyses it (the pipeline, then its records and the features of the
cross-document stage, which read its places), with the CPU seconds and the ratio of each size's time to the half size's (2.0 when the
cost grows with the size; 4.0 when it grows with its square, which lets one file of a few MB stall a worker until
the time limit fails it).

The shapes: a few repeated sentences with figures, one placed in a town, one with no place at all, one about a
police station, one crime with no figure (the first measured, 2026-11-30); and those a helper's hunt found growing
with their square on 2026-12-05, each built from a sentence of its own: short dated sentences on one line (the
datelines' line and word counts), figures of guards on one line (is the article about a prison), figures closed by
«، قال مسؤول» (a number after the speech verb), figures each with its own day (the claims' dates), a campaign's
total «منذ بدئها» with a day (the day starts), «معظمهم في» a place (the places before it), drills with fire (the
exercise next to the fire), and an unclosed quotation before many speech sentences (its speaker).

Run: python bench/long_document.py [--shape NAME ...] [--sizes 2000,4000,8000]"""
import argparse
import time

import rasd
from rasd.document import Document
from rasd.runner import analyse_one

REPEATED = ("قتل 5 مدنيين في قصف على حي سكني في مدينة حلب اليوم. "
            "وأصيب ثلاثة أشخاص آخرين بجروح. "
            "وأصيب ضابط و3 مجندين في هجوم على قسم الشرطة. "
            "وقتل لص في هجوم على منزل.\n")
TOWNS = ["حلب", "حمص", "دمشق", "إدلب", "درعا", "حماة", "الرقة", "اللاذقية"]
MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران"]


def _units(sentence, n: int) -> str:
    """`sentence(i)` for i below n, joined as they come (each ends as the shape wants: a space or a line)."""
    return "".join(sentence(i) for i in range(n))


SHAPES = {
    "repeated sentences": lambda n: REPEATED * (n // 4),
    "short dated sentences on one line": lambda n: _units(lambda i: f"اشتباكات في {TOWNS[i % 8]} اليوم. ", n),
    "guards' figures on one line": lambda n: _units(lambda i: f"وأصيب {i % 9 + 2} حراس في هجوم. ", n),
    "figures closed by a speaker": lambda n: _units(
        lambda i: f"قتل {i % 40 + 2} أشخاص في قصف على {TOWNS[i % 8]}، قال مسؤول محلي.\n", n),
    "figures each with its day": lambda n: _units(
        lambda i: f"قتل {i % 50 + 2} مدنيين في {TOWNS[i % 8]} يوم {i % 28 + 1} {MONTHS[i % 6]} 2013.\n", n),
    "a campaign's total since it began": lambda n: _units(
        lambda i: f"وقتلت الحملة العسكرية منذ بدئها {i % 60 + 10} شخصا يوم الجمعة.\n", n),
    "most of them in a place": lambda n: _units(
        lambda i: f"قتل {i % 30 + 5} أشخاص في قصف، معظمهم في {TOWNS[i % 8]}.\n", n),
    "drills with fire": lambda n: _units(lambda i: "أجرى الجيش مناورات عسكرية شملت قصفا مدفعيا.\n", n),
    "an unclosed quotation": lambda n: "«" + _units(
        lambda i: f"وقال مسؤول في {TOWNS[i % 8]} إن {i % 9 + 2} أشخاص قتلوا.\n", n),
}


def measure(shape: str, sizes: list[int]) -> list[dict]:
    """The shape's text at each size, analysed whole: its size in MB, CPU seconds and ratio to the size before."""
    rows, previous = [], None
    for size in sizes:
        text = SHAPES[shape](size)
        started = time.process_time()
        analyse_one(Document(doc_id=shape, original=text, published="2013-02-01"))  # all a worker does with it
        seconds = time.process_time() - started
        rows.append({"shape": shape, "units": size, "mb": round(len(text.encode()) / 1e6, 3),
                     "seconds": round(seconds, 3),
                     "ratio": round(seconds / previous, 2) if previous else None})
        previous = seconds
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="one shape (default: all)")
    parser.add_argument("--sizes", default="2500,5000,10000,20000", help="units of each shape, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    rasd.analyze(REPEATED * 10, published="2013-02-01")  # lexicons built before timing
    for shape in args.shape or list(SHAPES):
        for row in measure(shape, sizes):
            ratio = f"{row['ratio']:.2f}x the half size" if row["ratio"] else ""
            print(f"{shape:36} {row['units']:>7} units ({row['mb']:.2f} MB): {row['seconds']:6.2f} s CPU  {ratio}",
                  flush=True)


if __name__ == "__main__":
    main()
