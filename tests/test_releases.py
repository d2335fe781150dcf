"""Releases: the changelog names the version CITATION.cff cites, and says what changed in tables not yet released."""

from __future__ import annotations

from pathlib import Path

import analysis
from analysis.book import citation
from analysis.dataset.load import load

RELEASED = "## 1.0.0 — 2026-11-24 — data {hash}\n\nThe first version.\n"


def _changelog(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "CHANGELOG.md"
    path.write_text("# Changelog\n\n## How the version is numbered\n\nRules.\n\n" + text, encoding="utf-8")
    return path


def test_the_changelog_agrees_with_the_version_cited_and_the_tables() -> None:
    cff = citation.load()
    assert citation.releases()[0].version == cff["version"] == analysis.__version__
    assert citation.release_problems(cff, load().descriptor["content_sha256"]) == []


def test_tables_changed_since_the_release_must_be_listed_under_unreleased(tmp_path: Path) -> None:
    cff = {"version": "1.0.0", "date-released": "2026-11-24"}
    now = "ab" * 32
    assert citation.release_problems(cff, now, _changelog(tmp_path, RELEASED.format(hash=now[:12]))) == []
    stale = _changelog(tmp_path, RELEASED.format(hash="0" * 12))
    (problem,) = citation.release_problems(cff, now, stale)
    assert "tables changed since 1.0.0" in problem and "Unreleased" in problem
    listed = _changelog(tmp_path, "## Unreleased\n\n- A claim recoded.\n\n" + RELEASED.format(hash="0" * 12))
    assert citation.release_problems(cff, now, listed) == []
    assert citation.release_problems({**cff, "version": "1.1.0"}, now, listed) == [
        "CHANGELOG.md: the latest release is 1.0.0, CITATION.cff says version 1.1.0"
    ]


def test_the_citing_chapter_says_whether_the_tables_are_the_releases(tmp_path: Path) -> None:
    cff = {"version": "1.0.0", "date-released": "2026-11-24"}
    now = "cd" * 32
    same = citation.version_markdown(cff, "1.0.0+cdcdcdcdcd", now, _changelog(tmp_path, RELEASED.format(hash=now[:12])))
    assert "Cite version **1.0.0**" in same and "**1.0.0+cdcdcdcdcd**" in same and "those of the release" in same
    changed = citation.version_markdown(cff, "1.0.0+cdcdcdcdcd", now, _changelog(tmp_path, RELEASED.format(hash="0" * 12)))
    assert "changed since that release" in changed and "{doc}`changelog`" in changed
