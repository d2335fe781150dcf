"""The exports (analysis/exports) read back by readers that are not ours, on the dataset and on three sources.

- W3C Web Annotations: a JSON Schema written from the Recommendation's normative requirements
  (tests/fixtures/w3c/web-annotation.schema.json), then JSON-LD expansion with pyld against the W3C
  context and the shipped extension context, through a document loader that never uses the network;
  every selector applied to the raw text as the zip publishes it yields the quote.
- REFI-QDA: the project opened with pyrefiqda; every selection's text is its quote; codes, selections,
  users and links counted against the tables.
- Argdown: the file parsed by the Argdown reference parser (@argdown/core, tests/read_argdown.mjs) into
  the same statements, metadata and relations as the tables.
- AIF: the graph loaded with arguebuf into the same claims, supports and attacks.

The three-source dataset is the project's data grown by the fixture source, whose text is saved
with a byte-order mark, Windows line ends, astral characters and a word in NFD, so that offsets in
code points, UTF-16 units and bytes all differ.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import arguebuf
import jsonschema
import pandas as pd
import pytest
from conftest import FIXTURES, add_fixture_source, copy_data, edit_yaml
from pyld import jsonld
from pyrefiqda import RefiProject

from analysis import paths
from analysis.__main__ import main
from analysis.book import downloads
from analysis.dataset.build import build
from analysis.dataset.load import load
from analysis.exports import aif, argdown, bundle, records
from analysis.processes import QUICK, run

W3C = FIXTURES / "w3c"
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PAA = "urn:pakistan-afghanistan-arguments:"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
#: What the odd copy of the fixture text holds before its body: astral characters (two UTF-16 units, four bytes each).
ODD_LINE = "Fixture 🧪 with astral 𝔸 characters"


def _odd_source(data_dir: Path) -> None:
    """Add the fixture source, saved with a BOM and CRLF line ends, astral characters and 'Kābul' in NFD."""
    add_fixture_source(data_dir)
    raw = data_dir / "raw" / "khan2026.txt"
    text = raw.read_text(encoding="utf-8").replace("\n", f"\n{ODD_LINE}\n", 1)
    text = text.replace("push Kabul", "push " + unicodedata.normalize("NFD", "Kābul"))
    content = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    raw.write_bytes(content)
    path = data_dir / "annotations" / "sources" / "khan2026.yaml"

    def recode(coded: dict) -> None:
        coded["source"]["sha256"] = hashlib.sha256(content).hexdigest()
        for section in ("claims", "positions", "events", "notes"):
            for record in coded.get(section) or []:
                record["quote"] = record["quote"].replace("push Kabul", "push Kābul")  # NFC in the annotation

    edit_yaml(path, recode)


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the two sources and the odd fixture third, built."""
    data_dir = copy_data(tmp_path_factory.mktemp("three"))
    _odd_source(data_dir)
    build(data_dir, validate=False)
    return data_dir


@pytest.fixture(scope="module", params=["dataset", "three sources"])
def data_dir(request: pytest.FixtureRequest, three: Path) -> Path:
    return paths.DATA if request.param == "dataset" else three


@pytest.fixture(scope="module")
def unpacked(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder as a reader has it: the tables, raw texts and exports side by side (as in the data zip)."""
    folder = tmp_path_factory.mktemp("unpacked")
    for name in ("tables", "raw"):
        for path in (data_dir / name).iterdir():
            (folder / name).mkdir(exist_ok=True)
            (folder / name / path.name).write_bytes(path.read_bytes())
    bundle.write(folder, data_dir)
    return folder


def _table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)


def _raw(folder: Path, source_id: str) -> str:
    """The raw text as a reader decodes it: UTF-8, no newline translation (the BOM is code point 0)."""
    sources = _table(folder, "sources").set_index("source_id")
    return (folder / "raw" / sources.loc[source_id, "raw_file"]).read_bytes().decode("utf-8")


def _expected_records(folder: Path) -> Counter:
    """(coding, kind) -> how many records the tables hold."""
    counts = Counter({("published", kind): len(_table(folder, kind)) for kind in records.KINDS})
    codings = _table(folder, "codings")
    counts.update(zip(codings.coding, codings.kind, strict=True))
    return counts


def _expected_codes(folder: Path) -> int:
    """How many coded values the tables hold: each a classifying body of an annotation, a coding in the project."""

    def filled(table: pd.DataFrame, *columns: str) -> int:
        return int(sum((table[column] != "").sum() for column in columns))

    claims, positions = _table(folder, "claims"), _table(folder, "positions")
    events, codings = _table(folder, "events"), _table(folder, "codings")
    return (
        filled(
            claims, "topic_id", "voice", "modality", "claim_type", "target_actor_id", "target_proposition_id", "stance", "role"
        )
        + filled(
            positions, "holder_actor_id", "target_actor_id", "target_proposition_id", "stance", "polarity", "voice", "modality"
        )
        + filled(events, "phase_id", "date_precision")
        + len(_table(folder, "event_actors"))
        + filled(_table(folder, "notes"), "kind")
        + filled(_table(folder, "phase_evidence"), "phase_id")
        + filled(
            codings[codings.kind != "phase_evidence"],
            *("claim_type", "holder", "modality", "polarity", "role", "stance", "target", "topic", "voice", "phase"),
        )
        + filled(codings[codings.kind == "phase_evidence"], "phase")  # its 'role' is free text, not a code
    )


def _expected_links(folder: Path) -> int:
    codings = _table(folder, "codings")
    return int((_table(folder, "claims").bears_on != "").sum() + ((codings.kind == "claims") & (codings.bears_on != "")).sum())


# --- W3C Web Annotation -------------------------------------------------------------------------


def _loader(folder: Path):
    """A JSON-LD document loader with no network: the W3C context from the fixtures, files from `folder`."""

    def load_document(url: str, options: dict | None = None) -> dict:
        if url == W3C_CONTEXT:
            document = json.loads((W3C / "anno.jsonld").read_text(encoding="utf-8"))
        elif url.startswith(folder.as_uri() + "/"):
            document = json.loads((folder / url.removeprefix(folder.as_uri() + "/")).read_text(encoding="utf-8"))
        else:
            raise AssertionError(f"the annotations asked for {url}: only the W3C context and the shipped files may be read")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load_document


def _collection(folder: Path) -> dict:
    return json.loads((folder / "exports" / "annotations.jsonld").read_text(encoding="utf-8"))


def test_the_annotations_meet_the_recommendations_requirements(unpacked: Path) -> None:
    schema = json.loads((W3C / "web-annotation.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    collection = _collection(unpacked)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(collection)]
    assert errors == []
    broken = json.loads(json.dumps(collection))
    del broken["first"]["items"][0]["target"]["selector"][0]["exact"]
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)  # the schema can fail


def test_the_annotations_expand_as_json_ld_with_no_network_and_lose_no_term(unpacked: Path) -> None:
    document = unpacked / "exports" / "annotations.jsonld"
    expanded = jsonld.expand(_collection(unpacked), {"base": document.as_uri(), "documentLoader": _loader(unpacked)})
    page = expanded[0][f"{AS}first"][0]
    items = page[f"{AS}items"][0]["@list"]
    annotations = [item for item in items if f"{OA}Annotation" in item["@type"]]
    assert len(annotations) == len(items) == _collection(unpacked)["total"]
    coded = [a for a in annotations if f"{PAA}record" in a]
    assert Counter((a[f"{PAA}coding"][0]["@value"], a[f"{PAA}recordKind"][0]["@value"]) for a in coded) == _expected_records(
        unpacked
    )
    # every term of the compact form expanded to an IRI (JSON-LD drops a term no context defines)
    compact = _collection(unpacked)["first"]["items"]
    for before, after in zip(compact, annotations, strict=True):
        assert len([k for k in before if k not in {"id", "type"}]) == len([k for k in after if not k.startswith("@")]), before[
            "id"
        ]
    # every target's source resolves, against the file's own location, to a raw text shipped beside it
    for annotation in coded:
        source = annotation[f"{OA}hasTarget"][0][f"{OA}hasSource"][0]["@id"]
        assert source.startswith(unpacked.as_uri() + "/raw/") and Path(source.removeprefix("file://")).is_file(), source
    classifying = [b for a in coded for b in a.get(f"{OA}hasBody", []) if f"{OA}classifying" in str(b[f"{OA}hasPurpose"])]
    assert len(classifying) == _expected_codes(unpacked)
    published = {
        (a[f"{OA}hasTarget"][0][f"{OA}hasSource"][0]["@id"].rsplit("/", 1)[1], *(sel[0]["@value"] for sel in _position(a)))
        for a in coded
        if a[f"{PAA}coding"][0]["@value"] == "published"
    }
    spans = _table(unpacked, "spans").merge(_table(unpacked, "sources")[["source_id", "raw_file"]], on="source_id")
    assert published == {(r.raw_file, int(r.start), int(r.end)) for r in spans.itertuples()}  # every span, no other
    links = sum(len(a.get(f"{PAA}{term}", [])) for a in coded for term in ("supports", "concedes", "rebuts", "bearsOn"))
    assert links == _expected_links(unpacked)


def _position(annotation: dict) -> tuple[list, list]:
    """The start and end of an expanded annotation's TextPositionSelector."""
    (selector,) = [
        sel for sel in annotation[f"{OA}hasTarget"][0][f"{OA}hasSelector"] if f"{OA}TextPositionSelector" in sel["@type"]
    ]
    return selector[f"{OA}start"], selector[f"{OA}end"]


def test_every_selector_applied_to_the_raw_text_yields_the_quote(unpacked: Path) -> None:
    checked = 0
    for annotation in _collection(unpacked)["first"]["items"]:
        if "record" not in annotation:
            continue
        target = annotation["target"]
        source_id = Path(target["source"]["id"]).stem
        text = _raw(unpacked, source_id)
        quote, position = target["selector"]
        exact = text[position["start"] : position["end"]]
        assert exact == quote["exact"], annotation["record"]
        # the quote selector alone finds the passage: prefix, exact and suffix occur once, where the offsets say
        whole = quote.get("prefix", "") + quote["exact"] + quote.get("suffix", "")
        found = text.find(whole)
        assert found == position["start"] - len(quote.get("prefix", "")) and text.find(whole, found + 1) == -1, annotation[
            "record"
        ]
        checked += 1
    assert checked == sum(_expected_records(unpacked).values())


def test_the_published_selectors_are_the_spans_tables(unpacked: Path) -> None:
    spans = _table(unpacked, "spans").set_index(["source_id", "start", "end"])
    for annotation in _collection(unpacked)["first"]["items"]:
        if annotation.get("coding") != "published":
            continue
        quote, position = annotation["target"]["selector"]
        span = spans.loc[(Path(annotation["target"]["source"]["id"]).stem, str(position["start"]), str(position["end"]))]
        span = span.iloc[0] if isinstance(span, pd.DataFrame) else span
        assert (quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")) == (span.exact, span.prefix, span.suffix)


def test_an_annotation_on_a_text_with_bom_crlf_astral_and_nfd_still_selects_its_quote(three: Path, tmp_path: Path) -> None:
    bundle.write(tmp_path, three)
    raw = (three / "raw" / "khan2026.txt").read_bytes()
    text = raw.decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text and "🧪" in text and unicodedata.normalize("NFD", "ā") in text
    items = [
        a for a in _collection(tmp_path)["first"]["items"] if a.get("record") == "khan2026-c02" and a["coding"] == "published"
    ]
    ((quote, position),) = (a["target"]["selector"] for a in items)
    assert "Kābul" not in quote["exact"] and unicodedata.normalize("NFC", quote["exact"]).count("Kābul") == 1
    assert text[position["start"] : position["end"]] == quote["exact"]
    # the offsets are code points: not UTF-16 units, not bytes
    assert len(text[: position["start"]].encode("utf-16-le")) // 2 > position["start"]
    assert len(raw[: len(text[: position["start"]].encode("utf-8"))]) > position["start"]


# --- REFI-QDA -----------------------------------------------------------------------------------


def test_the_refi_qda_project_opens_with_pyrefiqda_and_every_selection_is_its_quote(unpacked: Path, tmp_path: Path) -> None:
    project = RefiProject.load(unpacked / "exports" / "project.qdpx", extract_dir=str(tmp_path / "qdpx"))
    sources = _table(unpacked, "sources")
    assert sorted(s.name for s in project.sources.text_source) == sorted(sources.source_id)
    assert [u.id for u in project.users.user] == list(records.CODINGS)
    users = {u.guid: u.id for u in project.users.user}

    codes = {}
    for tree in project.code_book.codes.code:
        assert not tree.is_codable
        codes.update({code.guid: (tree.name, code.name) for code in tree.code})
    vocabularies = _table(unpacked, "vocabularies")
    actors, topics = len(_table(unpacked, "actors")), len(_table(unpacked, "topics"))
    assert Counter(tree for tree, _ in codes.values())["topic"] == topics
    assert Counter(tree for tree, _ in codes.values())["holder"] == actors
    assert Counter(tree for tree, _ in codes.values())["role"] == (vocabularies.vocabulary == "claims.role").sum()

    seen, coded = Counter(), 0
    for source in project.sources.text_source:
        text = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "qdpx").read_bytes().decode("utf-8")
        assert text == _raw(unpacked, source.name)
        variables = {value.text_value for value in source.variable_value}
        assert sources.set_index("source_id").loc[source.name, "title"] in variables
        for selection in source.plain_text_selection:
            kind = selection.description.split(" ", 1)[0]
            seen[(users[selection.creating_user], kind)] += 1
            assert text[selection.start_position : selection.end_position], selection.name
            for coding in selection.coding:
                assert coding.code_ref.target_guid in codes and coding.creating_user == selection.creating_user
                coded += 1
    assert seen == _expected_records(unpacked)
    assert coded == _expected_codes(unpacked)

    spans = _table(unpacked, "spans")
    quotes = {(r.source_id, int(r.start), int(r.end)): r.exact for r in spans.itertuples()}
    for source in project.sources.text_source:
        text = _raw(unpacked, source.name)
        for selection in source.plain_text_selection:
            key = (source.name, selection.start_position, selection.end_position)
            if users[selection.creating_user] == "published":
                assert text[selection.start_position : selection.end_position] == quotes[key], selection.name

    selections = {s.guid for source in project.sources.text_source for s in source.plain_text_selection}
    links = project.links.link
    assert all(link.origin_guid in selections and link.target_guid in selections for link in links)
    points = _table(unpacked, "points")
    pairs = sum(len(a.split()) * len(b.split()) for a, b in zip(points.evidence_a, points.evidence_b, strict=True))
    assert len(links) == _expected_links(unpacked) + pairs


# --- Argdown ------------------------------------------------------------------------------------


def _read_argdown(path: Path) -> dict:
    node_modules = paths.ROOT / "node_modules" / "@argdown" / "core"
    if not node_modules.is_dir():
        pytest.fail("the Argdown parser is not installed: run `npm ci` (make test does)")
    result = run(
        ["node", str(paths.ROOT / "tests" / "read_argdown.mjs"), str(path)], capture_output=True, text=True, timeout=QUICK
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _claims_graph(claims: pd.DataFrame) -> tuple[dict[str, str], Counter]:
    arrows = {"reason": "support", "evidence": "support", "rebuttal": "attack", "concession": "attack"}
    relations = Counter((c.claim_id, c.bears_on, arrows[c.role]) for c in claims.itertuples() if c.bears_on)
    return {c.claim_id: " ".join(c.paraphrase.split()) for c in claims.itertuples()}, relations


def test_the_argdown_parses_back_to_the_claims_and_their_links(unpacked: Path) -> None:
    graph = _read_argdown(unpacked / "exports" / "arguments.argdown")
    assert graph["errors"] == []
    claims = _table(unpacked, "claims")
    statements, relations = _claims_graph(claims)
    assert {s["title"]: s["texts"][0] for s in graph["statements"]} == statements
    assert Counter((r["from"], r["to"], r["type"]) for r in graph["relations"]) == relations
    sources = _table(unpacked, "sources").set_index("source_id")
    for statement in graph["statements"]:
        data = statement["data"]
        text = _raw(unpacked, data["source"])
        assert data["record"] == statement["title"] and text[data["start"] : data["end"]] == data["quote"]
        assert statement["sections"] == [f"{sources.loc[data['source'], 'attribution']} ({data['source']})"]


def test_sources_that_disagree_are_contradictions_between_the_maps_in_argdown_and_aif(tmp_path: Path) -> None:
    data = load(paths.DATA)
    points = data.tables["points"]
    row = points[(points.evidence_a.fillna("") != "") & (points.evidence_b.fillna("") != "")].index[0]
    points.loc[row, "relation"] = "disagree"
    path = tmp_path / "arguments.argdown"
    path.write_text(argdown.document(data), encoding="utf-8")
    graph = _read_argdown(path)
    claims = set(data.claims.claim_id)  # the maps draw claims; a point's positions are not in them
    side_a = [i for i in points.loc[row, "evidence_a"].split() if i in claims]
    side_b = [i for i in points.loc[row, "evidence_b"].split() if i in claims]
    found = {(r["from"], r["to"]) for r in graph["relations"] if r["type"] == "contradictory"}
    assert graph["errors"] == [] and found == {(a, b) for a in side_a for b in side_b}
    assert len(graph["statements"]) == len(data.claims)  # a contradiction adds no statement
    aif_path = tmp_path / "arguments.aif.json"
    aif_path.write_bytes(aif.files(data)[aif.AIF_FILE])
    conflicts = {(a, b) for a, b, kind in _aif_relations(_aif_graph(aif_path)) if kind == "attack"}
    assert {(a, b) for a in side_a for b in side_b} | {(b, a) for a in side_a for b in side_b} <= conflicts


def test_argdown_escapes_what_its_syntax_would_read(tmp_path: Path) -> None:
    paraphrase = "A [bracket], <arrows>, {braces}, #tag, @mention, *stars*, _under_ and a back\\slash: +1 -2 = ok"
    path = tmp_path / "escaped.argdown"
    path.write_text(f"[s1]: {argdown.escape(paraphrase)}\n", encoding="utf-8")
    graph = _read_argdown(path)
    assert graph["errors"] == [] and graph["statements"][0]["texts"] == [paraphrase]


# --- AIF ----------------------------------------------------------------------------------------


def _aif_graph(path: Path) -> arguebuf.Graph:
    return arguebuf.load.aif(json.loads(path.read_text(encoding="utf-8")))


def _aif_relations(graph: arguebuf.Graph) -> Counter:
    """(premise, conclusion, support | attack) for every scheme node between two claims."""
    found = Counter()
    for scheme in graph.scheme_nodes.values():
        (premise,) = [e.source.id for e in graph.incoming_edges(scheme)]
        (conclusion,) = [e.target.id for e in graph.outgoing_edges(scheme)]
        found[(premise, conclusion, "support" if isinstance(scheme.scheme, arguebuf.Support) else "attack")] += 1
    return found


def test_the_aif_loads_with_arguebuf_into_the_claims_and_their_links(unpacked: Path) -> None:
    path = unpacked / "exports" / "arguments.aif.json"
    graph = _aif_graph(path)
    statements, relations = _claims_graph(_table(unpacked, "claims"))
    assert {node_id: " ".join(node.plain_text.split()) for node_id, node in graph.atom_nodes.items()} == statements
    assert _aif_relations(graph) == relations
    # the quotes: each claim asserted by a locution whose text is its passage, read with no code of ours
    document = json.loads(path.read_text(encoding="utf-8"))
    nodes = {node["nodeID"]: node for node in document["nodes"]}
    locutions = {locution["nodeID"]: locution for locution in document["locutions"]}
    spans = _table(unpacked, "spans").set_index("span_id")
    for claim in _table(unpacked, "claims").itertuples():
        (asserting,) = [
            e["fromID"] for e in document["edges"] if e["toID"] == claim.claim_id and nodes[e["fromID"]]["type"] == "YA"
        ]
        (locution,) = [e["fromID"] for e in document["edges"] if e["toID"] == asserting]
        assert nodes[locution]["text"] == spans.loc[claim.span_id, "exact"] and locutions[locution]["personID"] == claim.source_id


# --- All of them ----------------------------------------------------------------------------------


def test_two_builds_give_the_same_bytes(data_dir: Path, tmp_path: Path) -> None:
    """Two runs of `python -m analysis export`, in processes with different hash seeds, write the same files."""
    written = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        command = [sys.executable, "-m", "analysis", "export", "--data-dir", str(data_dir), "--out", str(out)]
        result = run(command, capture_output=True, text=True, timeout=QUICK, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        written.append({p.name: p.read_bytes() for p in sorted((out / bundle.FOLDER).iterdir())})
    assert written[0] == written[1] and len(written[0]) == len(bundle.files(data_dir))


def test_the_data_zip_ships_the_exports_and_their_targets_resolve_inside_it(tmp_path: Path) -> None:
    with zipfile.ZipFile(downloads.write_data_zip(tmp_path)) as opened:
        names = {name.removeprefix(f"{downloads.DATA_FOLDER}/") for name in opened.namelist()}
    exports = bundle.files()
    assert set(exports) <= names
    collection = json.loads(exports[f"{bundle.FOLDER}/annotations.jsonld"])
    sources = {a["target"]["source"]["id"] for a in collection["first"]["items"] if "record" in a}
    assert {posixpath.normpath(posixpath.join(bundle.FOLDER, source)) for source in sources} <= names
    assert f"{bundle.FOLDER}/{collection['@context'][1]}" in names


def test_the_command_line_writes_the_exports_or_names_the_bad_row(tmp_path: Path, three: Path) -> None:
    assert main(["export", "--data-dir", str(three), "--out", str(tmp_path)]) == 0
    assert {p.relative_to(tmp_path).as_posix() for p in (tmp_path / "exports").iterdir()} == set(bundle.files(three))
    claims = (three / "tables" / "claims.csv").read_text(encoding="utf-8")
    broken = tmp_path / "broken"
    shutil.copytree(three, broken)
    (broken / "tables" / "claims.csv").write_text(claims.replace(",thesis,", ",aside,", 1), encoding="utf-8")
    result = run(
        [sys.executable, "-m", "analysis", "export", "--data-dir", str(broken), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=QUICK,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(
        "data/tables/claims.csv, row 1: claims bataut2025-c01 (the adjudicated coding): field 'role': 'aside'"
    )
    assert not (tmp_path / "out").exists()  # nothing half-made


def test_a_record_keeps_its_guid_and_iri_when_a_source_is_added(three: Path) -> None:
    """The GUIDs and annotation IRIs come from the record ids alone: the third source changes none of the others'."""

    def identifiers(data_dir: Path) -> dict[str, str]:
        project = bundle.files(data_dir)[f"{bundle.FOLDER}/project.qdpx"]
        with zipfile.ZipFile(io.BytesIO(project)) as archive:
            qde = archive.read("project.qde").decode("utf-8")
        pattern = r'<PlainTextSelection guid="([^"]+)" name="([^"]+)"[^>]* creatingUser="([^"]+)"'
        selections = {f"{user}:{name}": guid for guid, name, user in re.findall(pattern, qde)}
        annotations = _collection_items(bundle.files(data_dir)[f"{bundle.FOLDER}/annotations.jsonld"])
        return selections | {f"{a['coding']}:{a['record']}": a["id"] for a in annotations if "record" in a}

    before, after = identifiers(paths.DATA), identifiers(three)
    assert len(before) == 2 * sum(_expected_records(paths.DATA).values())  # a selection and an annotation per record
    assert {key: after[key] for key in before} == before
    assert len(after) > len(before)


def _collection_items(content: bytes) -> list[dict]:
    return json.loads(content)["first"]["items"]
