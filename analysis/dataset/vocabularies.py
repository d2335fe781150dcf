"""Closed vocabularies of the dataset, each value with its definition.

These are the single source of truth: the validator checks annotations against
them, `datapackage.json` carries them as `enum` constraints, and the codebook
chapter prints the definitions.
"""

from __future__ import annotations

ACTOR_TYPES: dict[str, str] = {
    "state": "A sovereign state, or a group of states named together.",
    "de facto government": "An authority that governs a country without wide international recognition.",
    "non-state armed group": "An armed organisation that is not a state's force (an insurgency, a militia).",
    "opposition": "Political or armed opponents of a government, acting within its country.",
    "international organisation": "An alliance, inter-governmental or non-governmental organisation.",
    "public": "A population or its opinion.",
    "other": "Any other collective the texts name (the media, unnamed sources, powers named as a group).",
}

GENRES: dict[str, str] = {
    "summary of an article": "A text by a reporter that summarises another author's article; the arguments are the author's, reported second-hand.",
    "opinion-analysis article": "A text in which the author argues in their own name.",
}

DATE_PRECISIONS: dict[str, str] = {
    "day": "The exact day is known.",
    "month": "Only the month is known; the date is padded to the first (start) or last (end) day.",
    "year": "Only the year is known.",
    "decade": "Only the decade is known.",
}

DATE_BASES: dict[str, str] = {
    "text": "The text itself states the date.",
    "inferred": "The coder dated the event from general knowledge; the text gives no date.",
}

CLAIM_TYPES: dict[str, str] = {
    "assertion": "States something as a fact.",
    "evaluation": "Judges something good, bad, right or wrong.",
    "explanation": "Gives a cause or reason.",
    "prediction": "Says what will or would happen.",
    "recommendation": "Says what someone should do.",
}

VOICES: dict[str, str] = {
    "author": "The author of the argument: the writer of an article, or the summarised author of a summary.",
    "reporter": "The writer of a summary, speaking on his own behalf (recommending or judging the work).",
}
"""Voice values besides actor ids: a voice is one of these or the id of the actor the text quotes or reports."""

MODALITIES: dict[str, str] = {
    "asserted": "The writer states it in their own voice as fact or judgement, unqualified.",
    "reported": "The writer relays another voice's statement without endorsing or disputing it; every claim a summary reports from its work.",
    "alleged": "An accusation or unproven charge, marked as such (alleged, accuses).",
    "speculated": "Presented as speculation, rumour or conjecture that no named speaker vouches for.",
    "hedged": "The voice commits with a qualifier (may, might, likely, seems).",
    "recommended": "A prescription: what someone should, must or will have to do.",
}

#: Modalities that do not commit the voice to the proposition being true.
UNCOMMITTED_MODALITIES = ("alleged", "speculated", "hedged")

ARGUMENT_ROLES: dict[str, str] = {
    "thesis": "A main conclusion the text argues for; a final recommendation drawn from it too.",
    "reason": "A general claim offered to support a thesis or another reason.",
    "evidence": "A fact, event, example or quoted statement offered to support a reason or thesis.",
    "concession": "Grants a point that cuts against the claim it bears on, while maintaining that claim.",
    "rebuttal": "Answers or denies an opposing point.",
    "context": "Background the text does not use to argue for anything.",
}

#: Roles that stand alone; every other role bears on another claim.
ROOT_ROLES = ("thesis", "context")

POLARITIES: dict[str, str] = {
    "favor": "For the target: supportive, approving, positive.",
    "against": "Against the target: hostile, critical, negative.",
    "neutral": "Neither: descriptive or balanced.",
}

POSITION_STANCES: dict[str, str] = {
    "engage": "Seeks contact, talks or relations with the target.",
    "isolate": "Seeks to cut the target off diplomatically or economically.",
    "mediate": "Acts as a go-between for the target and another party.",
    "support": "Backs the target materially or politically.",
    "oppose": "Works or speaks against the target.",
    "accuse": "Blames the target for a wrong.",
    "concerned": "Expresses worry or anxiety about the target.",
    "cooperate": "Works together with the target toward a shared aim.",
    "reject": "Refuses a demand, a responsibility or a claim.",
    "demand": "Asks the target to act, with pressure behind the request.",
    "welcome": "Greets a development or actor with approval.",
    "attack": "Uses force against the target.",
    "prefer": "Favours one course over another.",
}

NOTE_KINDS: dict[str, str] = {
    "transcription_artefact": "A character or break that the capture introduced, not the author.",
    "misspelled_name": "A person's or place's name spelled wrongly.",
    "page_chrome": "Website furniture captured with the article (menus, widgets, mottos).",
    "factual_slip": "A statement at odds with the public record.",
    "usage": "An unusual word choice or grammar worth flagging for quotation.",
}

POINT_RELATIONS: dict[str, str] = {
    "agree": "The texts state compatible facts about the matter, or take the same stance in it, and disagree on none of it.",
    "disagree": "They state incompatible facts about the matter at the same time, or one affirms what the other rejects.",
    "differ_in_emphasis": "Both speak to the matter, compatibly, about different aspects, causes or reasons.",
    "changed_over_time": "They describe the matter differently because they describe different moments.",
    "only_one": "Only one text of the pair speaks to the matter.",
}

CONTRAST_RELATIONS: dict[str, str] = {
    "agree": "Most of the topic's two-sided points of comparison agree (derived from the points).",
    "disagree": "Most of the topic's two-sided points disagree (derived from the points).",
    "differ_in_emphasis": "Most of the topic's two-sided points differ in emphasis (derived from the points).",
    "changed_over_time": "Most of the topic's two-sided points describe different moments (derived from the points).",
    "only_one": "Every point of the topic is one-sided: only one text of the pair speaks to its matters (derived).",
    "neither": "Neither text of the pair addresses the topic (computed from the claims).",
    "uncoded": "Each text of the pair has claims on the topic but no point of comparison records it yet (computed).",
}

SENTENCE_KINDS: dict[str, str] = {
    "body": "A sentence of the article body.",
    "heading": "A heading inside the article body.",
    "chrome": "A line of page chrome outside the body (menus, bylines, widgets, mottos).",
}

#: The relations of a point both texts speak to, in the order a tie in a topic's summary is broken.
CODED_RELATIONS = ("disagree", "changed_over_time", "agree", "differ_in_emphasis")

TARGET_KINDS: dict[str, str] = {
    "actor": "The stance is toward an actor of the codebook.",
    "proposition": "The stance is toward a proposition of the codebook (favor = affirms or advocates it).",
}

CODINGS: dict[str, str] = {
    "a": "The first coding, as it stood before adjudication.",
    "b": "The independent second coding, made from the coding manual and the texts alone.",
}
