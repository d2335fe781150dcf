"""The coded records as a REFI-QDA project (.qdpx), the exchange format of QDA software.

- Sources: one TextSource per source, its raw text as published (UTF-8, byte for byte) in
  `sources/<guid>.txt`; its metadata (the `sources` table's fields) as variable values.
- Code book: one code tree per vocabulary (a parent code that cannot be coded, a child per value).
- Users: one per coding (a, b, the adjudicated one); every selection and coding is made by its coding's user.
- Selections: one PlainTextSelection per record and coding, start and end in code points of the text,
  coded with each of the record's codes; free-text fields (paraphrase, note...) in its description.
- Links: a claim's link to the claim it bears on, and each comparison between sources as links
  from every claim of one side to every claim of the other.

Every GUID is a uuid5 of what it stands for, so two builds give the same project byte for byte.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from analysis.dataset.load import Dataset
from analysis.exports import records
from analysis.exports.archive import zip_bytes
from analysis.exports.records import CODINGS, Comparison, Record, stable_uuid

PROJECT_FILE = "project.qdpx"
XMLNS = "urn:QDA-XML:project:1.0"
#: The fields of the sources table kept as variables (the rest are file names and hashes).
SOURCE_VARIABLES = (
    "source_id",
    "author",
    "reporter",
    "attribution",
    "title",
    "venue",
    "genre",
    "published",
    "published_precision",
    "published_note",
    "summarised_work",
)


def guid(*parts: str) -> str:
    """The GUID of a project element: stable from build to build."""
    return stable_uuid("refiqda", *parts).upper()


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {name.rstrip("_"): value for name, value in attributes.items()})
    if text is not None:
        child.text = text
    return child


def _code_book(project: ET.Element, trees: dict[str, dict[str, str]]) -> None:
    codes = _element(_element(project, "CodeBook"), "Codes")
    for tree, values in trees.items():
        parent = _element(codes, "Code", guid=guid("code", tree), name=tree, isCodable="false")
        for value, meaning in values.items():
            code = _element(parent, "Code", guid=guid("code", tree, value), name=value, isCodable="true")
            if meaning:
                _element(code, "Description", meaning)


def _selection(parent: ET.Element, record: Record) -> None:
    user = guid("user", record.coding)
    selection = _element(
        parent,
        "PlainTextSelection",
        guid=guid("selection", record.key),
        name=record.record_id,
        startPosition=str(record.start),
        endPosition=str(record.end),
        creatingUser=user,
    )
    description = [f"{record.kind} {record.record_id} ({CODINGS[record.coding]})"]
    description += [f"{field}: {text}" for field, text in record.texts]
    _element(selection, "Description", "\n".join(description))
    for tree, value in record.codes:
        coding = _element(selection, "Coding", guid=guid("coding", record.key, tree, value), creatingUser=user)
        _element(coding, "CodeRef", targetGUID=guid("code", tree, value))


def comparison_links(comparison: Comparison) -> list[tuple[str, str, str]]:
    """A comparison as links: (name, origin selection key, target selection key), each claim of A to each of B."""
    name = f"{comparison.relation}: {comparison.comparison_id}"
    return [
        (name, f"{records.PUBLISHED}:{a}", f"{records.PUBLISHED}:{b}") for a in comparison.claims_a for b in comparison.claims_b
    ]


def project_xml(data: Dataset) -> bytes:
    """The project file (project.qde)."""
    found = records.records(data)
    project = ET.Element(
        "Project",
        {
            "xmlns": XMLNS,
            "name": data.descriptor["title"],
            "origin": "analysis.exports.refiqda",
            "creatingUserGUID": guid("user", records.PUBLISHED),
        },
    )
    users = _element(project, "Users")
    for coding, meaning in CODINGS.items():
        _element(users, "User", guid=guid("user", coding), name=meaning, id=coding)
    _code_book(project, records.vocabularies(data))
    variables = _element(project, "Variables")
    for name in SOURCE_VARIABLES:
        _element(variables, "Variable", guid=guid("variable", name), name=name, typeOfVariable="Text")
    sources = _element(project, "Sources")
    for row in records.rows(data.sources.sort_values("source_id")):
        source_id = row["source_id"] or ""
        source = _element(
            sources,
            "TextSource",
            guid=guid("source", source_id),
            name=source_id,
            plainTextPath=f"internal://{guid('source', source_id)}.txt",
            creatingUser=guid("user", records.PUBLISHED),
        )
        _element(source, "Description", row["title"] or "")
        for record in (r for r in found if r.source_id == source_id):
            _selection(source, record)
        for name in SOURCE_VARIABLES:
            if row.get(name):
                value = _element(source, "VariableValue")
                _element(value, "VariableRef", targetGUID=guid("variable", name))
                _element(value, "TextValue", row[name])
    links = _element(project, "Links")
    for record in found:
        for relation, target in record.links:
            origin, goal = record.key, f"{record.coding}:{target}"
            _element(
                links,
                "Link",
                guid=guid("link", origin, goal),
                name=relation,
                direction="OneWay",
                originGUID=guid("selection", origin),
                targetGUID=guid("selection", goal),
            )
    for comparison in records.comparisons(data):
        for name, origin, goal in comparison_links(comparison):
            _element(
                links,
                "Link",
                guid=guid("link", origin, goal, comparison.comparison_id),
                name=name,
                direction="Associative",
                originGUID=guid("selection", origin),
                targetGUID=guid("selection", goal),
            )
    ET.indent(project, space=" ")
    return ET.tostring(project, encoding="utf-8", xml_declaration=True) + b"\n"


def qdpx(data: Dataset) -> bytes:
    """The .qdpx archive: project.qde and every source's raw text, entries sorted, fixed timestamps."""
    files = {"project.qde": project_xml(data)}
    for source_id in sorted(data.sources.source_id):
        raw = data.data_dir / records.raw_paths(data)[source_id]
        files[f"sources/{guid('source', source_id)}.txt"] = raw.read_bytes()
    return zip_bytes(files)


def files(data: Dataset) -> dict[str, bytes]:
    """The REFI-QDA project, by file name."""
    return {PROJECT_FILE: qdpx(data)}
