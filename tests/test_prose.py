"""Sentences as data: the report's `Prose` holds text and references; the book alone writes their markup."""

from __future__ import annotations

import pytest

from analysis.book import myst
from analysis.report.prose import Link, Placement, Prose


def test_prose_adds_and_joins_like_text_and_keeps_its_references() -> None:
    sentence = Prose("See ", Link("number", "tbl-events"), ".") + " More." + Prose("")
    assert sentence.parts == ("See ", Link("number", "tbl-events"), ". More.")
    assert ("Before. " + sentence).parts[0] == "Before. See "
    joined = Prose.join(", ", ["a", Prose(Link("work", "k")), "b"])
    assert joined.parts == ("a, ", Link("work", "k"), ", b")
    assert joined.plain() == "a, k, b" and sentence.links == [Link("number", "tbl-events")]


def test_an_f_string_or_str_cannot_drop_a_reference() -> None:
    sentence = Prose(Link("record", "c-1"))
    with pytest.raises(TypeError):
        f"{sentence}"
    with pytest.raises(TypeError):
        str(sentence)


@pytest.mark.parametrize(
    ("link", "markup"),
    [
        (Link("record", "c-1"), "{record}`c-1`"),
        (Link("record", "c-1", "2"), "{ref}`2 <record-c-1>`"),
        (Link("quote", "s-1"), "{quote}`s-1`"),
        (Link("anchor", "p-1"), "{record-target}`p-1`"),
        (Link("number", "tbl-events"), "{numref}`tbl-events`"),
        (Link("section", "sources-method"), "{ref}`sources-method`"),
        (Link("section", "finding-a", "More in the overview"), "{ref}`More in the overview <finding-a>`"),
        (Link("page", "references"), "{doc}`references`"),
        (Link("work", "bataut2025"), "{cite}`bataut2025`"),
        (Link("author", "bataut2025"), "{cite:t}`bataut2025`"),
    ],
)
def test_the_book_writes_each_reference_as_its_role(link: Link, markup: str) -> None:
    assert myst.prose(Prose("(", link, ")")) == f"({markup})"


def test_a_placed_figure_is_glued_under_its_name_and_kept_in_place_on_paper() -> None:
    text = myst.prose(Prose(Link("number", "fig-a"), " draws it.\n\n", Placement("fig-a", "The caption.", "An outline.")))
    assert text.startswith("{numref}`fig-a` draws it.\n\n```{glue:figure} fig-a\n:name: fig-a\n")
    assert f":figclass: {myst.IN_PLACE}\n:alt: An outline.\n\nThe caption.\n```" in text
    loose = myst.prose(Prose(Placement("fig-b", "C.", "D.", in_place=False)))
    assert "figclass" not in loose
