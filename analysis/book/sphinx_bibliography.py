"""Author–year labels in the bibliography, to match the author–year citations in the text.

sphinxcontrib-bibtex labels a bibliography's entries with its formatting style's
label style: numbers for `plain`. This registers `authoryear`, the `plain` style
labelled "Bataut 2025", "Monroe et al. 2008", "Masomy n.d.", with a, b, … after
the year when two entries would share a label. `_config.yml` selects it with
`bibtex_default_style: authoryear`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx


def _surnames(entry: Entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(person.prelast_names + person.last_names) for person in people]
    if not names:
        return entry.fields.get("organization") or entry.fields.get("institution") or entry.key
    if len(names) == 1:
        return names[0]
    return f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al."


def label(entry: Entry) -> str:
    """'Surname Year', with the year as the entry gives it ('n.d.' stays)."""
    return f"{_surnames(entry)} {entry.fields.get('year', 'n.d.')}".replace("{", "").replace("}", "")


class AuthorYearLabels(BaseLabelStyle):
    """Author–year labels, made unique with a, b, … in the order the entries are listed."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        entries = list(sorted_entries)
        labels = [label(entry) for entry in entries]
        shared = {text for text, count in Counter(labels).items() if count > 1}
        seen: Counter[str] = Counter()
        for text in labels:
            if text in shared:
                yield f"{text}{'abcdefghijklmnopqrstuvwxyz'[seen[text]]}"
                seen[text] += 1
            else:
                yield text


class AuthorYearStyle(PlainStyle):
    """pybtex's plain style, sorted by author and year, labelled author–year."""

    default_label_style = AuthorYearLabels
    default_sorting_style = "author_year_title"


def setup(app: Sphinx) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
