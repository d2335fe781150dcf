"""Table Schemas of the built tables: fields, types, descriptions and keys.

`datapackage.json` is written from these, so the codebook chapter, the
validator of the built files and the files themselves can never disagree.
A column filled from the annotation format also names the annotation field it
is read from (`Input`): the validator checks each record against these, and
the builder fills the tables from them, so a field is declared in one line.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field, replace
from typing import Any

from analysis import __version__
from analysis.dataset import vocabularies as v
from analysis.dataset.parameters import AGREEMENT_CONFIDENCE, COVERAGE_FLOOR, COVERED_THRESHOLD  # noqa: F401 (the thresholds, set once)
from analysis.dataset.quotes import CONTEXT_CHARS


@dataclass(frozen=True)
class Input:
    """A field of the annotation format: its key, and what its value must be.

    `check` names the check its value passes (an entry of `validate.CHECKS`); `ref`,
    the ids it must be one of (actor, topic, phase, source or proposition). Declared
    on a column, the field is required when the column is, and a text field fills
    the column as it stands, so the column's enum is its vocabulary: `required` and
    `vocab` say otherwise where the annotation format differs from the table.
    """

    key: str
    check: str = "text"
    ref: str | None = None
    required: bool | None = None
    vocab: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Field:
    """One column of a table, and the annotation fields it is read from.

    `read` names them: True for the text field of the column's name, an `Input`, or a tuple of
    Inputs; `inputs` holds them as a tuple.
    """

    name: str
    type: str
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    unique: bool = False
    read: InitVar[bool | Input | tuple[Input, ...]] = ()
    inputs: tuple[Input, ...] = field(init=False, default=())

    def __post_init__(self, read: bool | Input | tuple[Input, ...]) -> None:
        inputs = (Input(self.name),) if read is True else (read,) if isinstance(read, Input) else read or ()
        object.__setattr__(self, "inputs", inputs)

    def descriptor(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        descriptor: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "boolean":
            descriptor.update(trueValues=["true"], falseValues=["false"])
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


@dataclass(frozen=True)
class Table:
    """A built table: its name, what a row is, its fields and its keys."""

    name: str
    title: str
    row: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, table, field)
    derived: bool = False
    inputs: tuple[Input, ...] = ()  # annotation fields of its records that fill another table

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def descriptor(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                # A reference to the table itself is written as resource "" (Table Schema).
                {"fields": column, "reference": {"resource": "" if table == self.name else table, "fields": target}}
                for column, table, target in self.foreign_keys
            ]
        return {
            "name": self.name,
            "type": "table",
            "path": f"tables/{self.name}.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            # Declared, never sniffed: free text full of semicolons once made the validator guess ';'.
            "dialect": {"delimiter": ",", "header": True},
            "title": self.title,
            "description": f"One row per {self.row}." + (" Derived by code from the raw texts." if self.derived else ""),
            "schema": schema,
        }


def _enum(vocabulary: dict[str, str]) -> tuple[str, ...]:
    return tuple(vocabulary)


SOURCE_ID = Field("source_id", "string", "The source the record comes from (sources.source_id).")
SPAN_ID = Field(
    "span_id",
    "string",
    "The evidence: a verbatim passage of the source (spans.span_id).",
    read=(Input("quote"), Input("prefix", required=False), Input("suffix", required=False)),
)
OFFSET_START = Field("start", "integer", "0-based code-point offset of the first character in the raw text.")
OFFSET_END = Field("end", "integer", "0-based code-point offset just past the last character (end excluded).")
SOURCE_FK = ("source_id", "sources", "source_id")
SPAN_FK = ("span_id", "spans", "span_id")

TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "Sources",
        "source text",
        (
            Field("source_id", "string", "Stable id of the source.", unique=True, read=Input("id", "id")),
            Field("author", "string", "Whose arguments the text carries.", read=True),
            Field(
                "reporter",
                "string",
                "Who wrote the text when it reports the author's arguments second-hand.",
                required=False,
                read=True,
            ),
            Field("attribution", "string", "How to attribute the arguments: the author, and the reporter when there is one."),
            Field(
                "label",
                "string",
                "The name the book shows for the source: its annotation's `label`, by default the author's surname "
                "(with the reporter's for a summary: 'Masomy (via Pietrzak)').",
                read=Input("label", required=False),
            ),
            Field("title", "string", "Title of the text as published.", read=True),
            Field("venue", "string", "Where it was published.", read=True),
            Field("genre", "string", "What kind of text it is.", enum=_enum(v.GENRES), read=True),
            Field("published", "date", "Publication date, padded to a full date.", read=Input("published", "date")),
            Field("published_precision", "string", "How much of the date is known.", enum=_enum(v.DATE_PRECISIONS), read=True),
            Field("published_note", "string", "How the date was read or inferred.", required=False, read=True),
            Field("summarised_work", "string", "For a summary: the work it summarises.", required=False, read=True),
            Field(
                "url",
                "string",
                "The web address the text was captured from (empty when it was received without one).",
                required=False,
                read=True,
            ),
            Field(
                "retrieved",
                "date",
                "When the text was captured from that address (empty when not recorded).",
                required=False,
                read=Input("retrieved", "date"),
            ),
            Field("original_file_name", "string", "The file name the text was received under.", read=True),
            Field("raw_file", "string", "The raw text in data/raw/.", read=True),
            Field("sha256", "string", "SHA-256 of the raw text's bytes.", read=Input("sha256", "sha256")),
            Field("n_chars", "integer", "Length of the raw text in code points."),
            Field("n_body_sentences", "integer", "Number of body sentences."),
            Field("body_coverage", "number", "Share of body sentences at least half covered by evidence spans."),
        ),
        ("source_id",),
    ),
    Table(
        "actors",
        "Actors",
        "actor (state, group, public or other collective)",
        (
            Field("actor_id", "string", "Stable id of the actor.", unique=True, read=Input("id", "id")),
            Field("name", "string", "Canonical name.", read=True),
            Field("type", "string", "Kind of actor.", enum=_enum(v.ACTOR_TYPES), read=True),
            Field(
                "countries",
                "array",
                "The present-day countries the actor stands for, as ISO 3166-1 alpha-3 codes (JSON array); "
                "empty for an actor that is not a state or a group of states.",
                read=Input("countries", "countries", required=False),
            ),
            Field(
                "aliases",
                "array",
                "Every name the texts use for the actor (JSON array).",
                read=Input("aliases", "aliases", required=False),
            ),
        ),
        ("actor_id",),
    ),
    Table(
        "topics",
        "Topics",
        "topic of the claims codebook",
        (
            Field("topic_id", "string", "Stable id of the topic.", unique=True, read=Input("id", "id")),
            Field("label", "string", "Short label.", read=True),
            Field("definition", "string", "What claims the topic covers.", read=True),
        ),
        ("topic_id",),
    ),
    Table(
        "phases",
        "Historical phases",
        "historical phase of Pakistan's role in Afghanistan",
        (
            Field("phase_id", "string", "Stable id of the phase.", unique=True, read=Input("id", "id")),
            Field("label", "string", "Short label.", read=True),
            Field("start_year", "integer", "First year of the phase.", read=Input("start_year", "year")),
            Field("end_year", "integer", "Last year of the phase.", read=Input("end_year", "year")),
            Field("pakistan_role", "string", "Pakistan's role in the phase, summarised across the sources.", read=True),
        ),
        ("phase_id",),
    ),
    Table(
        "vocabularies",
        "Vocabularies",
        "value of a closed vocabulary",
        (
            Field("vocabulary", "string", "Which vocabulary (the field that uses it)."),
            Field("value", "string", "An allowed value."),
            Field("definition", "string", "What the value means."),
        ),
        ("vocabulary", "value"),
    ),
    Table(
        "spans",
        "Evidence spans",
        "verbatim passage used as evidence (W3C TextQuote and TextPosition selectors)",
        (
            Field("span_id", "string", "Stable id: source id, start and end offsets.", unique=True),
            SOURCE_ID,
            OFFSET_START,
            OFFSET_END,
            Field("exact", "string", "The passage exactly as in the raw text: text[start:end]."),
            Field("prefix", "string", f"Up to {CONTEXT_CHARS} characters just before the passage.", required=False),
            Field("suffix", "string", f"Up to {CONTEXT_CHARS} characters just after the passage.", required=False),
        ),
        ("span_id",),
        (SOURCE_FK,),
    ),
    Table(
        "sentences",
        "Sentences",
        "sentence of a body, heading, or line of page chrome",
        (
            Field("sentence_id", "string", "Stable id: source id and position.", unique=True),
            SOURCE_ID,
            OFFSET_START,
            OFFSET_END,
            Field("kind", "string", "Body sentence, heading or page chrome.", enum=_enum(v.SENTENCE_KINDS)),
            Field("text", "string", "The sentence exactly as in the raw text."),
            Field("covered_share", "number", "Share of its non-space characters inside at least one evidence span."),
        ),
        ("sentence_id",),
        (SOURCE_FK,),
        derived=True,
    ),
    Table(
        "mentions",
        "Actor mentions",
        "occurrence of an actor alias in a text",
        (
            Field("mention_id", "string", "Stable id: source id and offset.", unique=True),
            SOURCE_ID,
            Field("actor_id", "string", "The actor mentioned (actors.actor_id)."),
            Field("alias", "string", "The alias as it stands in the text."),
            OFFSET_START,
            OFFSET_END,
            Field("sentence_id", "string", "The sentence it stands in (sentences.sentence_id)."),
        ),
        ("mention_id",),
        (SOURCE_FK, ("actor_id", "actors", "actor_id"), ("sentence_id", "sentences", "sentence_id")),
        derived=True,
    ),
    Table(
        "propositions",
        "Propositions",
        "proposition a claim or position can take a stance on",
        (
            Field("proposition_id", "string", "Stable id of the proposition.", unique=True, read=Input("id", "id")),
            Field(
                "statement",
                "string",
                "The proposition as a statement: favor affirms or advocates it, against denies or rejects it.",
                read=True,
            ),
        ),
        ("proposition_id",),
    ),
    Table(
        "claims",
        "Claims",
        "proposition a text puts forward, one per quasi-sentence, in any voice",
        (
            Field("claim_id", "string", "Stable id of the claim.", unique=True, read=Input("id", "id")),
            SOURCE_ID,
            Field("author", "string", "The author of the argument the source carries."),
            Field("reported_by", "string", "The writer who reports it, when the source is second-hand.", required=False),
            Field("topic_id", "string", "Topic of the codebook (topics.topic_id).", read=Input("topic", ref="topic")),
            Field(
                "voice",
                "string",
                "Whose proposition it is: author, reporter, or the id of the actor the text quotes or reports.",
                read=Input("voice", "voice"),
            ),
            Field("speaker", "string", "The voice by name: the author's or reporter's name, or the actor's name."),
            Field("modality", "string", "How the text puts it forward.", enum=_enum(v.MODALITIES), read=True),
            Field("claim_type", "string", "What kind of claim.", enum=_enum(v.CLAIM_TYPES), read=True),
            Field(
                "target_kind",
                "string",
                "Whether the stance is toward an actor or a proposition.",
                required=False,
                enum=_enum(v.TARGET_KINDS),
                read=Input("target", "target"),
            ),
            Field("target_actor_id", "string", "The actor the stance is toward, if an actor.", required=False),
            Field("target_proposition_id", "string", "The proposition the stance is toward, if a proposition.", required=False),
            Field("stance", "string", "The voice's stance toward the target.", enum=_enum(v.POLARITIES), read=True),
            Field("role", "string", "Role in the text's argument.", enum=_enum(v.ARGUMENT_ROLES), read=True),
            Field(
                "bears_on",
                "string",
                "The claim this one supports, concedes or rebuts (claims.claim_id).",
                required=False,
                read=Input("bears_on", "id"),
            ),
            Field("paraphrase", "string", "The proposition in one sentence, in the coder's words.", read=True),
            SPAN_ID,
        ),
        ("claim_id",),
        (
            SOURCE_FK,
            ("topic_id", "topics", "topic_id"),
            ("target_actor_id", "actors", "actor_id"),
            ("target_proposition_id", "propositions", "proposition_id"),
            ("bears_on", "claims", "claim_id"),
            SPAN_FK,
        ),
    ),
    Table(
        "positions",
        "Positions",
        "stance of an actor as a text presents it",
        (
            Field("position_id", "string", "Stable id of the position.", unique=True, read=Input("id", "id")),
            SOURCE_ID,
            Field("holder_actor_id", "string", "The actor who holds the stance.", read=Input("holder", ref="actor")),
            Field(
                "target_kind",
                "string",
                "Whether the stance is toward an actor or a proposition.",
                enum=_enum(v.TARGET_KINDS),
                read=Input("target", "target"),
            ),
            Field("target_actor_id", "string", "The actor it is directed at, if an actor.", required=False),
            Field("target_proposition_id", "string", "The proposition it is about, if a proposition.", required=False),
            Field("stance", "string", "What the holder does or says.", enum=_enum(v.POSITION_STANCES), read=True),
            Field("polarity", "string", "The holder's polarity toward the target.", enum=_enum(v.POLARITIES), read=True),
            Field(
                "voice",
                "string",
                "Who attributes the position to the holder: author, reporter, or an actor id.",
                read=Input("voice", "voice"),
            ),
            Field(
                "modality",
                "string",
                "How the text presents the position (a speculated position is not a fact).",
                enum=_enum(v.MODALITIES),
                read=True,
            ),
            Field("note", "string", "Coder's note.", required=False, read=True),
            SPAN_ID,
        ),
        ("position_id",),
        (
            SOURCE_FK,
            ("holder_actor_id", "actors", "actor_id"),
            ("target_actor_id", "actors", "actor_id"),
            ("target_proposition_id", "propositions", "proposition_id"),
            SPAN_FK,
        ),
    ),
    Table(
        "phase_evidence",
        "Phase evidence",
        "passage placing Pakistan's role in a historical phase",
        (
            Field("phase_id", "string", "The phase (phases.phase_id).", read=Input("phase", ref="phase")),
            SOURCE_ID,
            Field("role", "string", "Pakistan's role in the phase, as this source puts it.", read=True),
            SPAN_ID,
        ),
        ("phase_id", "span_id"),
        (("phase_id", "phases", "phase_id"), SOURCE_FK, SPAN_FK),
    ),
    Table(
        "events",
        "Events",
        "dated or datable event a source mentions",
        (
            Field("event_id", "string", "Stable id of the event mention.", unique=True, read=Input("id", "id")),
            SOURCE_ID,
            Field("label", "string", "Short label.", read=True),
            Field(
                "date_start",
                "date",
                "First day the event may have started (padded by precision).",
                read=Input("date_start", "date"),
            ),
            Field("date_end", "date", "Last day it may have ended (padded by precision).", read=Input("date_end", "date")),
            Field("date_precision", "string", "How precisely the date is known.", enum=_enum(v.DATE_PRECISIONS), read=True),
            Field("approximate", "boolean", "Whether the date is an estimate.", read=Input("approximate", "bool")),
            Field(
                "date_basis",
                "string",
                "Whether the text gives the date or the coder inferred it.",
                enum=_enum(v.DATE_BASES),
                read=True,
            ),
            Field("date_note", "string", "How the date was established.", required=False, read=True),
            Field("phase_id", "string", "The historical phase it belongs to.", required=False, read=Input("phase", ref="phase")),
            SPAN_ID,
        ),
        ("event_id",),
        (SOURCE_FK, ("phase_id", "phases", "phase_id"), SPAN_FK),
        inputs=(Input("actors", "refs", ref="actor"),),
    ),
    Table(
        "event_actors",
        "Event actors",
        "actor taking part in an event",
        (
            Field("event_id", "string", "The event (events.event_id)."),
            Field("actor_id", "string", "The actor (actors.actor_id)."),
        ),
        ("event_id", "actor_id"),
        (("event_id", "events", "event_id"), ("actor_id", "actors", "actor_id")),
    ),
    Table(
        "notes",
        "Text-quality notes",
        "note on the quality of a source text",
        (
            Field("note_id", "string", "Stable id of the note.", unique=True, read=Input("id", "id")),
            SOURCE_ID,
            Field("kind", "string", "What kind of problem.", enum=_enum(v.NOTE_KINDS), read=True),
            Field("explanation", "string", "What is wrong and what was meant.", read=True),
            SPAN_ID,
        ),
        ("note_id",),
        (SOURCE_FK, SPAN_FK),
    ),
    Table(
        "points",
        "Points of comparison",
        "matter a pair of sources can be compared on (CODING.md, section 6)",
        (
            Field("point_id", "string", "Stable id of the point, as coded.", unique=True, read=Input("id", "id")),
            Field("topic_id", "string", "The topic the matter belongs to (topics.topic_id).", read=Input("topic", ref="topic")),
            Field("matter", "string", "The matter compared, named without taking a side.", read=True),
            Field("source_a", "string", "First source of the pair, by id order.", read=Input("sources", "refs", ref="source")),
            Field("source_b", "string", "Second source of the pair."),
            Field("relation", "string", "How the two sources relate on the matter.", enum=_enum(v.POINT_RELATIONS), read=True),
            Field("reason", "string", "Why the relation applies (the decision rule, applied).", read=True),
            Field(
                "says_a",
                "string",
                "What source A says on the matter (empty when silent).",
                required=False,
                read=Input("says", "says", required=True),
            ),
            Field("says_b", "string", "What source B says on the matter (empty when silent).", required=False),
            Field(
                "evidence_a",
                "string",
                "Source A's claims and positions that speak to the matter; space-separated ids (empty when silent).",
                required=False,
                read=Input("evidence", "evidence", required=True),
            ),
            Field("evidence_b", "string", "Source B's claims and positions, likewise.", required=False),
        ),
        ("point_id",),
        (("topic_id", "topics", "topic_id"), ("source_a", "sources", "source_id"), ("source_b", "sources", "source_id")),
    ),
    Table(
        "contrasts",
        "Topic summaries of the comparisons",
        "topic and pair of sources: the relation derived from its points of comparison",
        (
            Field("contrast_id", "string", "Stable id: topic and the two source ids.", unique=True),
            Field("topic_id", "string", "The topic (topics.topic_id)."),
            Field("source_a", "string", "First source of the pair, by id order."),
            Field("source_b", "string", "Second source of the pair."),
            Field(
                "relation",
                "string",
                "The relation most of the topic's two-sided points carry (ties: disagree, changed over time, agree, "
                "differ in emphasis), or what the claims show when no point is coded (CODING.md, section 6).",
                enum=_enum(v.CONTRAST_RELATIONS),
            ),
            Field("reason", "string", "How the relation was derived: the points per relation.", required=False),
            *(
                Field(f"n_{relation}", "integer", f"Points of the topic and pair whose relation is {relation}.")
                for relation in v.POINT_RELATIONS
            ),
            Field("points", "string", "The topic's points of comparison for the pair; space-separated ids.", required=False),
            Field("says_a", "string", "What source A says on the topic's points (or its claims' paraphrases).", required=False),
            Field("says_b", "string", "What source B says, likewise.", required=False),
            Field(
                "claims_a",
                "string",
                "Source A's records cited by the topic's points (or, with no point, its claims on the topic); "
                "space-separated ids.",
                required=False,
            ),
            Field("claims_b", "string", "Source B's records, likewise.", required=False),
        ),
        ("contrast_id",),
        (("topic_id", "topics", "topic_id"), ("source_a", "sources", "source_id"), ("source_b", "sources", "source_id")),
    ),
)


RECORD_KIND = Field(
    "kind",
    "string",
    "Which records: claims, positions, events, phase evidence, or points of comparison.",
    enum=("claims", "positions", "events", "phase_evidence", "points"),
)
CODED_FIELDS = tuple(
    Field(name, "string", f"The coder's {name.replace('_', ' ')} (as in the annotation format).", required=False)
    for name in (
        "bears_on",
        "claim_type",
        "date_end",
        "date_start",
        "holder",
        "modality",
        "phase",
        "polarity",
        "role",
        "stance",
        "target",
        "topic",
        "voice",
    )
)

_INTERVAL = f"{100 * AGREEMENT_CONFIDENCE:.0f}%"

RELIABILITY_TABLES: tuple[Table, ...] = (
    Table(
        "codings",
        "Reliability codings",
        "record of one of the two independent codings (a: the first coding before adjudication; b: the second coding)",
        (
            Field("coding", "string", "Which coding.", enum=_enum(v.CODINGS)),
            Field("record_id", "string", "The record's id in that coding."),
            RECORD_KIND,
            SOURCE_ID,
            OFFSET_START,
            OFFSET_END,
            *CODED_FIELDS,
        ),
        ("coding", "source_id", "record_id"),
        (SOURCE_FK,),
    ),
    Table(
        "unit_pairs",
        "Paired records",
        "pair of records of the two codings that code the same passage, paired by passage alone as the agreement "
        "figures pair them (or a record only one coding has)",
        (
            Field("pair_id", "string", "Stable id: kind, source and the two record ids ('-' for a missing one).", unique=True),
            RECORD_KIND,
            Field("source_id", "string", "The source of the records (for points of comparison, the pair joined by '+')."),
            Field("record_a", "string", "The first coding's record, if it coded the passage.", required=False),
            Field("record_b", "string", "The second coding's record, if it coded the passage.", required=False),
            Field("overlap", "number", "Jaccard overlap of the two passages (0 when unpaired)."),
        ),
        ("pair_id",),
    ),
    Table(
        "agreement",
        "Inter-coder agreement",
        "measure of agreement between the two codings, on one source (or pair of sources) or pooled over all",
        (
            Field("measure_id", "string", "Kind and field ('claims.voice', joint codes 'claims.target+stance')."),
            Field(
                "scope",
                "string",
                "The source measured (for points of comparison, the pair joined by '+'), or 'all': pooled over every source coded "
                "twice. A source coded once has no row.",
            ),
            RECORD_KIND,
            Field(
                "field",
                "string",
                "The field compared; a joint code joins fields by '+' and agrees only when all of them do; 'paired' = "
                "units of either coding paired with one of the other (unitizing); 'boundaries' = boundary F1 of the "
                "passages' starts and ends (unitizing); 'computed' = contrast units neither coding judged (the build's).",
            ),
            Field("n_units", "integer", "Units compared: paired records, unit rows, boundaries or topic-pairs."),
            Field("n_agree", "integer", "Units on which the codings agree (for boundaries: matched pairs)."),
            Field("share_agree", "number", "Share of agreement (for boundaries: the F1 score).", required=False),
            Field("share_low", "number", f"Bootstrap {_INTERVAL} interval of the share: lower bound.", required=False),
            Field("share_high", "number", f"Bootstrap {_INTERVAL} interval of the share: upper bound.", required=False),
            Field(
                "alpha",
                "number",
                "Krippendorff's alpha (nominal); empty when the codes show no variation, or for a share.",
                required=False,
            ),
            Field("alpha_low", "number", f"Bootstrap {_INTERVAL} interval of alpha: lower bound.", required=False),
            Field("alpha_high", "number", f"Bootstrap {_INTERVAL} interval of alpha: upper bound.", required=False),
        ),
        ("measure_id", "scope"),
    ),
    Table(
        "adjudications",
        "Adjudications",
        "disagreement between the two codings and how it was settled",
        (
            Field("adjudication_id", "string", "Stable id: kind, source, records and field.", unique=True),
            replace(RECORD_KIND, read=True),
            Field("source", "string", "The source (for points of comparison, the pair joined by '+').", read=True),
            Field("record_a", "string", "The first coding's record.", required=False, read=Input("a")),
            Field("record_b", "string", "The second coding's record.", required=False, read=Input("b")),
            Field("field", "string", "The field in dispute; 'unit' when only one coding coded the passage.", read=True),
            Field("code_a", "string", "The first coding's code.", required=False, read=True),
            Field("code_b", "string", "The second coding's code.", required=False, read=True),
            Field(
                "decision",
                "string",
                "Which code the adjudicator kept: a (the first coding's), b (the second's) or other (a third).",
                enum=("a", "b", "other"),
                read=True,
            ),
            Field(
                "final",
                "string",
                "What the published dataset holds (for a unit: the record id, or empty when dropped).",
                required=False,
                read=True,
            ),
            Field("reason", "string", "Why, in one line.", read=True),
        ),
        ("adjudication_id",),
    ),
)

VALIDITY_TABLES: tuple[Table, ...] = (
    Table(
        "validity",
        "Validity reading",
        "matter of an independent reading of the texts (made without the coding manual), aligned with a published point",
        (
            Field("matter_id", "string", "The reading's id of the matter, as made.", unique=True),
            Field("matter", "string", "The matter, in the reader's words."),
            Field("source_a", "string", "First source of the pair, by id order."),
            Field("source_b", "string", "Second source of the pair."),
            Field("reader_relation", "string", "The reader's relation.", enum=tuple(v.POINT_RELATIONS)),
            Field("reader_reason", "string", "The reader's one-line reason.", required=False),
            Field("quotes_a", "string", "The reader's quotes of source A, joined by ' … '.", required=False),
            Field("quotes_b", "string", "The reader's quotes of source B, likewise.", required=False),
            Field(
                "point_id",
                "string",
                "The published point whose evidence overlaps the quotes most (points.point_id); empty when none does.",
                required=False,
            ),
            Field("published_relation", "string", "That point's relation.", required=False, enum=tuple(v.POINT_RELATIONS)),
            Field("overlap", "number", "Characters shared by the quotes and the point's evidence, over their union (Jaccard)."),
            Field("same", "boolean", "Whether the reader's and the published relation are the same."),
            Field("note", "string", "For a divergence: why the published relation stands, or what was changed.", required=False),
        ),
        ("matter_id",),
        (("source_a", "sources", "source_id"), ("source_b", "sources", "source_id")),
    ),
)

TABLES = TABLES + RELIABILITY_TABLES + VALIDITY_TABLES

TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}

#: The record lists of a source's annotation file, each filling the table of its name (its `source` mapping fills sources).
SOURCE_SECTIONS = ("claims", "positions", "phase_evidence", "events", "notes")
#: The record lists of the codebook, each filling the table of its name.
CODEBOOK_SECTIONS = ("actors", "topics", "propositions", "phases")

VOCABULARIES: dict[str, dict[str, str]] = {
    "actors.type": v.ACTOR_TYPES,
    "sources.genre": v.GENRES,
    "date_precision": v.DATE_PRECISIONS,
    "events.date_basis": v.DATE_BASES,
    "claims.claim_type": v.CLAIM_TYPES,
    "voice": v.VOICES,
    "modality": v.MODALITIES,
    "claims.role": v.ARGUMENT_ROLES,
    "target_kind": v.TARGET_KINDS,
    "polarity": v.POLARITIES,
    "positions.stance": v.POSITION_STANCES,
    "notes.kind": v.NOTE_KINDS,
    "points.relation": v.POINT_RELATIONS,
    "contrasts.relation": v.CONTRAST_RELATIONS,
    "sentences.kind": v.SENTENCE_KINDS,
}


@dataclass
class PackageInfo:
    """Package-level metadata of datapackage.json."""

    name: str = "pakistan-afghanistan-arguments"
    title: str = "Pakistan–Afghanistan relations: an evidence-backed dataset of analyses"
    description: str = (
        "Claims, actor positions, historical phases and events coded from analyses of Pakistan–Afghanistan relations, "
        "each tied to a verbatim passage of its source; the sources table lists the texts, and the raw texts are included."
    )
    version: str = __version__
    licenses: list[dict[str, str]] = field(
        default_factory=lambda: [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 (annotations and built tables)",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ]
    )
