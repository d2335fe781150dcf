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
import re
from collections import Counter

import pandas as pd

from . import frames
from .load import Dataset

#: Total weight of the prior, in pseudo-words (the pooled corpus is rescaled to it).
PRIOR_WEIGHT = 500.0

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

# Letters plus the combining marks that Python's \w leaves out (Devanagari vowel signs
# and virama, Arabic harakat), so that "संघर्ष" stays one word.
_MARKS = "\u0300-\u036f\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_LETTER = f"(?:[^\\W\\d_]|[{_MARKS}])"
_WORD = re.compile(f"{_LETTER}+(?:['\u2019]{_LETTER}+)?")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (any script), possessive 's dropped, stop words removed."""
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return [w for w in words if w not in STOP_WORDS and len(w) > 1]


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


#: Only words whose z-score reaches this (two-sided 5% under the model's normal approximation) are shown.
MIN_Z = 1.96


def distinctive(data: Dataset, top: int = 12, min_z: float = MIN_Z) -> pd.DataFrame:
    """Up to `top` words per source whose z reaches `min_z`, highest first, with the author's label."""
    scores = log_odds(word_counts(data))
    best = scores[scores.z >= min_z].groupby("source_id", group_keys=False).head(top)
    labels = frames.authors(data).set_index("source_id").label
    return best.assign(author_label=best.source_id.map(labels)).reset_index(drop=True)
