"""One document's cost against its size: a text of a few repeated sentences with figures, at growing lengths: one
placed in a town, one with no place at all (the article's country is asked for), one about a police station with
a rank shared by army and police (the police-only test), one crime with no figure (the events' site test). Prints
the seconds and the ratio of each size's time to the previous one (2.0 when the cost grows with the size; 4.0 when
it grows with its square). Run: python bench/long_document.py"""
import time

import rasd

SENTENCE = ("قتل 5 مدنيين في قصف على حي سكني في مدينة حلب اليوم. "
            "وأصيب ثلاثة أشخاص آخرين بجروح. "
            "وأصيب ضابط و3 مجندين في هجوم على قسم الشرطة. "
            "وقتل لص في هجوم على منزل.\n")


def main() -> None:
    rasd.analyze(SENTENCE * 10, published="2013-02-01")  # lexicons built before timing
    previous = None
    for sentences in (2_500, 5_000, 10_000, 20_000, 40_000):
        text = SENTENCE * (sentences // 4)
        started = time.perf_counter()
        rasd.analyze(text, published="2013-02-01")
        seconds = time.perf_counter() - started
        ratio = f"{seconds / previous:.2f}x the half size" if previous else ""
        print(f"{sentences:>6} sentences ({len(text.encode()) / 1e6:.1f} MB): {seconds:6.2f} s  {ratio}")
        previous = seconds


if __name__ == "__main__":
    main()
