"""Readings of a question: what the engine could mean by it, each with the features the ranker scores.

A reading is a small query graph: one or two anchors (linked entities or classes), a relation path of
one or two hops that exists in the data, optional constraints (the kind asked for, a second entity,
things to leave out, alternatives to choose among, "only"/"all") and an output form (list, count,
yes/no, definition, comparison). Generators in :mod:`kubekg.qa.engine` enumerate them from the graph
around the anchors; :mod:`kubekg.qa.ranker` scores them; the best one above the calibrated threshold
is composed into an :class:`~kubekg.answer_models.Answer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from kubekg.answer_models import Answer
from kubekg.graph.catalogue import Relation
from kubekg.qa.entity_linker import Mention
from kubekg.qa.mentions import Described
from kubekg.qa.question_shapes import Cues

#: The output forms and paths a reading can take (one-hot features).
KINDS = (
    "objects",  # what the anchor relates to
    "subjects",  # what relates to the anchor
    "members",  # members of a class
    "definition",  # a text-valued relation of the anchor (its definition, …)
    "type",  # what kind of thing the anchor is
    "count",  # how many answers a list reading has
    "yesno",  # does (s, relation, o) hold?
    "yesno_only",  # is o the only thing s relates to by the relation (or s the only thing relating to o)?
    "all_yesno",  # does every member of a class relate to an entity?
    "universal",  # which things relate to every member of a class
    "compare",  # two entities side by side
    "two_hop",  # anchor -> relation -> something -> relation -> answers
    "complement",  # the asked kind's members that a reading does not return ("not maintained by …")
    "unrecorded",  # a relation the question asks about that the graph holds no value of for the anchor
    "named",  # the thing the question describes ("how do I list images with crictl?": that command)
    "choice",  # of the things a question offers, those with the fact that fits its other words best
)

#: The kinds whose key is (kind, anchor, relation, direction, constraints…): one relation read from an anchor.
ONE_HOP_KINDS = ("objects", "subjects", "members", "type", "definition", "count", "complement", "unrecorded", "choice")

#: Features of the question alone (the same for all its readings).
QUESTION_FEATURES = (
    "cue_count",
    "cue_yes_no",
    "cue_compare",
    "cue_universal",
    "cue_alternative",
    "cue_existence",
    "cue_selects",
    "cue_asked_kind",
    "cue_via",
    "cue_exclude",
    "cue_negated",
    "cue_only",
    "cue_bound",  # asks for a limit ("at most", "maximum", "최대 몇 개까지"), which no count of what there is answers
    "unknown_kind",  # the kind asked for is a word the graph never uses
    "n_exact",
    "n_fuzzy",
    "lang_ko",
    "best_sim",  # the best relation similarity any reading of the question has
    "offers_choice",  # the question names two or more things of one kind to choose between ("ctr or nerdctl")
    "outer_best",  # the best relation similarity of what the question asks about a thing it describes
    # ("who maintains {the CLI that lists pods}?": "who maintains …?"); 0 when it describes none
    "cue_how_to",  # asks how to do a task ("how do I list pods?", "이미지 받으려면 뭐 쳐?")
)

#: Features of one reading.
READING_FEATURES = (
    "sim",  # similarity of the (masked) question with the relation's phrasings
    "sim2",  # the second hop's, for two-hop readings
    "fact_sim",  # similarity of the whole question with the best verbalised fact the reading returns
    "sim_gap",  # best_sim - sim
    "sim_rank",  # rank of sim among the readings of the same kind (0: best)
    "sim_rank_all",  # rank of sim among all the question's readings
    "sim_lead",  # sim minus the best sim of the readings of other relations (> 0: this relation fits best)
    "anchor_score",  # link confidence (1.0 for an exact label)
    "anchor_exact",
    "anchor2_score",  # the second anchor's, for yes/no readings
    "anchor_is_class",
    "sole_relation",  # a paraphrased anchor's only relation; yes/no: the only relation reaching the object
    "engulfed",  # a longer mention of something else covers the anchor's words
    "class_agrees",  # a class the question names that the answers belong to
    "class_mismatch",  # classes named that no answer belongs to
    "asked_class_mismatch",  # … where the grammar says that class is what is asked for
    "unexplained",  # exact entity mentions the reading leaves unexplained
    "names_rival",  # the question names, and the reading leaves unexplained, another thing of the answers' kind
    "echo",  # the answers only repeat what the question names (or name as a place: "노드에서 …", "on each node")
    "names_answer",  # link confidence of a thing the question names that a list returns among others
    # ("which *latest containerd features* does nerdctl support?" read as every feature of nerdctl)
    "paraphrase_ignored",  # link confidence of the best paraphrase of a thing the reading leaves unused, in
    # words apart from its anchor's ("which component *figures out the right node* …" read as components)
    "narrowed",  # answers narrowed to those related to a second entity
    "excluded",  # things the question names to leave out, left out
    "solely",  # answers kept to those the relation links to the anchor and to nothing else ("which CLIs work
    # *only* with containerd?": not crictl, which works with every CRI runtime)
    "anchor_left_out",  # the reading starts from a thing the question names to leave out ("nerdctl 빼고 …")
    "chosen",  # answers restricted to the alternatives the question names
    "outside_choice",  # the question offers a choice and the reading does not pick among its alternatives
    "choice_lead",  # choice readings: how much better the chosen fact fits than the best fact of an offered
    # thing that does not share it
    "answers_of_kind",  # share of the answers that are of the kind the grammar says is asked for
    "kind_unmet",  # the grammar names the kind asked for and no answer is of it
    "answers_how_to",  # share of the answers of a class the ontology says tells how to do something
    "described",  # answers narrowed to the one the question's other words describe best: how well
    "described_lead",  # … and by how much more than the next answer
    "singled_out",  # lists: that lead, on the list and its variants (the question may describe one of them)
    "n_answers",  # log(1 + number of answers)
    "holds",  # yes/no: the checked fact holds
    "partial_fit",  # yes/no: the graph uses the relation with only one of the two ends
    "reversed_order",  # yes/no: the subject is named after the object
    "negated_phrasing",  # yes/no: the question asks the opposite of the fact (its phrasing, or the object named
    # without the negation its name has: "Is ctr user-friendly?" of "not user-friendly")
    "via_match",  # yes/no: the object is the means the question names ("through the CRI")
    "recorded",  # the relation has facts anywhere in the graph
    "only_fits",  # "only" readings: the thing held to be the only one is the one the "only" points at
    "role_fit",  # Korean: the particle after the anchor gives it the role the relation's phrasings ask about
    # it in this direction (1), the other role (-1), or it does not say (0): "kube-proxy*가* 유지하는 건"
    "answers_described",  # the question asks about a thing it describes ("the purpose of the CLI that …") and
    # the answers are of that thing's kind
    "middle_sim",  # two hops: how well the first hop's fact fits the words that describe the thing in the
    # middle ("the CLI *that comes with containerd*": ctr has installation bundled-with-containerd)
    "middle_lead",  # … minus the best fit of a fact of another thing of the middle's kind (through one chosen
    # middle, middle_chosen: its best fit by any of its facts, and the lead over the others the first hop reaches)
    "middle_chosen",  # two hops through the one middle the description fits best of those the first hop
    # reaches ("the CLI *that comes with containerd*": of the CLIs that work with containerd, ctr)
    "outer_sim",  # the similarity of the reading's (last) relation with what the question asks about a thing
    # it describes: high for the second hop of "who maintains the CLI that lists pods?", low for the first
    "form_fit",  # the reading answers in the form the cues ask: a number for "how many", yes/no for a check,
    # a comparison for "how do they differ", things otherwise
    # how far a reading stands below the best of its rivals (0: it is the best), so the trees compare readings of
    # one question rather than values across questions:
    "fact_sim_gap",  # … in fact_sim, among readings of the same kind (a "no" has no fact to compare: its
    # kind's others may)
    "outer_sim_gap",  # … in outer_sim, among all readings (0 when the question describes no thing)
    "anchor_gap",  # … in link confidence, among readings of the same kind anchored alike (by name, or by a
    # paraphrase): "check a container's logs with crictl" links the logs command better than the list command
)

FEATURES = (*QUESTION_FEATURES, *READING_FEATURES, *(f"kind_{k}" for k in KINDS))
_INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass
class Query:
    """A question as the generators see it. ``held_out`` names phrasings to ignore when scoring
    relations: a question generated from a phrasing for training must not match that phrasing itself."""

    text: str
    lang: str
    vector: np.ndarray
    mentions: list[Mention]
    cues: Cues
    held_out: frozenset[tuple[str, str, str]] = frozenset()
    question_features: dict[str, float] = field(default_factory=dict)
    relation_scores: dict[str, dict[tuple[str, str], float]] = field(default_factory=dict)  # per masked text
    fact_scores: dict[str, float] | None = None  # verbalised fact ("s p o") -> similarity with the question
    # … with the words that describe the thing in the middle, and each thing's best fit of any fact about it
    middle_scores: tuple[dict[str, float], dict[str, float]] | None = None
    listed: frozenset[str] = frozenset()  # the things of one kind the question names ("ctr, nerdctl, crictl")
    alternatives: frozenset[str] = frozenset()  # … when it offers them as a choice ("ctr or nerdctl?")
    described: Described | None = None  # a thing it describes instead of naming (see mentions.described)

    @property
    def outer(self) -> str | None:
        """What the question asks about the thing it describes ("who maintains {placeholder}?")."""
        return self.described.outer if self.described else None


@dataclass
class Candidate:
    """One reading: its identity, what it answers (for training labels), its features, and how to turn
    it into an answer (run only for the reading that wins)."""

    kind: str
    key: tuple  # (kind, anchor, relation, direction, …): identifies the reading
    answers: frozenset[str]  # IRIs, "yes"/"no" or a number as text; empty for "unrecorded"
    features: dict[str, float]
    compose: Callable[[float], Answer]

    def vector(self, question_features: dict[str, float]) -> np.ndarray:
        out = np.zeros(len(FEATURES), dtype=np.float32)
        for name, value in (*question_features.items(), *self.features.items()):
            out[_INDEX[name]] = value
        out[_INDEX[f"kind_{self.kind}"]] = 1.0
        return out


def matrix(query: Query, candidates: list[Candidate]) -> np.ndarray:
    """The feature matrix of a question's readings (one row each, columns in :data:`FEATURES` order)."""
    if not candidates:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    return np.stack([c.vector(query.question_features) for c in candidates])


def rank_within_kind(candidates: list[Candidate]) -> None:
    """Fill ``sim_rank``: how many readings of the same kind have a higher similarity."""
    by_kind: dict[str, list[float]] = {}
    for c in candidates:
        by_kind.setdefault(c.kind, []).append(c.features.get("sim", 0.0))
    every = sorted({c.features.get("sim", 0.0) for c in candidates}, reverse=True)
    best_by_relation: dict[str, float] = {}
    for c in candidates:
        rel = relation_of(c)
        best_by_relation[rel] = max(best_by_relation.get(rel, 0.0), c.features.get("sim", 0.0))
    for c in candidates:
        sim = c.features.get("sim", 0.0)
        c.features["sim_rank"] = float(sum(s > sim for s in by_kind[c.kind]))
        c.features["sim_rank_all"] = float(every.index(sim))
        others = [s for r, s in best_by_relation.items() if r != relation_of(c)]
        c.features["sim_lead"] = sim - max(others, default=0.0)


#: The form each reading kind answers in (see the ``form_fit`` feature); any other kind answers with things.
FORMS = {"count": "count", "yesno": "yes_no", "yesno_only": "yes_no", "all_yesno": "yes_no", "compare": "compare"}


def asked_form(query: Query) -> str:
    """The form the question's cues ask for: a count, yes/no, a comparison (not a choice), or things."""
    cues = query.cues
    if cues.count:
        return "count"
    if cues.yes_no:
        return "yes_no"
    if cues.compare and not cues.alternative:
        return "compare"
    return "things"


def relative_features(query: Query, candidates: list[Candidate]) -> None:
    """Fill the features that place a reading among the question's others: ``form_fit`` and the gaps to the
    best rival in fact fit, outer fit and (within a kind, among readings anchored alike) link confidence."""
    form = asked_form(query)
    best_outer = max((c.features.get("outer_sim", 0.0) for c in candidates), default=0.0)
    best_fact: dict[str, float] = {}
    best_anchor: dict[tuple[str, float], float] = {}
    for c in candidates:
        best_fact[c.kind] = max(best_fact.get(c.kind, 0.0), c.features.get("fact_sim", 0.0))
        alike = (c.kind, c.features.get("anchor_exact", 0.0))
        best_anchor[alike] = max(best_anchor.get(alike, 0.0), c.features.get("anchor_score", 0.0))
    for c in candidates:
        f = c.features
        f["form_fit"] = float(c.kind == "unrecorded" or FORMS.get(c.kind, "things") == form)
        f["fact_sim_gap"] = best_fact[c.kind] - f.get("fact_sim", 0.0)
        f["outer_sim_gap"] = best_outer - f.get("outer_sim", 0.0)
        f["anchor_gap"] = best_anchor[(c.kind, f.get("anchor_exact", 0.0))] - f.get("anchor_score", 0.0)


def last_hop(c: Candidate) -> tuple[str, str] | None:
    """The relation and direction of a reading's answers (its last hop for a path); None for checks,
    comparisons and readings of no single relation."""
    if c.kind == "two_hop":
        return c.key[4], c.key[5]
    if c.kind in ONE_HOP_KINDS:
        return c.key[2], c.key[3]
    return None


def relation_of(c: Candidate) -> str:
    """The relation a reading's similarity is about (its last hop for a path)."""
    if c.kind in ("universal",):
        return c.key[1]
    if c.kind in ("compare", "named"):
        return c.kind
    if (hop := last_hop(c)) is not None:
        return hop[0]
    return c.key[2] if len(c.key) > 2 else c.kind


class LookupSpec(NamedTuple):
    """What a lookup reading queries: anchor, relation, direction and its constraints."""

    anchor: str
    relation: Relation
    direction: str
    answer_class: str | None = None
    linked_to: str | None = None
    exclude: frozenset[str] | set[str] | None = None
    among: frozenset[str] | set[str] | None = None
    solely: bool = False  # only answers the relation links to the anchor alone ("… *only* with containerd")
