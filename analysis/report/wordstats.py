"""Distinctive words: log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5: for each word w
and each author i against all the others (-i), with counts y and totals n,

    delta_w = log((y_wi + a_w) / (n_i + a0 - y_wi - a_w))
            - log((y_w-i + a_w) / (n_-i + a0 - y_w-i - a_w))
    var_w  ~= 1 / (y_wi + a_w) + 1 / (y_w-i + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior a_w is proportional to the word's share of the pooled corpus, scaled
to a total a0. Counts come from body sentences only.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter

import pandas as pd

from analysis.dataset.load import Dataset
from analysis.dataset.parameters import MIN_Z, PRIOR_WEIGHT
from analysis.report import frames

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "even",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "my",
        "neither",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "since",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "thus",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "would",
        "you",
        "your",
        "s",
        "t",
    ]
)

#: Joined into a word: zero-width non-joiner and joiner (Persian می‌خواهم, some Indic conjuncts).
_JOINERS = "\u200c\u200d"
#: Joined into a word when a letter, mark or digit stands on each side: apostrophes and hyphens.
_INNER = "'\u2019-\u2010\u2011"
_SAME_INNER = str.maketrans({"\u2019": "'", "\u2010": "-", "\u2011": "-"})


def _word_char(char: str) -> bool:
    """A letter (L*), a mark (M*: vowel signs, viramas, harakat, accents) or a digit (N*)."""
    return unicodedata.category(char)[0] in "LMN"


def words(text: str) -> list[str]:
    """Every word of a text in any script, as written: a run of letters, marks and digits,
    joined across ZWNJ/ZWJ and across an apostrophe or hyphen that has a word character on each side."""
    found: list[str] = []
    current: list[str] = []
    for index, char in enumerate(text):
        if _word_char(char):
            current.append(char)
            continue
        if current and char in _JOINERS + _INNER and index + 1 < len(text) and _word_char(text[index + 1]):
            current.append(char)
            continue
        if current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (any script, NFC), possessive 's dropped, stop words and numbers removed."""
    found = [unicodedata.normalize("NFC", word).lower().translate(_SAME_INNER) for word in words(text)]
    found = [word[:-2] if word.endswith("'s") else word for word in found]
    return [
        word
        for word in found
        if word not in STOP_WORDS and len(word) > 1 and any(unicodedata.category(char)[0] == "L" for char in word)
    ]


def word_counts(data: Dataset) -> pd.DataFrame:
    """Word counts per source over body sentences: columns word, source_id, count."""
    body = data.sentences[data.sentences.kind == "body"]
    rows = []
    for source_id, sentences in body.groupby("source_id"):
        counts = Counter(word for text in sentences.text for word in tokens(text))
        rows += [{"word": w, "source_id": source_id, "count": c} for w, c in counts.items()]
    return pd.DataFrame(rows, columns=["word", "source_id", "count"]).sort_values(["source_id", "word"]).reset_index(drop=True)


def log_odds(counts: pd.DataFrame, prior_weight: float = PRIOR_WEIGHT) -> pd.DataFrame:
    """Each source against the rest: delta, variance and z for every word it uses."""
    pooled = counts.groupby("word")["count"].sum()
    prior = pooled / pooled.sum() * prior_weight
    a0 = float(prior.sum())
    rows = []
    for source_id, own in counts.groupby("source_id"):
        mine = own.set_index("word")["count"]
        rest = (pooled - mine.reindex(pooled.index, fill_value=0)).clip(lower=0)
        n_i, n_rest = float(mine.sum()), float(rest.sum())
        for word, y_i in mine.items():
            a_w = float(prior[word])
            y_rest = float(rest[word])
            delta = math.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - math.log((y_rest + a_w) / (n_rest + a0 - y_rest - a_w))
            variance = 1 / (y_i + a_w) + 1 / (y_rest + a_w)
            rows.append(
                {
                    "source_id": source_id,
                    "word": word,
                    "count": int(y_i),
                    "count_rest": int(y_rest),
                    "delta": delta,
                    "variance": variance,
                    "z": delta / math.sqrt(variance),
                }
            )
    return pd.DataFrame(rows).sort_values(["source_id", "z", "word"], ascending=[True, False, True]).reset_index(drop=True)


def distinctive(data: Dataset, top: int = 12, min_z: float = MIN_Z) -> pd.DataFrame:
    """Up to `top` words per source whose z reaches `min_z`, highest first, with the author's label."""
    scores = log_odds(word_counts(data))
    best = scores[scores.z >= min_z].groupby("source_id", group_keys=False).head(top)
    labels = frames.authors(data).set_index("source_id").label
    return best.assign(author_label=best.source_id.map(labels)).reset_index(drop=True)
