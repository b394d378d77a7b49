"""The layers of ../shared/design/LAYERS.md hold: no import cycle among Rasd's modules, even through imports inside
functions, and the knowledge layer imports no stage."""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1] / "rasd"
KNOWLEDGE = {"rasd.lexicon", "rasd.gazetteer", "rasd.transliteration", "rasd.knowledge", "rasd.settings", "rasd.normalize", "rasd.encodings",
             "rasd.match_loops", "rasd.days", "rasd.boilerplate"}  # the text layer's modules too: normalize, encodings, the loops over matches;
# and the arithmetic of days, below the dates stage and the cross-document stage
STAGES = ("rasd.ingest", "rasd.html", "rasd.tagger", "rasd.numbers", "rasd.geo", "rasd.outlets", "rasd.dates",
          "rasd.claims", "rasd.events", "rasd.claim_places")  # the per-document stages (a package with its modules)
ACROSS_DOCUMENTS = {"rasd.incidents", "rasd.figures", "rasd.parts", "rasd.signature", "rasd.copies",
                    "rasd.titles"}  # titles: an incident's, from its reports' headlines
OUTPUTS = {"rasd.output", "rasd.exports", "rasd.report", "rasd.store"}  # they write and serve the records


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every module of rasd and the rasd modules it imports, at any depth of its code."""
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                submodules = {f"{target}.{a.name}" for a in node.names} & modules.keys()
                found |= submodules or ({target} & modules.keys())  # from . import settings: rasd.settings
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in modules}
        graph[name] = found - {name}
    return graph


def _cycle(graph):
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return path + [node, nxt]
            if nxt not in state:
                found = visit(nxt, path + [node])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def test_no_import_cycle_even_inside_functions():
    graph = _imports()
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_knowledge_layer_imports_no_stage():
    graph = _imports()
    for module in KNOWLEDGE:
        assert graph[module] <= KNOWLEDGE, (module, graph[module] - KNOWLEDGE)


def test_the_cross_document_stage_imports_no_per_document_stage():
    """It reads typed records of documents and claims: what it needs of a stage's knowledge lies below both (the
    gazetteer and its distances in rasd.gazetteer, the arithmetic of days in rasd.days)."""
    graph = _imports()
    for module in ACROSS_DOCUMENTS:
        assert not {m for m in graph[module] if m in STAGES or m.startswith(tuple(s + "." for s in STAGES))}, \
            (module, graph[module])


def _stages_among(modules) -> set[str]:
    return {m for m in modules if m in STAGES or m.startswith(tuple(s + "." for s in STAGES))}


def test_the_output_layer_imports_no_per_document_stage():
    """It writes, exports and stores the records; what makes them of a processed document (rasd/results.py) sits
    above the stages, beside the pipeline that runs them."""
    graph = _imports()
    for module in OUTPUTS:
        assert not _stages_among(graph[module]), (module, _stages_among(graph[module]))
