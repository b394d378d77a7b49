#!/usr/bin/env python3
"""Build the offline base layer rasd/web/static/countries.geojson: country outlines of the Middle East, North and
East Africa and South-West Asia, from Natural Earth (public domain) as packaged in the npm package world-atlas.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_basemap.py package/countries-110m.json

Decodes the TopoJSON (delta-encoded, quantised arcs) into GeoJSON polygons and keeps the countries whose outline
touches BBOX, with coordinates rounded to 3 decimals."""
from __future__ import annotations

import json
import pathlib
import sys

BBOX = (-20.0, -5.0, 80.0, 50.0)  # west, south, east, north
OUT = pathlib.Path(__file__).resolve().parents[1] / "rasd" / "web" / "static" / "countries.geojson"


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(points)
    return arcs


def ring(indexes, arcs):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def touches(polygons):
    west, south, east, north = BBOX
    return any(west <= x <= east and south <= y <= north for polygon in polygons for r in polygon for x, y in r)


def main(path: str) -> int:
    topology = json.loads(pathlib.Path(path).read_text())
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [[ring(r, arcs) for r in geometry["arcs"]]]
        elif geometry["type"] == "MultiPolygon":
            polygons = [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        if touches(polygons):
            features.append({"type": "Feature", "properties": {"name": geometry.get("properties", {}).get("name")},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    print(f"{len(features)} countries written to {OUT} ({OUT.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
