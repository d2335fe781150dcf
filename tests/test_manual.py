"""The coder's instructions quote no coded text (issue 19).

A second coder who reads worked examples taken from the very texts being coded, with the
first coding's decisions on them, is not independent. The instruction files (the coding
manual, the annotation format, the codebook's texts and the vocabularies' definitions) may
therefore share no run of six or more consecutive words with any raw text of a source,
whichever sources the data folder holds.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import add_fixture_source, edit_yaml

from analysis import paths
from analysis.dataset import vocabularies

#: The shortest run of consecutive words that counts as a quotation.
RUN = 6

#: Invisible format characters that editors add or drop inside words (ZWNJ, ZWJ, soft hyphen, BOM),
#: and the Arabic forms of kaf and yeh, read as their Persian forms (as the quote matcher does).
FOLD = {**dict.fromkeys(map(ord, "\u200c\u200d\u00ad\ufeff")), ord("ك"): "ک", ord("ي"): "ی", ord("ى"): "ی"}


def words(text: str) -> list[str]:
    """The words of `text`, case-folded: runs of letters, digits and combining marks in any script.

    Everything else (punctuation, straight or curly quotes, hyphens and dashes, white space)
    separates words, so copy-paste changes do not hide a quotation.
    """
    text = unicodedata.normalize("NFKC", text).translate(FOLD).casefold()
    found: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def raw_texts(data_dir: Path) -> dict[str, str]:
    """Every coded text of the data folder, by file name: the raw file each source's annotation names."""
    texts = {}
    for annotation in sorted((data_dir / "annotations" / "sources").glob("*.yaml")):
        raw_file = yaml.safe_load(annotation.read_text(encoding="utf-8"))["source"]["raw_file"]
        texts[raw_file] = (data_dir / "raw" / raw_file).read_text(encoding="utf-8")
    return texts


def _strings(node: object, key: str | None = None) -> list[str]:
    """The string values of a loaded YAML document, except the actors' aliases.

    Aliases are the names the texts themselves use, matched to find mentions, not passages.
    """
    if key == "aliases":
        return []
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, value in node.items() for s in [str(k), *_strings(value, str(k))]]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item, key)]
    return []


def codebook_text(path: Path) -> str:
    """What a coder reads in codebook.yaml: its comments and every text but the aliases."""
    content = path.read_text(encoding="utf-8")
    comments = [line.split("#", 1)[1] for line in content.splitlines() if line.lstrip().startswith("#")]
    return "\n".join([*comments, *_strings(yaml.safe_load(content))])


def vocabulary_text() -> str:
    """Every value and one-line definition of the closed vocabularies."""
    tables = [value for value in vars(vocabularies).values() if isinstance(value, dict)]
    return "\n".join(f"{value}: {definition}" for table in tables for value, definition in table.items())


def instruction_texts(data_dir: Path) -> dict[str, str]:
    """The coder-facing instructions of a data folder, by name."""
    annotations = data_dir / "annotations"
    return {
        "data/annotations/CODING.md": (annotations / "CODING.md").read_text(encoding="utf-8"),
        "data/annotations/README.md": (annotations / "README.md").read_text(encoding="utf-8"),
        "data/annotations/codebook.yaml": codebook_text(annotations / "codebook.yaml"),
        "analysis/dataset/vocabularies.py": vocabulary_text(),
    }


def shared_runs(text: str, raw: str, length: int = RUN) -> list[str]:
    """The maximal runs of at least `length` consecutive words of `text` that also occur in `raw`."""
    raw_words = words(raw)
    grams = {tuple(raw_words[i : i + length]) for i in range(len(raw_words) - length + 1)}
    text_words = words(text)
    hits = [i for i in range(len(text_words) - length + 1) if tuple(text_words[i : i + length]) in grams]
    runs: list[list[int]] = []
    for i in hits:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [" ".join(text_words[start : end + length]) for start, end in runs]


def quotations(data_dir: Path) -> list[str]:
    """Every run an instruction file shares with a coded text, as 'file: "run" (raw file)'."""
    raws = raw_texts(data_dir)
    return [
        f'{name}: "{run}" ({raw_file})'
        for name, text in instruction_texts(data_dir).items()
        for raw_file, raw in raws.items()
        for run in shared_runs(text, raw)
    ]


def test_the_instructions_quote_no_coded_text() -> None:
    found = quotations(paths.DATA)
    assert not found, "instruction files quote a coded text:\n" + "\n".join(found)


def test_a_third_source_is_covered(data_copy: Path) -> None:
    add_fixture_source(data_copy)
    assert "khan2026.txt" in raw_texts(data_copy)
    assert quotations(data_copy) == []
    coding = data_copy / "annotations" / "CODING.md"
    # The fixture's own words, re-cased and with a curly apostrophe, a dash and a line break.
    planted = "e.g. “pakistan's decision to close the Torkham—crossing\nin october” is evidence"
    coding.write_text(coding.read_text(encoding="utf-8") + planted, encoding="utf-8")
    assert quotations(data_copy) == [
        'data/annotations/CODING.md: "pakistan s decision to close the torkham crossing in october" (khan2026.txt)'
    ]


@pytest.mark.parametrize("where", ["README.md", "codebook.yaml"])
def test_a_planted_quote_is_caught(data_copy: Path, where: str) -> None:
    path = data_copy / "annotations" / where
    # Six words of a coded text, with a straight apostrophe where the text has a curly one.
    planted = "Since the Taliban's takeover of Kabul"
    if where == "codebook.yaml":
        edit_yaml(path, lambda codebook: codebook["phases"][0].update(pakistan_role=planted))
    else:
        path.write_text(path.read_text(encoding="utf-8") + planted, encoding="utf-8")
    found = quotations(data_copy)
    assert len(found) == 1
    assert "since the taliban s takeover of kabul" in found[0]
    assert found[0].startswith(f"data/annotations/{where}:")


def test_a_planted_definition_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(vocabularies.MODALITIES, "reported", "As in: the two sides also exchanged fires along their border.")
    assert quotations(paths.DATA) == [
        'analysis/dataset/vocabularies.py: "the two sides also exchanged fires along their border" (bataut2025.txt)'
    ]


def test_five_words_are_not_a_quotation() -> None:
    raw = "Relations between the two capitals have long been tense."
    assert shared_runs("relations between the two capitals are fine", raw) == []
    assert shared_runs("Relations between the two capitals have improved", raw) == ["relations between the two capitals have"]


def test_other_scripts_and_invisible_characters() -> None:
    raw = "گفت که کابل و اسلام\u200cآباد بار دیگر مذاکره کردند"  # Persian, with a zero-width non-joiner
    assert shared_runs("کابل و اسلامآباد بار دیگر مذاکره", raw) == ["کابل و اسلامآباد بار دیگر مذاکره"]
    assert shared_runs("كابل و اسلامآباد بار ديگر مذاکره", raw) == ["کابل و اسلامآباد بار دیگر مذاکره"]  # Arabic kaf and yeh
    assert shared_runs("کابل و اسلامآباد بار دیگر", raw) == []
