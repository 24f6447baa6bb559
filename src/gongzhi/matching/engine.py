"""The matching engine: ranks resources (资源清单) for needs (需求清单) and assigns a batch of needs to
resources within their capacities.

Text is segmented with jieba (the lexicon's phrases registered as words), read for the lexicon's concepts
(homophone typos included, see lexicon.Matcher) and for thesaurus groups (thesaurus.py: words and adjacent-word
runs found in 同义词林 / cnsyn groups; a group holding a lexicon phrase also brings its concept), and scored with
BM25 over the resources — words, concepts and groups as terms, a group and a concept reached through it weighted
below an exact word or concept, generic terms (found in many resources) scaled down; a concept of a resource's
heading counts twice, same category and same community add a bonus, a resource with no capacity left is
penalised. A need with fewer than three matches gets a character n-gram floor (baseline.py's TF-IDF cosine), and a
need sharing not a character with any resource still gets suggestions (score 0, marked for staff), so no need
comes back empty while resources exist (docs/adr/0018-matching-hybrid-ranker.md). Needs matched to a resource before
(its history) are evidence of it in residents' words (docs/adr/0023), and what a need means beyond its words comes
from static word vectors distilled from a packaged sentence model (semantic.py, docs/adr/0026): a resource much
closer in meaning than the list's average gets a bonus, also where no word is shared. Scoring is sparse matrix algebra (numpy/scipy) in blocks of needs, so memory stays flat
while the number of needs grows; the best k of each need are read off the sparse scores without ever
building a dense needs × resources matrix. Large batches are scored by worker processes (one per core).
Nothing is downloaded: jieba's dictionary ships inside its package.

Batch assignment (``assign``) is an exact maximum-weight b-matching over each need's best ``candidates``
resources (solver.py), with a certificate: the optimal duals prove how far the result can be from the best
assignment over *all* resources, and needs for which that proof fails get more candidates and the batch is
solved again (``rounds``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from scipy import sparse

from gongzhi.matching import sentences
from gongzhi.matching.baseline import CharNgramTfidf
from gongzhi.matching.dialect import mandarin, readings
from gongzhi.matching.lexicon import (
    CATEGORY_NAMES,
    CONCEPT_TOKEN,
    STOP_WORDS,
    Stretch,
    category_code,
    concept_by_name,
    find,
    group_phrases,
    register_with_jieba,
    segment,
    sound_stretches,
    word_sounds,
)
from gongzhi.matching.semantic import ClauseSimilarity, Similarity, closest_words, highest
from gongzhi.matching.semantic import vector as semantic_vector
from gongzhi.matching.sentences import PASSAGE, QUERY
from gongzhi.matching.sentences import available as sentence_model_available
from gongzhi.matching.sentences import meaning as sentence_vectors
from gongzhi.matching.thesaurus import is_synonym_group, units


@dataclass(frozen=True)
class Need:
    id: str
    text: str
    category: str = ""
    community: str = ""


@dataclass(frozen=True)
class Resource:
    id: str
    text: str
    org: str = ""
    category: str = ""
    community: str = ""
    capacity: int | None = None  # places left; None = not limited / not known


@dataclass(frozen=True)
class Weights:
    k1: float = 1.2
    b: float = 0.75
    service_concept: float = 2.0  # query weight of a service concept (管道疏通)
    group_concept: float = 0.5  # query weight of a beneficiary group (老年人, 青少年)
    word: float = 1.0  # query weight of a plain word
    same_category: float = 1.5  # the need's given category
    concept_category: float = 1.0  # the category of one of the need's service concepts
    same_community: float = 1.0
    no_capacity_factor: float = 0.5  # a resource with no places left keeps half its score
    heading: bool = True  # a concept of the resource's heading counts twice (what it is, not what it mentions)
    weak_concept: float = 0.5  # factor for a concept read from one-character phrases only (臭, 脏)
    related_concept: float = 0.5  # query weight of a concept reached through the thesaurus (剪发 ≈ 理发 → 理发)
    synonym: float = 0.1  # query weight of a thesaurus group of one of the need's words (剪头发 ≈ 理发)
    # generic terms: a term found in more than this share of the resources has its query weight scaled by
    # (share / spread) ** -spread_power (老人, 孩子, 社区 say who or where, the rest of the need says what)
    spread: float = 0.05
    spread_power: float = 1.0
    # the character n-gram floor: a need with fewer than floor_k matches gets the resources most similar by
    # character 1–2-grams (TF-IDF cosine), scored floor × cosine (below any word or concept match)
    floor: float = 1.0
    floor_k: int = 3
    # character n-gram cosine × ngram added to every match (full fusion): +0.007 top-1 on the 2026-12 development
    # set at 4.0, but a full n-gram product per block of needs; off (the floor above is kept)
    ngram: float = 0.0
    # characters and character pairs inside the words as index terms (抽烟机 meets 抽油烟机, 快递 meets 快递员,
    # 太极 meets 太极拳), at this query weight; generic ones are scaled down like any term
    pieces: float = 0.3
    # BM25 length normalisation of concept terms: a concept is what a resource offers, and a long description
    # dilutes it less than it dilutes a word (None: b as for words)
    b_concept: float | None = 0.6
    # terms said only in a clause telling who the resident is (我是送外卖的, 退休前是老师, 在工地上干活) weigh
    # this much: they say who asks, the rest of the need says what is needed
    identity: float = 0.5
    piece_share: float = 0.1  # pieces found in more than this share of the resources are not index terms
    # needs matched to a resource before (its history, Index(history=…)): a resource's score is the larger of
    # its own evidence and history × its mean BM25 similarity to the history_nearest nearest of those needs (a
    # missing one counts 0; not their sum, so that a resource with history does not push a new offering without
    # any down; docs/adr/0023). 0.35 until the eighth round; 0.5 from the ninth, chosen with history_meaning below
    history: float = 0.5
    history_nearest: int = 2
    history_cap: int = 50  # past needs kept per resource at most (the first ones given: pass the most recent first)
    # the past needs as the sentence model reads them (sentences.py, docs/adr/0027): each resource with history lies as
    # close to a need as the closest of its past needs (semantic.ClauseSimilarity; the mean of their vectors until the
    # fourteenth round); of the history_meaning_k resources closest to a need, those more than history_meaning_z
    # standard deviations closer than the average of the resources with history get history_meaning × (z −
    # history_meaning_z) added (residents asked for this resource in such words before): to the need's entries, and as
    # a new entry only past history_meaning_new; 0 turns it off. Unlike the words of past needs above it adds to
    # the resource's own evidence (max() lost most of its gain), and sentence_cold below keeps new offerings level.
    # Chosen in the ninth round on twelve development sets (leave-one-set-out history).
    history_meaning: float = 3.0
    history_meaning_z: float = 1.5
    history_meaning_k: int = 5
    history_meaning_new: float = 3.0
    # what a need means beyond its words (semantic.py: static word vectors distilled from a packaged sentence model):
    # a resource whose vector is more than semantic_z standard deviations closer to the need's than the list's
    # resources on average gets semantic × that z-score added (docs/adr/0026); 0 turns it off
    semantic: float = 1.0
    semantic_z: float = 2.0
    semantic_k: int = 5  # at most this many resources a need, the closest (a long list has many past the bar)
    semantic_cosine: float = 0.3  # and only resources this close in absolute terms (small talk has a top too)
    # a homophone typo of a word the resources use (马通 → 马桶, 幼儿圆 → 幼儿园; Index.heard) weighs as the word × this;
    # 0 turns it off (typos of lexicon phrases are read by the lexicon's matcher either way)
    heard: float = 1.0
    # what the whole need means (sentences.py: the packaged multilingual-e5-small reads the sentence, not its words;
    # docs/adr/0027): of the sentence_k resources the model puts closest to the need, those more than sentence_z
    # standard deviations closer than the list's average get sentence × (z − sentence_z) × the need's best score so
    # far added where the need already has an entry (a word, a piece, a concept, meaning or the n-gram floor), and
    # where it has none only past sentence_new (in a short list the closest resource is always a little closer than
    # the rest); 0 turns it off. Until the eighth round the bonus was absolute (2.0 in the seventh round, 3.0 in the
    # eighth): a long need's many shared words outweighed it. In proportion to the need's best score from the ninth,
    # 0.3 chosen on twelve development sets (engine alone 0.860 → 0.871 top-1; with history 0.924 → 0.923)
    sentence: float = 0.3
    sentence_z: float = 1.0
    sentence_k: int = 10
    sentence_new: float = 3.0
    # where the list has history (Index(history=…)), a new offering — one with fewer than `new_below` past needs —
    # gets its sentence bonus × sentence_cold: the resources with history have their past needs' words and meaning
    # besides their own text, a new one only its text, and on arrival it must not lose to them for want of a past.
    # Chosen in the ninth round on the six spent test sets ranked with the other sets' history and none for their own
    # new offerings (as on their arrival): top-1 0.849 → 0.889 at 2.0 (0.876 at 1.5, 0.872 at 3.0); 1.5 from the
    # tenth, where the asked channel below gives new offerings a reading of their own (with 2.0 and it, history loses
    # 5 top-1 of 3,230)
    sentence_cold: float = 1.5
    # each offering as residents would ask for it (sentences.asked: its clauses embedded as queries, like a need): of a
    # need's entries scoring at least asked_near × its best score so far, those whose resource's closest clause lies
    # more than asked_z standard deviations closer to the need than the list's offerings' closest clauses on average
    # get asked × (z − asked_z) × the need's best score added (semantic.ClauseSimilarity; until the fourteenth round
    # the clauses' mean vector, which lost a need for one of an offering's services among the others it lists). It
    # reorders what other evidence found and never makes an entry; its z-scores are computed once per distinct need
    # vector and offering text. Where the list has
    # history, only new offerings (fewer than new_below past needs) get it: the others have their past needs' words
    # and meaning, and giving it to every offering lost 39 top-1 with history, while taking it from an offering at its
    # first confirmed match would lower it. 0 turns it off. Chosen in the tenth round on thirteen development
    # sets: engine alone 2,782 → 2,810 top-1 of 3,230 (the seven spent test sets 1,344 → 1,383 of 1,680), with
    # history 2,989 → 2,991, as on arrival 1,702 → 1,709 of 1,916 (then on a need's 10 best entries, new offerings
    # only; from the eleventh on the entries near the best: the same figures at a third of the cost). 0.2 × the best
    # score after the sentence channel's bonus until the sixteenth round; from the seventeenth 0.4 × the best before
    # any model channel (the same scale as the sentence channel's, with the vote below)
    asked: float = 0.4
    asked_z: float = 1.5
    asked_near: float = 0.3
    # an offering with fewer past needs than this counts as new (sentence_cold, the asked channel): a first confirmed
    # match must not cost an offering what it had as a new one. Until the eleventh round "no history at all" (1);
    # chosen in the twelfth on fifteen sets with history: 3,406 → 3,431 top-1 of 3,710 at 3 (3,422 at 2, 3,424 at 5
    # for the asked channel alone)
    new_below: int = 3
    # where the list has history, the resources vote for a need: of the vote_k resources closest to it in meaning — by
    # their closest past need (the z-score of history_meaning), a new offering by its closest clause (the asked
    # channel's z-score) plus vote_new standard deviations —, each gets a share softmax(z / vote_spread) of the vote,
    # and vote × the need's best score × its share is added to the need's entries (none is made). The other channels
    # add each resource's own closeness, whatever the others' (residents asked for this one in such words before); the
    # vote says how clearly it is the closest. vote_new keeps an offering nobody was matched to yet in the vote.
    # Chosen in the sixteenth round on nineteen development sets: with history 4,276 → 4,302 top-1 of 4,670 (needs about
    # the spent sets' own new offerings 1,018 → 1,019), as on arrival 2,766 → 2,805 of 3,120 (new offerings 1,029 →
    # 1,048), at 0.3 × the best score after the sentence channel's bonus; from the seventeenth 0.8 × the best before any
    # model channel, with asked 0.4 (twenty sets: with history 4,509 → 4,532 of 4,910, as on arrival 3,017 → 3,037 of
    # 3,360, alone 4,021 → 4,026); 0 turns it off
    vote: float = 0.8
    vote_k: int = 5
    vote_spread: float = 1.0
    vote_new: float = 1.0


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Analysis:
    words: tuple[str, ...]
    concepts: tuple[str, ...]  # concept names, lexicon order
    corrections: tuple[tuple[str, str], ...] = ()  # homophone typos read as lexicon phrases (雪压 → 血压)
    weak: tuple[str, ...] = ()  # concepts read from one-character phrases only (臭): counted at half weight
    synonyms: tuple[tuple[str, int], ...] = ()  # (word of the text, thesaurus group) for its thesaurus words
    # concepts reached through the thesaurus: (word of the text, lexicon phrase of the same group, concept, group)
    related: tuple[tuple[str, str, str, int], ...] = ()
    # words and concept terms (CONCEPT_TOKEN + name) said only in clauses telling who the resident is
    who: frozenset[str] = frozenset()
    # stretches that may be a homophone typo of a word of the resources (Index.heard decides, per list)
    sounds: tuple[Stretch, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    resource: Resource
    score: float
    reason: str


@dataclass(frozen=True)
class Assignment:
    need: Need
    resource: Resource | None
    score: float


@dataclass
class AssignmentReport:
    """How a batch assignment was solved and how good it is proven to be."""

    needs: int = 0
    candidates: int = 0  # candidates per need in the first round
    edges: int = 0  # need–resource pairs the final programme had
    classes: int = 0  # left nodes after merging interchangeable needs (same candidates, same scores)
    peeled: int = 0  # needs fixed exactly by peeling (solver.py)
    components: int = 0  # components solved as linear programmes
    rounds: int = 0  # rounds solved (1 + rounds that added candidates)
    assigned: int = 0
    total: float = 0.0
    gap_bound: float = 0.0  # proven: best total over all resources − total <= gap_bound (0: proven optimal)
    solve_seconds: float = 0.0  # in the solver (peeling, components, HiGHS), all rounds
    timings: dict = field(default_factory=dict)


def _implied_categories(analysis: Analysis) -> frozenset[str]:
    return _categories_of(analysis.concepts)


@lru_cache(maxsize=65_536)
def _categories_of(concept_names: tuple[str, ...]) -> frozenset[str]:
    concepts = concept_by_name()
    return frozenset(concepts[n].category for n in concept_names if concepts[n].kind == "service")


@lru_cache(maxsize=262_144)
def _is_content(word: str) -> bool:
    return bool(word.strip()) and word not in STOP_WORDS and not word.isdigit() and any(
        "\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in word)


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    register_with_jieba()
    return jieba


# An address with a building number ("五美社区12栋3单元", "桃花江小区3号楼2单元501室") says where, not what: it is
# left out of the words (the community is matched through the need's community field).
ADDRESS = re.compile(r"(?:[\u4e00-\u9fff]{2,4}(?:社区|小区|花园|新村))?\d+(?:栋|幢|号楼|座)(?:\d+单元)?(?:\d+(?:室|号))?")


@lru_cache(maxsize=262_144)
def segmented(text: str) -> tuple[str, ...]:
    """jieba's cut of a text with the lexicon's phrases (lexicon.segment), its dialect read as Mandarin (dialect.py),
    cached: the analysis and the text's meaning (semantic.vector) read the same cut."""
    _tokenizer()
    return tuple(segment(mandarin(text)))


@lru_cache(maxsize=262_144)
def analyse(text: str) -> Analysis:
    """Words (jieba, stop words removed; a homophone typo adds the phrase it stands for) and lexicon
    concepts of one text; an address with a building number is left out, Cantonese written forms are read as
    Mandarin (dialect.py)."""
    text = mandarin(ADDRESS.sub(" ", text))
    tokens = list(segmented(text))
    groups = group_phrases()
    words = [w for w in tokens if _is_content(w) and w not in groups]
    found = find(text, tokens)
    words += [phrase for _written, phrase in found.corrections]
    synonyms = tuple(dict.fromkeys((unit, gid) for unit, ids in units(tokens) if _is_content(unit) for gid in ids))
    phrases = _concept_phrases()
    related: dict[str, tuple[str, str, str, int]] = {}
    for unit, gid in synonyms:
        if unit in phrases:
            continue
        for phrase, name in _group_concepts().get(gid, ()):
            if name not in found.concepts and name not in related:
                related[name] = (unit, phrase, name, gid)
    return Analysis(tuple(words), found.concepts, found.corrections, found.weak, synonyms, tuple(related.values()),
                    _who(text), sound_stretches(text, tokens))


# A clause that tells who the resident is rather than what is needed: 我是送外卖的, 我以前是裁缝, 做夜班保安的,
# 开小饭馆的, 在工地上干活. A clause that asks (想, 帮, 有没有, 怎么 …) is never one.
IDENTITY = re.compile(
    r"^(?:(?:我|俺|本人)(?:以前|原来|退休前|过去|平时|现在)?(?:是|在|当)[\u4e00-\u9fff]{1,10}"
    r"|(?:以前|原来|退休前|过去)是[\u4e00-\u9fff]{1,8}"
    r"|(?:做|干|跑|送|摆|卖|当)[\u4e00-\u9fff]{1,6}的|开[\u4e00-\u9fff]{0,4}(?:店|馆|厂|车|铺|摊|超市|公司)的"
    r"|在[\u4e00-\u9fff]{1,8}(?:上班|打工|干活|工作|做事))$")
CLAUSE = re.compile(r"[，,。.！!？?；;、\s]+")
ASKING = re.compile(r"想|帮|请|求|能不能|能否|可不可以|可以|有没有|有无|哪里|哪个|哪儿|哪门|哪家|咋个|怎么|如何|么子|什么|啥子|"
                    r"找|需要|希望|麻烦|申请|办理|咨询|问问|问一")


@lru_cache(maxsize=262_144)
def _who(text: str) -> frozenset[str]:
    """The words and concept terms of a text said only in its clauses telling who the resident is (empty when
    the text is one clause, or all of it is such clauses)."""
    clauses = [c for c in CLAUSE.split(ADDRESS.sub(" ", text)) if c]
    if len(clauses) < 2:
        return frozenset()
    who = [c for c in clauses if IDENTITY.match(c) and not ASKING.search(c)]
    if not who or len(who) == len(clauses):
        return frozenset()
    rest = analyse("，".join(c for c in clauses if c not in who))
    own = analyse("，".join(who))
    terms = {*own.words, *(CONCEPT_TOKEN + c for c in own.concepts)}
    return frozenset(terms - {*rest.words, *(CONCEPT_TOKEN + c for c in rest.concepts)})


@lru_cache(maxsize=1)
def _concept_phrases() -> frozenset[str]:
    return frozenset(p for c in concept_by_name().values() for p in (c.name, *c.phrases))


@lru_cache(maxsize=1)
def _group_concepts() -> dict[int, tuple[tuple[str, str], ...]]:
    """thesaurus group → (lexicon phrase, service concept) for the service phrases of two or more characters in
    the group."""
    from gongzhi.matching.thesaurus import groups_of

    known = groups_of()
    result: dict[int, list[tuple[str, str]]] = {}
    for concept in concept_by_name().values():
        if concept.kind != "service":
            continue
        for phrase in (concept.name, *concept.phrases):
            for gid in known.get(phrase, ()):
                result.setdefault(gid, []).append((phrase, concept.name))
    return {gid: tuple(pairs) for gid, pairs in result.items()}


def analyse_resource(resource: Resource) -> Analysis:
    """Concepts come from what the resource offers; the provider's name adds words only (a lecture by
    a hospital is not a clinic)."""
    own = analyse(resource.text)
    return (Analysis(own.words + _words(resource.org), own.concepts, own.corrections, (), own.synonyms)
            if resource.org else own)


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    """The words of a name (jieba, stop words and group words removed): no concepts, no typos."""
    groups = group_phrases()
    _tokenizer()
    return tuple(w for w in segment(text) if _is_content(w) and w not in groups)


def heading_concepts(text: str) -> tuple[str, ...]:
    """The concepts of a resource's heading — the part before the first colon of "管道疏通：上门疏通下水道……",
    what the service is rather than what it mentions; a text without a colon is all heading."""
    for colon in ("：", ":"):
        head, sep, rest = text.partition(colon)
        if sep and head.strip() and rest.strip():
            return analyse(head).concepts
    return analyse(text).concepts


class _Codes:
    """Strings (categories, communities) → small integers; -1 for empty."""

    def __init__(self):
        self.codes: dict[str, int] = {}

    def of(self, value: str, *, add: bool) -> int:
        if not value:
            return -1
        if add:
            return self.codes.setdefault(value, len(self.codes))
        return self.codes.get(value, -2)  # -2: known to the need only, matches nothing


@dataclass
class _Block:
    """What scoring one block of needs yields (arrays are per need of the block, in order)."""

    start: int
    top_cols: np.ndarray | None = None  # (n, top_k) resource indices, -1 = none
    top_vals: np.ndarray | None = None  # (n, top_k)
    reasons: list[list[str]] | None = None
    cand_ptr: np.ndarray | None = None  # CSR over the block's needs
    cand_cols: np.ndarray | None = None
    cand_vals: np.ndarray | None = None
    left_out: np.ndarray | None = None  # best usable score not among the candidates (0 = none)
    classes: list[str] | None = None  # what decides a need's scores (for merging interchangeable needs)


SYNONYM_TOKEN = "§syn:"  # a thesaurus group as an index term (no text contains §)
PIECE_TOKEN = "§p:"  # a character or a pair of adjacent characters inside a word, as an index term


@lru_cache(maxsize=65_536)
def _pieces(words: tuple[str, ...]) -> tuple[str, ...]:
    """The Chinese characters and pairs of adjacent characters inside each word, as index terms (repeats kept:
    they are term counts on the resource side)."""
    out = []
    for word in words:
        out += [PIECE_TOKEN + ch for ch in word if "\u4e00" <= ch <= "\u9fff"]
        out += [PIECE_TOKEN + word[i:i + 2] for i in range(len(word) - 1)]
    return tuple(out)


class _History:
    """The needs matched to each resource before, as a BM25 index of their own (the engine's terms: words,
    concepts, thesaurus groups, pieces): a new need's similarity to the nearest past need of a resource is
    evidence of the resource in residents' words, which its own description may not use."""

    def __init__(self, index: Index, owner: np.ndarray, texts: list[str], n_res: int, factor: float,
                 nearest: int = 1):
        self.index, self.owner, self.texts, self.n_res, self.factor = index, owner, texts, n_res, factor
        self.nearest = max(nearest, 1)
        self.count = np.bincount(owner, minlength=n_res)  # past needs a resource
        self.meaning: ClauseSimilarity | None = None  # each resource's past needs' meaning (with_meaning)
        self.meaning_owner = np.zeros(0, dtype=np.int64)  # the resources with past needs, in the order of meaning
        self._past_meaning = np.zeros((0, 0), dtype=np.float32)

    def new(self, weights: Weights) -> np.ndarray:
        """The resources that count as new offerings: fewer than weights.new_below past needs."""
        return self.count < weights.new_below

    def read_meaning(self) -> None:
        """The past needs' vectors (the sentence model's, as a query), grouped by resource: a resource lies as close to
        a need as its closest past need (until the fifteenth round the mean of its past needs' vectors, which lost a
        need like one of them among the others)."""
        past = sentence_vectors(self.texts, QUERY)
        owners, where = np.unique(self.owner, return_inverse=True)
        self._past_meaning, self.meaning_owner = past, owners
        order = np.argsort(where, kind="stable")
        groups = np.split(order, np.cumsum(np.bincount(where, minlength=len(owners)))[:-1])
        self.meaning = ClauseSimilarity(past, [g.tolist() for g in groups], np.arange(len(owners)))

    def with_meaning(self, product: sparse.csr_matrix, needs: np.ndarray, weights: Weights) -> sparse.csr_matrix:
        """history_meaning × (z − history_meaning_z) added for the resources one of whose past needs lies closest in
        meaning to each need (``needs``: their sentence vectors)."""
        if self.meaning is None or len(self.meaning_owner) < 2:
            return product
        rows, cols, z = self.meaning.above(needs, weights.history_meaning_z, weights.history_meaning_k)
        rows, cols, z = _matched_or_past(product, rows, self.meaning_owner[cols], z, weights.history_meaning_new)
        return _plus(product, rows, cols, weights.history_meaning * (z - weights.history_meaning_z))

    def meaning_passes(self, need: Need, r: int, weights: Weights) -> int | None:
        """The past need of resource r closest in meaning to the need, when it is close enough for the channel above
        (else None): what staff are shown."""
        if self.meaning is None or len(self.meaning_owner) < 2:
            return None
        at = int(np.searchsorted(self.meaning_owner, r))
        if at >= len(self.meaning_owner) or self.meaning_owner[at] != r:
            return None
        q = sentence_vectors([need.text], QUERY)
        if float(self.meaning.z(q, np.zeros(1, dtype=np.int64), np.array([at]))[0]) <= weights.history_meaning_z:
            return None
        own = np.flatnonzero(self.owner == r)
        return int(own[int(np.argmax(self._past_meaning[own] @ q[0]))])

    @classmethod
    def build(cls, resources: Sequence[Resource], history: Mapping[str, Sequence[str]], weights: Weights
              ) -> _History | None:
        texts: list[str] = []
        owner: list[int] = []
        for r, resource in enumerate(resources):
            kept = [t for t in dict.fromkeys(history.get(resource.id, ())) if t and t.strip()][:weights.history_cap]
            texts += kept
            owner += [r] * len(kept)
        if not texts:
            return None
        # the past needs are plain texts: no floor, no category or community bonus, no history of their own
        plain = replace(weights, floor=0.0, same_category=0.0, concept_category=0.0, same_community=0.0,
                        history=0.0, ngram=0.0, sentence=0.0)
        index = Index([Resource(str(i), t) for i, t in enumerate(texts)], plain)
        return cls(index, np.asarray(owner, dtype=np.int64), texts, len(resources), weights.history,
                   weights.history_nearest)

    def fuse(self, product: sparse.csr_matrix, needs: Sequence[Need], analyses: Sequence[Analysis],
             recalled: list[sparse.csr_matrix] | None) -> sparse.csr_matrix:
        """max(own evidence, factor × mean BM25 of the nearest past needs) per need and resource; ``recalled``, if
        given, receives a needs × resources matrix holding 1 + the nearest past need where the history decided."""
        similar = (self.index.query_matrix(analyses) @ self.index.bm25).tocsr()  # needs × past needs
        if similar.nnz == 0:
            return product
        rows = np.repeat(np.arange(similar.shape[0], dtype=np.int64), np.diff(similar.indptr))
        past, values = similar.indices, similar.data * self.factor
        pairs = rows * self.n_res + self.owner[past]
        # the nearest past needs of each (need, resource): sort by pair, best first; the mean of the first
        # `nearest` of each pair (fewer count 0: one chance resemblance does not decide), the first for the reason
        order = np.lexsort((-values, pairs))
        pairs, past, values = pairs[order], past[order], values[order]
        first = np.ones(len(pairs), dtype=bool)
        first[1:] = pairs[1:] != pairs[:-1]
        pair = np.cumsum(first) - 1
        position = np.arange(len(pairs)) - np.flatnonzero(first)[pair]
        near = position < self.nearest
        values = np.bincount(pair[near], weights=values[near], minlength=int(first.sum())) / self.nearest
        pairs, past = pairs[first], past[first]
        rows, cols = pairs // self.n_res, pairs % self.n_res
        recall = sparse.csr_matrix((values, (rows, cols)), shape=product.shape)
        fused = product.maximum(recall).tocsr()
        if recalled is not None:
            nearest = sparse.csr_matrix((past + 1.0, (rows, cols)), shape=product.shape)
            recalled.append(nearest.multiply(recall > product).tocsr())
        return fused

    def text(self, past: int) -> str:
        return self.texts[past]


class Index:
    """BM25 index of a resource list; scores needs against it in blocks."""

    PARALLEL_FROM = 20_000  # needs; smaller batches are scored in the calling process
    MAX_WORKERS = 4  # worker processes at most (each holds a block of scores, a few hundred MB)
    BLOCK_CELLS = 16_000_000  # needs × resources per block
    VOTE_LEAST = 10  # resources with past needs the vote needs (Weights.vote)
    PIECE_KEPT = 50  # a piece in at most this many resources is always an index term (short lists)

    def __init__(self, resources: Sequence[Resource], weights: Weights = DEFAULT_WEIGHTS,
                 history: Mapping[str, Sequence[str]] | None = None):
        """``history``: resource id → texts of needs matched to it before (confirmed matches, most recent first);
        a resource with none is ranked on its own text only."""
        self.resources = list(resources)
        self.weights = weights
        self.history = _History.build(self.resources, history, weights) if history and weights.history else None
        self.analyses = [analyse_resource(r) for r in self.resources]
        self.vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        concept_terms: set[int] = set()
        piece_terms: set[int] = set()
        lengths = np.zeros(len(self.resources), dtype=np.float64)
        for i, analysis in enumerate(self.analyses):
            terms: dict[int, int] = {}
            heading = heading_concepts(self.resources[i].text) if weights.heading else ()
            synonyms = {SYNONYM_TOKEN + str(gid) for _unit, gid in analysis.synonyms}
            pieces = _pieces(analysis.words) if weights.pieces else ()
            for token in (*analysis.words, *(CONCEPT_TOKEN + c for c in (*analysis.concepts, *heading)), *synonyms,
                          *pieces):
                t = self.vocabulary.setdefault(token, len(self.vocabulary))
                terms[t] = terms.get(t, 0) + 1
            concept_terms.update(self.vocabulary[CONCEPT_TOKEN + c] for c in analysis.concepts)
            piece_terms.update(self.vocabulary[p] for p in pieces)
            lengths[i] = sum(terms.values())
            rows += [i] * len(terms)
            cols += terms.keys()
            counts += terms.values()
        n_res, n_terms = len(self.resources), max(len(self.vocabulary), 1)
        tf = sparse.csr_matrix((np.asarray(counts, dtype=np.float64), (rows, cols)), shape=(n_res, n_terms))
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=n_terms).astype(np.float64)
        idf = np.log1p((n_res - df + 0.5) / (df + 0.5))
        avgdl = lengths.mean() if n_res and lengths.mean() > 0 else 1.0
        norm = weights.k1 * (1 - weights.b + weights.b * lengths / avgdl)  # per document
        tf_coo = tf.tocoo()
        data = idf[tf_coo.col] * tf_coo.data * (weights.k1 + 1) / (tf_coo.data + norm[tf_coo.row])
        if weights.b_concept is not None and concept_terms:
            is_concept = np.zeros(n_terms, dtype=bool)
            is_concept[list(concept_terms)] = True
            norm_c = weights.k1 * (1 - weights.b_concept + weights.b_concept * lengths / avgdl)
            data_c = idf[tf_coo.col] * tf_coo.data * (weights.k1 + 1) / (tf_coo.data + norm_c[tf_coo.row])
            data = np.where(is_concept[tf_coo.col], data_c, data)
        # terms × resources, so that (needs × terms) @ this = needs × resources
        self.bm25 = sparse.csr_matrix((data, (tf_coo.col, tf_coo.row)), shape=(n_terms, n_res))
        # generic terms (found in many resources) weigh less in a query:老人, 孩子, 社区 say who or where
        share = df / max(n_res, 1)
        self._generic = np.where(share > weights.spread,
                                 (np.maximum(share, 1e-12) / weights.spread) ** -weights.spread_power, 1.0)
        # a piece found in many resources of a long list (务, 服务, 老人) says next to nothing and would link every
        # need to most of the list: such pieces are left out of the index (queries skip them)
        self._no_query = np.zeros(n_terms, dtype=bool)
        if weights.pieces and piece_terms:
            common = np.zeros(n_terms, dtype=bool)
            common[list(piece_terms)] = True
            common &= (share > weights.piece_share) & (df > self.PIECE_KEPT)
            if common.any():
                self._no_query = common
                keep = sparse.diags((~common).astype(np.float64))
                self.bm25 = (keep @ self.bm25).tocsr()
                self.bm25.eliminate_zeros()
        # the character n-gram floor (baseline.CharNgramTfidf over the resources' texts)
        self.ngrams = CharNgramTfidf([f"{r.text} {r.org}" for r in self.resources]) if n_res else None
        # the resources' meaning (semantic.py), for needs that say the same thing in other words
        self.semantic = Similarity([r.text for r in self.resources]) if n_res and weights.semantic else None
        # the resources' meaning as the sentence model reads them (sentences.py), for needs told as a situation
        self.sentences = (Similarity([], vectors=sentence_vectors([r.text for r in self.resources], PASSAGE))
                          if n_res and weights.sentence and sentence_model_available() else None)
        if self.sentences is not None and self.history is not None and (weights.history_meaning or weights.vote):
            self.history.read_meaning()
        # the resources as residents would ask for them (sentences.asked), for the asked channel
        self.asked: ClauseSimilarity | None = None
        if (self.sentences is not None and weights.asked
                and (self.history is None or self.history.new(weights).any())):
            distinct: dict[str, int] = {}
            groups = np.array([distinct.setdefault(r.text, len(distinct)) for r in self.resources], dtype=np.int64)
            self.asked = ClauseSimilarity(*sentences.asked(list(distinct)), groups)
        self.categories = _Codes()
        self.communities = _Codes()
        self.resource_category = np.array(
            [self.categories.of(category_code(r.category), add=True) for r in self.resources], dtype=np.int64)
        self.resource_community = np.array(
            [self.communities.of(r.community.strip(), add=True) for r in self.resources], dtype=np.int64)
        # column -1 (no category) of the need × category mask is always False
        self._category_column = np.where(self.resource_category >= 0, self.resource_category,
                                         len(self.categories.codes))
        self.capacity = np.array([np.inf if r.capacity is None else max(r.capacity, 0) for r in self.resources],
                                 dtype=np.float64)
        self.full = self.capacity <= 0
        # the order in which a need's equally scored candidates are taken for assignment: a fixed random order
        # of the resources, turned by an amount that depends on the need's scores (so that needs with the same
        # scores get the same candidates, and needs with different ones spread over tied resources)
        self._spread = np.random.default_rng(20240601).random(n_res)
        self._resource_words = [frozenset(a.words) for a in self.analyses]
        # the resources' words by sound, for needs that write one of them with a wrong character of the same sound
        self._sounds: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
        if weights.heard:
            for word in dict.fromkeys(w for a in self.analyses for w in a.words):
                sounds = word_sounds(word)
                if sounds is not None:
                    self._sounds.setdefault(sounds[0], []).append((word, sounds[1]))
        self._heard_cache: dict[tuple[Stretch, ...], tuple[tuple[str, str], ...]] = {}
        self._resource_concepts = [frozenset(a.concepts) for a in self.analyses]
        self._resource_synonyms: list[dict[int, str]] = []
        for a in self.analyses:
            groups: dict[int, str] = {}
            for unit, gid in a.synonyms:
                groups.setdefault(gid, unit)
            self._resource_synonyms.append(groups)
        self._resource_codes = [category_code(r.category) for r in self.resources]
        self._resource_community_names = [r.community.strip() or None for r in self.resources]
        self._capacities = [r.capacity for r in self.resources]
        self._category_cache: dict[str, int] = {}
        self._implied_cache: dict[tuple[str, ...], list[int]] = {}
        self._fallback_cache: dict[tuple[int, int, int], list[int]] = {}

    # --- queries ----------------------------------------------------------------------------------------
    def query_matrix(self, analyses: Sequence[Analysis]) -> sparse.csr_matrix:
        concepts = concept_by_name()
        w = self.weights
        indptr, indices, data = [0], [], []
        generic = self._generic
        no_query = self._no_query
        for analysis in analyses:
            row: dict[int, float] = {}
            if w.synonym:
                for unit, gid in analysis.synonyms:
                    t = self.vocabulary.get(SYNONYM_TOKEN + str(gid))
                    if t is not None:
                        weight = w.synonym * generic[t] * (w.identity if unit in analysis.who else 1.0)
                        row[t] = max(row.get(t, 0.0), weight)
            if w.pieces:
                who = analysis.who
                said = _pieces(tuple(x for x in analysis.words if x not in who)) if who else _pieces(analysis.words)
                for factor, pieces in ((1.0, said), (w.identity, _pieces(tuple(x for x in analysis.words if x in who))
                                                     if who else ())):
                    for piece in pieces:
                        t = self.vocabulary.get(piece)
                        if t is not None and not no_query[t] and t not in row:
                            row[t] = w.pieces * factor * generic[t]
            for word in analysis.words:
                t = self.vocabulary.get(word)
                if t is not None:
                    row[t] = w.word * generic[t]
            if analysis.sounds and self._sounds:
                for _written, word in self.heard(analysis):
                    t = self.vocabulary[word]
                    row[t] = max(row.get(t, 0.0), w.heard * w.word * generic[t])
            if w.related_concept:
                for unit, _phrase, name, _gid in analysis.related:
                    t = self.vocabulary.get(CONCEPT_TOKEN + name)
                    if t is not None:
                        row[t] = w.related_concept * generic[t] * (w.identity if unit in analysis.who else 1.0)
            for name in analysis.concepts:
                t = self.vocabulary.get(CONCEPT_TOKEN + name)
                if t is not None:
                    row[t] = generic[t] * (w.service_concept if concepts[name].kind == "service" else w.group_concept)
                    if name in analysis.weak:
                        row[t] *= w.weak_concept
            if analysis.who and w.identity != 1.0:  # who asks, not what is asked for
                for term in analysis.who:
                    t = self.vocabulary.get(term)
                    if t is not None and t in row:
                        row[t] *= w.identity
            indices += row.keys()
            data += row.values()
            indptr.append(len(indices))
        return sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                                  np.asarray(indptr, dtype=np.int64)), shape=(len(analyses), self.bm25.shape[0]))

    def heard(self, analysis: Analysis) -> tuple[tuple[str, str], ...]:
        """(what was written, the resources' word it sounds like) for the need's homophone typos of words the
        resources use: a stretch of the need (lexicon.sound_stretches) that sounds like such a word and differs from
        it in one character only (a typo replaces one character: 马通 → 马桶, 幼儿圆 → 幼儿园); by the merged sounds
        of 桂柳话 when three characters or more, exactly (tones aside) when two, as the lexicon's matcher reads its
        phrases; leftmost-longest, never overlapping; a word the need has already is no typo."""
        cached = self._heard_cache.get(analysis.sounds)
        if cached is not None:
            return cached
        best: dict[int, tuple[str, str]] = {}
        for start, written, loose, exact in analysis.sounds:
            for word, sounds in self._sounds.get(loose, ()):
                if (word != written and word not in analysis.words
                        and sum(a != b for a, b in zip(word, written, strict=True)) == 1
                        and (len(word) > 2 or sounds == exact)
                        and (start not in best or len(written) > len(best[start][0]))):
                    best[start] = (written, word)
        result, end = [], -1
        for start in sorted(best):
            if start >= end:
                result.append(best[start])
                end = start + len(best[start][0])
        self._heard_cache[analysis.sounds] = found = tuple(result)
        return found

    def scores(self, needs: Sequence[Need], analyses: Sequence[Analysis],
               floored: list[int] | None = None, recalled: list[sparse.csr_matrix] | None = None
               ) -> sparse.csr_matrix:
        """needs × resources scores, sparse: an entry exists (and is positive) only where the need and the
        resource share a word, a concept or a thesaurus group; the bonuses apply to those entries only, so a bonus
        never creates a match. Where the resource has history (needs matched to it before), the entry is the larger
        of that and ``history`` × the need's mean BM25 similarity to the nearest of those needs (``recalled``, if
        given, receives a matrix of 1 + the nearest past need where the history decided). A need left with fewer than
        ``floor_k`` entries gets the floor: its most similar resources by character n-grams, scored ``floor`` ×
        cosine (``floored``, if given, receives the indices of those needs). The no-capacity penalty applies to
        all."""
        w = self.weights
        n_res = len(self.resources)
        product = (self.query_matrix(analyses) @ self.bm25).tocsr()
        if n_res == 0:
            return product
        if product.nnz:
            self._bonuses(product, needs, analyses)
        if self.history is not None:
            product = self.history.fuse(product, needs, analyses, recalled)
        if w.ngram > 0 and self.ngrams is not None and product.nnz:
            similarity = self.ngrams.similarity([n.text for n in needs])
            product = (product + w.ngram * similarity.multiply(_pattern(product))).tocsr()
        if w.floor > 0 and self.ngrams is not None:
            product = self._with_floor(product, needs, floored)
        if self.semantic is not None:
            product = self._with_semantic(product, needs)
        if self.sentences is not None:
            meanings = sentence_vectors([n.text for n in needs], QUERY)
            # each model channel adds in proportion to the need's best evidence before any of them (1 where it has
            # none): until the seventeenth round the vote and the asked channel read the best score after the sentence
            # channel's bonus, so the model's reading was counted on top of itself
            evidence = _row_best(product)
            evidence[evidence <= 0] = 1.0
            product = self._with_sentences(product, meanings, evidence)
            if self.history is not None:
                if w.history_meaning:
                    product = self.history.with_meaning(product, meanings, w)
                if w.vote:
                    product = self._with_vote(product, meanings, evidence)
            if self.asked is not None:
                product = self._with_asked(product, meanings, evidence)
        if self.full.any() and product.nnz:
            product.data[self.full[product.indices]] *= w.no_capacity_factor
        return product

    def _with_floor(self, product: sparse.csr_matrix, needs: Sequence[Need],
                    floored: list[int] | None = None) -> sparse.csr_matrix:
        """The character n-gram floor for the needs with fewer than floor_k entries (new entries only)."""
        w = self.weights
        short = np.flatnonzero(np.diff(product.indptr) < w.floor_k)
        if floored is not None:
            floored.extend(short.tolist())
        if len(short) == 0:
            return product
        similarity = self.ngrams.similarity([mandarin(needs[i].text) for i in short]).tocsr()
        if similarity.nnz == 0:
            return product
        similarity.data *= w.floor
        lifted = sparse.csr_matrix((similarity.data, similarity.indices, similarity.indptr),
                                   shape=(len(short), product.shape[1]))
        spread = sparse.csr_matrix((np.ones(len(short)), (short, np.arange(len(short)))),
                                   shape=(product.shape[0], len(short)))
        floor = (spread @ lifted).tocsr()
        # only where the need has no match yet: a floor entry never adds to a real match
        floor = floor - floor.multiply(_pattern(product))
        floor.eliminate_zeros()
        return (product + floor).tocsr()

    def _with_semantic(self, product: sparse.csr_matrix, needs: Sequence[Need]) -> sparse.csr_matrix:
        """semantic × z added where a resource's meaning is more than semantic_z standard deviations closer to the
        need's than the list's average (new entries where nothing else matched: a need about an offering in words
        it does not use)."""
        w = self.weights
        rows, cols, z = self.semantic.above(np.stack([semantic_vector(n.text) for n in needs]), w.semantic_z,
                                            w.semantic_k, w.semantic_cosine)
        return _plus(product, rows, cols, w.semantic * z.astype(np.float64))

    def _with_sentences(self, product: sparse.csr_matrix, needs: np.ndarray, evidence: np.ndarray
                        ) -> sparse.csr_matrix:
        """sentence × the need's best score × (z − sentence_z) added for the sentence_k resources the model puts
        closest to each need, where z (how much closer than the list's average, in standard deviations) passes
        sentence_z: to the need's entries, and as a new entry only where z passes sentence_new (``needs``: the needs'
        sentence vectors; ``evidence``: each need's best score before the model channels, 1 where it has none)."""
        w = self.weights
        rows, cols, z = _matched_or_past(product, *self.sentences.above(needs, w.sentence_z, w.sentence_k),
                                         w.sentence_new)
        if len(rows) == 0:
            return product
        # in proportion to the need's best evidence: a long need sums many shared words into large scores, a short one
        # few, and the model's reading must weigh the same against either
        scale = evidence[rows]
        if self.history is not None and w.sentence_cold != 1.0:  # a new offering has only the model's reading
            scale = scale * np.where(self.history.new(w)[cols], w.sentence_cold, 1.0)
        return _plus(product, rows, cols, w.sentence * scale * (z - w.sentence_z))

    def _with_vote(self, product: sparse.csr_matrix, needs: np.ndarray, evidence: np.ndarray) -> sparse.csr_matrix:
        """vote × the need's evidence × the resource's share of the vote added to the need's entries (Weights.vote:
        a softmax over the vote_k resources closest in meaning, by their closest past need or, a new offering, by its
        closest clause lifted by vote_new; ``needs``: the needs' sentence vectors; ``evidence``: their best score
        before the model channels). No entry is made."""
        w, history = self.weights, self.history
        # a z-score over a few resources says little (over two it is ±1 whatever the need), and a new offering's,
        # taken over the whole list, would outvote them
        if (history is None or history.meaning is None or len(history.meaning_owner) < self.VOTE_LEAST
                or product.nnz == 0):
            return product
        z = np.full((len(needs), len(self.resources)), -np.inf)
        z[:, history.meaning_owner] = history.meaning.every_z(needs)
        if self.asked is not None:
            new = np.flatnonzero(history.new(w))
            if len(new):
                z[:, new] = np.maximum(z[:, new], self.asked.every_z(needs)[:, new] + w.vote_new)
        top = highest(z, w.vote_k)
        k = top.shape[1]
        chosen = np.take_along_axis(z, top, axis=1)
        share = np.where(np.isfinite(chosen), np.exp((chosen - chosen[:, :1]) / w.vote_spread), 0.0)
        share /= share.sum(axis=1, keepdims=True)
        votes = sparse.csr_matrix((share.ravel(), (np.repeat(np.arange(len(needs)), k), top.ravel())),
                                  shape=product.shape)
        votes = votes.multiply(_pattern(product)).tocsr()
        if votes.nnz == 0:
            return product
        votes.data *= w.vote * evidence[np.repeat(np.arange(votes.shape[0]), np.diff(votes.indptr))]
        return (product + votes).tocsr()

    def _with_asked(self, product: sparse.csr_matrix, needs: np.ndarray, evidence: np.ndarray) -> sparse.csr_matrix:
        """asked × the need's best score × (z − asked_z) added to each entry scoring at least asked_near × the need's
        best whose resource, asked for as residents would (sentences.asked), lies more than asked_z standard
        deviations closer to the need than the list's average; where the list has history, to the offerings with fewer
        than new_below past needs only (``needs``: the needs' sentence vectors; ``evidence``: their best score before
        the model channels, as for the bar). The entries stay where they are: no new one, no reordering of the matrix,
        only their values (the matrix is this call's own, built by scores())."""
        w = self.weights
        if product.nnz == 0:
            return product
        row_of = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
        at = np.flatnonzero(product.data >= w.asked_near * evidence[row_of])
        if self.history is not None:
            at = at[self.history.new(w)[product.indices[at]]]
        if len(at) == 0:
            return product
        z = self.asked.z(needs, row_of[at], product.indices[at])
        passed = z > w.asked_z
        product.data[at[passed]] += w.asked * evidence[row_of[at[passed]]] * (z[passed] - w.asked_z)
        return product

    def sentence_passes(self, need: Need, r: int) -> bool:
        """Whether the sentence model puts resource r's meaning close enough to the need's to make a match alone."""
        if self.sentences is None:
            return False
        q = sentence_vectors([need.text], QUERY)
        return (float(self.sentences.exact_z(q, np.zeros(1, dtype=np.int64), np.array([r]))[0])
                > self.weights.sentence_new)

    def semantic_passes(self, need: Need, r: int) -> bool:
        """Whether resource r's meaning is close enough to the need's for the semantic channel (its bars)."""
        if self.semantic is None:
            return False
        w = self.weights
        q = semantic_vector(need.text)[None, :]
        return (float(self.semantic.exact_z(q, np.zeros(1, dtype=np.int64), np.array([r]))[0]) > w.semantic_z
                and float(q[0] @ self.semantic.resources[r]) >= w.semantic_cosine)

    def _bonuses(self, product: sparse.csr_matrix, needs: Sequence[Need], analyses: Sequence[Analysis]) -> None:
        w = self.weights
        data = product.data
        cols = product.indices
        row_of = np.repeat(np.arange(len(needs)), np.diff(product.indptr))
        cat = np.array([self._category_index(n.category) for n in needs], dtype=np.int64)
        if (cat >= 0).any():
            cat[cat < 0] = -3  # equal to no resource's code
            data += w.same_category * (cat[row_of] == self.resource_category[cols])
        implied = np.zeros((len(needs), len(self.categories.codes) + 1), dtype=bool)
        for i, analysis in enumerate(analyses):
            columns = self._implied_columns(analysis.concepts)
            if columns:
                implied[i, columns] = True
        if implied.any():
            data += w.concept_category * implied[row_of, self._category_column[cols]]
        com = np.array([self.communities.of(n.community.strip(), add=False) if n.community else -1 for n in needs],
                       dtype=np.int64)
        if (com >= 0).any():
            com[com < 0] = -3  # equal to no resource's code
            data += w.same_community * (com[row_of] == self.resource_community[cols])

    def _category_index(self, category: str) -> int:
        if not category:
            return -1
        index = self._category_cache.get(category)
        if index is None:
            index = self._category_cache[category] = self.categories.of(category_code(category), add=False)
        return index

    def _implied_columns(self, concept_names: tuple[str, ...]) -> list[int]:
        columns = self._implied_cache.get(concept_names)
        if columns is None:
            columns = [c for c in (self.categories.of(code, add=False) for code in _categories_of(concept_names))
                       if c >= 0]
            self._implied_cache[concept_names] = columns
        return columns

    def search(self, needs: Sequence[Need], *, top_k: int = 0, candidates: int = 0, reasons: bool = True,
               workers: int | None = None) -> list[_Block]:
        """Score the needs in blocks: per need its best ``top_k`` resources (score, then resource order; with
        reasons if asked) and/or its best ``candidates`` usable resources for assignment. ``workers``: processes
        to score with (default: one per available core, at most MAX_WORKERS, for batches of PARALLEL_FROM needs or
        more; workers are forked, so they share the index without copying it)."""
        n = len(needs)
        # a need is scored against every resource and, with history, every past need: cells per need
        width = len(self.resources) + (len(self.history.texts) if self.history is not None else 0)
        rows_per_block = max(1, self.BLOCK_CELLS // max(width, 1))
        starts = list(range(0, n, rows_per_block))
        if workers is None:
            workers = min(_cores(), self.MAX_WORKERS) if n >= self.PARALLEL_FROM else 1
        workers = max(1, min(workers, len(starts)))
        jobs = [(start, min(start + rows_per_block, n)) for start in starts]
        if workers == 1 or not hasattr(os, "fork"):
            return [self._search_block(needs, a, b, top_k, candidates, reasons) for a, b in jobs]
        global _JOB
        _JOB = (self, needs, top_k, candidates, reasons)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                return pool.starmap(_search_job, jobs, chunksize=1)
        finally:
            _JOB = None

    def _search_block(self, needs, start, stop, top_k, candidates, reasons) -> _Block:
        chunk = needs[start:stop]
        analyses = [analyse(n.text) for n in chunk]
        block = _Block(start)
        n_res = len(self.resources)
        floored: list[int] = []
        recalled: list[sparse.csr_matrix] = []
        matrix = (self.scores(chunk, analyses, floored, recalled if top_k and reasons else None) if n_res
                  else sparse.csr_matrix((len(chunk), 0)))
        if top_k:
            ptr, cols, vals, _left = _row_top(matrix.indptr, matrix.indices, matrix.data, top_k)
            counts = np.diff(ptr)
            block.top_cols = np.full((len(chunk), top_k), -1, dtype=np.int64)
            block.top_vals = np.zeros((len(chunk), top_k))
            position = np.arange(len(cols)) - np.repeat(ptr[:-1], counts)
            row = np.repeat(np.arange(len(chunk)), counts)
            block.top_cols[row, position] = cols
            block.top_vals[row, position] = vals
            empty = np.flatnonzero(counts == 0)
            for i in empty.tolist():  # no word, concept, synonym or character in common: still suggest something
                fallback = self._fallback(chunk[i], top_k)
                block.top_cols[i, :len(fallback)] = fallback
            if reasons:
                blank = set(empty.tolist())
                decided = _decided(recalled[0], block.top_cols) if recalled else None
                block.reasons = [
                    self.reasons(need, analysis, [r for r in row if r >= 0],
                                 frozenset() if i in blank else None, decided[i] if decided else None)
                    for i, (need, analysis, row) in enumerate(zip(chunk, analyses, block.top_cols.tolist(),
                                                                  strict=True))]
        if candidates:
            # what decides a need's scores: its words, concepts (and which are weak), thesaurus groups, category
            # and community, and its text when the n-gram floor was applied (same → same scores)
            short = set(floored)
            sentence_rows = (sentence_vectors([n.text for n in chunk], QUERY) if self.sentences is not None
                             else [None] * len(chunk))
            block.classes = [repr((a.words, a.concepts, a.weak, tuple(g for _u, g in a.synonyms), self.heard(a),
                                   category_code(n.category) if n.category else "", n.community.strip(),
                                   n.text if i in short else "",
                                   zlib.crc32(semantic_vector(n.text).tobytes()) if self.semantic is not None else 0,
                                   zlib.crc32(meaning.tobytes()) if meaning is not None else 0))
                             for i, (n, a, meaning) in enumerate(zip(chunk, analyses, sentence_rows, strict=True))]
            data = matrix.data * ~self.full[matrix.indices] if self.full.any() else matrix.data
            turn = np.array([zlib.crc32(c.encode()) / 2**32 for c in block.classes])
            counts = np.diff(matrix.indptr)
            tie = (self._spread[matrix.indices] + np.repeat(turn, counts)) % 1.0 if n_res else np.zeros(0)
            block.cand_ptr, block.cand_cols, block.cand_vals, block.left_out = _row_top(
                matrix.indptr, matrix.indices, data, candidates, tie)
        return block

    def _fallback(self, need: Need, k: int) -> list[int]:
        """Suggestions for a need that shares nothing with any resource (score 0, for staff to check): resources
        with places left first, the need's category and community first, then in list order (one sort per
        category and community, kept)."""
        category = self._category_index(need.category)
        community = self.communities.of(need.community.strip(), add=False) if need.community else -1
        key = (category, community, k)
        order = self._fallback_cache.get(key)
        if order is None:
            other_category = ~((self.resource_category == category) & (category >= 0))
            other_community = ~((self.resource_community == community) & (community >= 0))
            order = self._fallback_cache[key] = np.lexsort(
                (np.arange(len(self.resources)), other_community, other_category, self.full))[:k].tolist()
        return order

    # --- explanations -----------------------------------------------------------------------------------
    def reason(self, need: Need, analysis: Analysis, r: int) -> str:
        """Why resource r suits the need: shared concepts, shared words, category, community, typos read by
        sound, places left."""
        return self.reasons(need, analysis, [r])[0]

    def reasons(self, need: Need, analysis: Analysis, resource_indices: list[int],
                close: frozenset[int] | None = None, recalled: Mapping[int, int] | None = None) -> list[str]:
        """``close``: the resources that share characters with the need (the n-gram floor); default: all.
        ``recalled``: resource → the past need (of the index's history) whose similarity decided its score."""
        if close is None:
            close = frozenset(resource_indices)
        code = category_code(need.category) if need.category else ""
        implied = _implied_categories(analysis)
        community = need.community.strip() if need.community else None
        # Reasons are read by staff in their own language: the labels go through gettext when asked for (never
        # when the index is built, which may serve both languages); the words and concepts are the texts' own.
        label = _labels(get_language())
        items = label["items"]
        # typos read by sound: of lexicon phrases (the need's own), then of the resource's words (Index.heard), the
        # latter unless inside a stretch the lexicon already read
        corrections = [f"{written}→{phrase}" for written, phrase in analysis.corrections]
        dialect = readings(need.text)  # the resident's dialect words, for the shared words they were read as
        heard = [(written, word) for written, word in self.heard(analysis)
                 if not any(written in typo for typo, _phrase in analysis.corrections)]
        kinds = concept_by_name()
        result = []
        for r in resource_indices:
            parts = []
            own_concepts = self._resource_concepts[r]
            shared = [c for c in analysis.concepts if c in own_concepts]
            if shared:
                if len(shared) > 1:
                    shared.sort(key=lambda name: kinds[name].kind != "service")  # services first, then groups
                parts.append(label["concepts"] % {"items": items.join(shared)})
            own_words = self._resource_words[r]
            words = [w for w in analysis.words if w in own_words]
            if words:
                parts.append(label["words"] % {"items": items.join(list(dict.fromkeys(words))[:4])})
            own_groups = self._resource_synonyms[r]
            pairs: dict[tuple[str, str], int] = {}  # (need word, offer word) → a group linking them, synonyms first
            for a, b, gid in ([(unit, phrase, gid) for unit, phrase, name, gid in analysis.related
                               if name in own_concepts]
                              + [(unit, own_groups[gid], gid) for unit, gid in analysis.synonyms
                                 if gid in own_groups and unit != own_groups[gid] and unit not in own_words
                                 and own_groups[gid] not in analysis.words]):
                if (a, b) not in pairs or (is_synonym_group(gid) and not is_synonym_group(pairs[a, b])):
                    pairs[a, b] = gid
            similar = list(pairs.items())[:3]
            if similar:
                parts.append(items.join(
                    (label["synonym"] if is_synonym_group(gid) else label["kind"]) % {"need": a, "offer": b} for (a, b), gid in similar))
            past = recalled.get(r) if recalled else None
            if past is not None and self.history is not None:
                parts.insert(0, label["history"] % {"text": _excerpt(self.history.text(past))})
            elif not (shared or words or similar):
                meant = self.history.meaning_passes(need, r, self.weights) if self.history is not None else None
                if meant is not None:
                    parts.append(label["history_meaning"] % {"text": _excerpt(self.history.text(meant))})
                elif self.semantic_passes(need, r):
                    pair = closest_words(need.text, self.resources[r].text)
                    parts.append(label["semantic_words"] % {"need": pair[0], "offer": pair[1]} if pair
                                 else label["semantic"])
                elif self.sentence_passes(need, r):
                    parts.append(label["sentence"])
                else:
                    parts.append(label["close"] if r in close else label["nothing"])
            rc = self._resource_codes[r]
            if code and code == rc:
                parts.append(label["category"] % {"category": CATEGORY_NAMES.get(code, code)})
            elif rc and rc in implied:
                parts.append(label["implied"] % {"category": CATEGORY_NAMES.get(rc, rc)})
            if community and community == self._resource_community_names[r]:
                parts.append(label["community"])
            spoken = [f"{written}→{read_as}" for written, read_as in dialect if any(w in read_as for w in words)]
            if spoken:
                parts.append(label["dialect"] % {"items": items.join(spoken)})
            read = corrections + [f"{written}→{word}" for written, word in heard if word in own_words]
            if read:
                parts.append(label["read"] % {"items": items.join(read)})
            capacity = self._capacities[r]
            if capacity is not None:
                parts.append(label["full"] if capacity <= 0 else label["left"] % {"n": capacity})
            result.append(label["sep"].join(parts))
        return result


def _matched_or_past(product: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, z: np.ndarray, new: float
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of the (need, resource, z-score) a model channel proposes, those that add to an entry the need already has,
    and those that make an entry of their own because z passes ``new`` (in a short list the closest resource is always
    a little closer than the rest)."""
    if len(rows) == 0:
        return rows, cols, np.zeros(0)
    kept = (z > new) | (np.asarray(product[rows, cols]).ravel() != 0)
    return rows[kept], cols[kept], z[kept].astype(np.float64)


def _pattern(product: sparse.csr_matrix) -> sparse.csr_matrix:
    """1 where ``product`` has an entry: what another matrix is multiplied by to keep only the entries present."""
    present = product.copy()
    present.data = np.ones_like(present.data)
    return present


def _row_best(product: sparse.csr_matrix) -> np.ndarray:
    """Each need's best score so far (0 for a need without any entry; the entries are positive scores)."""
    best = np.zeros(product.shape[0])
    filled = np.diff(product.indptr) > 0
    if filled.any():
        best[filled] = np.maximum.reduceat(product.data, product.indptr[:-1][filled])
    return best


def _plus(product: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> sparse.csr_matrix:
    """``product`` with ``values`` added at (rows, cols)."""
    if len(rows) == 0:
        return product
    return (product + sparse.csr_matrix((values, (rows, cols)), shape=product.shape)).tocsr()


@lru_cache(maxsize=32)
def _labels(language: str | None) -> dict[str, str]:
    """The labels of the reasons in the active language, translated once per language (gettext per reason was
    half the time of a large ranking)."""
    return {"items": _("、"), "sep": _("；"), "read": _("按读音识别：%(items)s"), "concepts": _("共同概念：%(items)s"),
            "dialect": _("按方言读作：%(items)s"),
            "words": _("共同词语：%(items)s"), "synonym": _("%(need)s ≈ %(offer)s（同义词）"),
            "kind": _("%(need)s ≈ %(offer)s（同类词）"), "close": _("字面相近（字符重合）"),
            "nothing": _("没有相同的词语，请人工确认"), "category": _("同一类别（%(category)s）"),
            "implied": _("类别相符（%(category)s）"), "community": _("同一社区"), "full": _("名额已满"),
            "left": _("剩余名额 %(n)d"), "history": _("与已对接的需求相近：“%(text)s”"),
            "semantic": _("意思相近（语义）"), "semantic_words": _("意思相近：%(need)s ≈ %(offer)s（语义）"),
            "sentence": _("整句意思相近（语义模型）"),
            "history_meaning": _("与已对接的需求意思相近：“%(text)s”（语义模型）")}


def _excerpt(text: str, length: int = 24) -> str:
    """A past need as staff see it in a reason: one line, its first ``length`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"


def _decided(recalled: sparse.csr_matrix, top_cols: np.ndarray) -> list[dict[int, int]]:
    """Per need, resource → the past need whose similarity decided its score, for the need's top resources."""
    rows, positions = np.nonzero(top_cols >= 0)
    cols = top_cols[rows, positions]
    past = np.asarray(recalled[rows, cols]).ravel() if len(rows) else np.zeros(0)
    result: list[dict[int, int]] = [{} for _ in range(top_cols.shape[0])]
    for i, r, p in zip(rows.tolist(), cols.tolist(), past.tolist(), strict=True):
        if p > 0:
            result[i][r] = int(p) - 1
    return result


_JOB = None  # (index, needs, top_k, candidates, reasons) for the worker processes (inherited through fork)


def _search_job(start: int, stop: int) -> _Block:
    index, needs, top_k, candidates, reasons = _JOB
    return index._search_block(needs, start, stop, top_k, candidates, reasons)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _row_top(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, k: int, tie: np.ndarray | None = None):
    """The k best positive entries of each row of a CSR matrix, best first — by value, then by ``tie``
    (default: the column) ascending — as CSR arrays (ptr, cols, vals), and per row the best positive value left
    out (0 when none). Works on the stored entries only, without sorting whole rows:

    1. keep the entries within a fraction of their row's maximum (lowered for a row until at least k + 1 are
       kept, down to all its entries);
    2. read each row's k-th and (k+1)-th largest kept values off a small padded array (np.partition);
    3. sort only the entries not below the k-th value (the k best and whatever ties with the k-th)."""
    n = len(indptr) - 1
    counts = np.diff(indptr)
    row_of = np.repeat(np.arange(n), counts)
    positive = data > 0
    rowmax = np.zeros(n)
    nonempty = counts > 0
    if nonempty.any():
        rowmax[nonempty] = np.maximum.reduceat(np.where(positive, data, 0.0), indptr[:-1][nonempty])
    bound = np.where(rowmax > 0, rowmax * 0.95, np.inf)
    for fraction in (0.85, 0.7, 0.5, 0.0):
        short = (np.bincount(row_of[positive & (data >= bound[row_of])], minlength=n) <= k) & (bound > 0) & (rowmax > 0)
        if not short.any():
            break
        bound[short] = rowmax[short] * fraction
    kept = np.flatnonzero(positive & (data >= bound[row_of]))
    kept_rows, kept_vals = row_of[kept], data[kept]
    kept_count = np.bincount(kept_rows, minlength=n)
    # the k-th and (k+1)-th largest kept value of each row (-inf when the row has fewer)
    width = int(kept_count.max()) if len(kept) else 0
    kth = np.full(n, -np.inf)
    next_value = np.zeros(n)
    if width > k:
        start = np.concatenate([[0], np.cumsum(kept_count)[:-1]])
        pad = np.full((n, width), np.inf)
        pad[kept_rows, np.arange(len(kept)) - start[kept_rows]] = -kept_vals
        part = np.partition(pad, k, axis=1)
        kth = -part[:, k - 1]
        next_value = np.where(np.isfinite(part[:, k]), -part[:, k], 0.0)
    else:
        kth[:] = 0.0  # every row has at most k kept entries: all of them are taken
    # rows whose entries were all kept (bound 0) and that have at most k of them leave nothing out
    take = kept[kept_vals >= kth[kept_rows]]
    rows, values = row_of[take], data[take]
    order = np.lexsort((indices[take] if tie is None else tie[take], -values, rows))
    take, rows, values = take[order], rows[order], values[order]
    first = np.searchsorted(rows, np.arange(n))
    chosen = (np.arange(len(take)) - first[rows]) < k
    ptr = np.concatenate([[0], np.cumsum(np.bincount(rows[chosen], minlength=n))])
    return ptr, indices[take[chosen]], values[chosen], next_value


def prepare(needs: Sequence[Need], resources: Sequence[Resource]) -> int:
    """Embed ahead what will be ranked (the sentence model's vectors, sentences.py: 30 ms a text the first time, read
    from the caches afterwards), so that a page or a batch ranking later does not wait for the model. Returns the
    number of texts the model embedded now (the rest were cached)."""
    if not sentence_model_available():
        return 0
    before = sentences.model_passes
    sentence_vectors([n.text for n in needs], QUERY)
    sentence_vectors([r.text for r in resources], PASSAGE)
    sentences.asked(list(dict.fromkeys(r.text for r in resources)))
    return sentences.model_passes - before


def rank(needs: Sequence[Need], resources: Sequence[Resource] | Index, top_k: int = 3,
         weights: Weights = DEFAULT_WEIGHTS, *, workers: int | None = None) -> list[list[Suggestion]]:
    """Per need, its best top_k resources: (resource, score, reason), best first (equal scores in resource
    order). No need comes back empty while resources exist: a need with fewer than ``floor_k`` matches gets the
    character n-gram floor, and one that shares not a character with any resource gets resources with places
    left (score 0, reason saying so)."""
    index = resources if isinstance(resources, Index) else Index(resources, weights)
    if top_k < 1:
        return [[] for _ in needs]
    return _suggestions(index, index.search(needs, top_k=top_k, workers=workers))


def _suggestions(index: Index, blocks: list[_Block]) -> list[list[Suggestion]]:
    result: list[list[Suggestion]] = []
    resources = index.resources
    for block in blocks:
        for cols, vals, reasons in zip(block.top_cols.tolist(), block.top_vals.tolist(), block.reasons, strict=True):
            result.append([Suggestion(resources[r], round(s, 4), reason)
                           for r, s, reason in zip(cols, vals, reasons, strict=False) if r >= 0])
    return result


def _edges(blocks: list[_Block]):
    """Candidate edges of scored blocks: (need, resource, score) arrays, the best usable score left out per
    need, and per need its class (what decides its scores)."""
    rows, cols, vals, left_out, classes = [], [], [], [], []
    for block in blocks:
        counts = np.diff(block.cand_ptr)
        rows.append(block.start + np.repeat(np.arange(len(counts)), counts))
        cols.append(block.cand_cols)
        vals.append(block.cand_vals)
        left_out.append(block.left_out)
        classes += block.classes
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0), []
    return (np.concatenate(rows), np.concatenate(cols).astype(np.int64), np.concatenate(vals),
            np.concatenate(left_out), classes)


def _candidate_edges(needs, index: Index, candidates: int, workers: int | None = None):
    return _edges(index.search(needs, candidates=candidates, workers=workers))


def assign(needs: Sequence[Need], resources: Sequence[Resource] | Index, *, candidates: int = 50,
           weights: Weights = DEFAULT_WEIGHTS, rounds: int = 3, workers: int | None = None,
           report: AssignmentReport | None = None) -> list[Assignment]:
    """Assign each need to at most one resource, each resource to at most `capacity` needs (None = no
    limit), maximising the total score. Needs without a positive-score resource with room stay unassigned.

    A maximum-weight bipartite b-matching (a min-cost flow) over each need's best `candidates` usable
    resources, solved exactly (solver.py). Its optimal duals bound the distance to the best assignment over all
    resources; needs for which the bound is not zero get four times as many candidates and the batch is solved
    again, up to `rounds` rounds in all. ``report`` (an AssignmentReport) is filled in with how it went,
    ``report.gap_bound`` being the proven bound (0.0: optimal over all resources)."""
    index = resources if isinstance(resources, Index) else Index(resources, weights)
    report = report if report is not None else AssignmentReport()
    started = time.perf_counter()
    blocks = index.search(needs, candidates=candidates, workers=workers)
    report.timings["scoring"] = time.perf_counter() - started
    return _assign(needs, index, blocks, candidates, rounds, workers, report)


def rank_and_assign(needs: Sequence[Need], resources: Sequence[Resource] | Index, *, top_k: int = 3,
                    candidates: int = 50, weights: Weights = DEFAULT_WEIGHTS, rounds: int = 3,
                    workers: int | None = None, report: AssignmentReport | None = None
                    ) -> tuple[list[list[Suggestion]], list[Assignment]]:
    """``rank`` and ``assign`` of the same needs from one scoring pass (each need is read and scored once):
    what a batch dispatch page needs — suggestions with reasons, and the proposed assignment."""
    index = resources if isinstance(resources, Index) else Index(resources, weights)
    report = report if report is not None else AssignmentReport()
    started = time.perf_counter()
    blocks = index.search(needs, top_k=max(top_k, 0), candidates=candidates, workers=workers)
    report.timings["scoring"] = time.perf_counter() - started
    tick = time.perf_counter()
    ranked = _suggestions(index, blocks) if top_k > 0 else [[] for _ in needs]
    report.timings["suggestions"] = time.perf_counter() - tick
    for block in blocks:  # the ranking's arrays are no longer needed
        block.top_cols = block.top_vals = block.reasons = None
    return ranked, _assign(needs, index, blocks, candidates, rounds, workers, report)


def _assign(needs, index: Index, blocks: list[_Block], candidates: int, rounds: int, workers: int | None,
            report: AssignmentReport) -> list[Assignment]:
    from gongzhi.matching.solver import solve

    started = time.perf_counter()
    report.needs, report.candidates = len(needs), candidates
    rows, cols, vals, left_out, classes = _edges(blocks)
    # merge interchangeable needs: same class → same scores → same candidates
    class_of: dict[str, int] = {}
    need_class = np.array([class_of.setdefault(c, len(class_of)) for c in classes], dtype=np.int64)
    n_classes = len(class_of)
    first_need = np.full(n_classes, -1, dtype=np.int64)
    first_need[need_class[::-1]] = np.arange(len(needs))[::-1]
    supply = np.bincount(need_class, minlength=n_classes).astype(np.float64)
    representative = np.zeros(len(needs), dtype=bool)
    representative[first_need] = True
    keep = representative[rows]
    left, right, weight = need_class[rows[keep]], cols[keep], vals[keep]
    threshold = left_out[first_need] if n_classes else np.zeros(0)
    k = candidates
    report.solve_seconds = 0.0
    for round_number in range(1, max(rounds, 1) + 1):
        tick = time.perf_counter()
        solution = solve(n_classes, index.capacity, left, right, weight, supply)
        report.solve_seconds += time.perf_counter() - tick
        report.rounds = round_number
        short = np.flatnonzero(threshold > solution.u + 1e-9)  # the dual proof fails for these classes
        if len(short) == 0 or round_number == max(rounds, 1):
            break
        k *= 4
        tick = time.perf_counter()
        more_rows, more_cols, more_vals, more_left_out, _classes = _candidate_edges(
            [needs[i] for i in first_need[short]], index, k, workers=1 if len(short) < 5_000 else workers)
        report.timings[f"candidates round {round_number + 1}"] = time.perf_counter() - tick
        replace = np.isin(left, short)
        left = np.concatenate([left[~replace], short[more_rows]])
        right = np.concatenate([right[~replace], more_cols])
        weight = np.concatenate([weight[~replace], more_vals])
        threshold[short] = more_left_out
    report.classes, report.edges = n_classes, len(weight)
    if n_classes:
        report.peeled, report.components = solution.peeled, solution.components
        # the same tolerance as the rounds above: a difference of rounding (1e-15) is no gap
        report.gap_bound = float(np.where(threshold > solution.u + 1e-9, threshold - solution.u, 0.0) @ supply)
    # hand out each class's flow to its needs, in order
    members: list[list[int]] = [[] for _ in range(n_classes)]
    for i, c in enumerate(need_class.tolist()):
        members[c].append(i)
    taken = [0] * n_classes
    chosen: dict[int, tuple[int, float]] = {}
    if n_classes:
        for e in np.flatnonzero(solution.flow > 0).tolist():
            c = int(left[e])
            for _ in range(int(solution.flow[e])):
                chosen[members[c][taken[c]]] = (int(right[e]), float(weight[e]))
                taken[c] += 1
    report.assigned = len(chosen)
    report.total = float(sum(s for _r, s in chosen.values()))
    report.timings["assignment"] = time.perf_counter() - started
    resources = index.resources
    return [Assignment(need, resources[chosen[i][0]], round(chosen[i][1], 4)) if i in chosen
            else Assignment(need, None, 0.0) for i, need in enumerate(needs)]


def assign_greedy(needs: Sequence[Need], resources: Sequence[Resource] | Index, *, candidates: int = 50,
                  weights: Weights = DEFAULT_WEIGHTS) -> list[Assignment]:
    """The greedy heuristic (highest-scoring pair first): for comparison only, never the default."""
    index = resources if isinstance(resources, Index) else Index(resources, weights)
    rows, cols, vals, _left_out, _classes = _candidate_edges(needs, index, candidates, workers=1)
    left = index.capacity.copy()
    chosen: dict[int, tuple[int, float]] = {}
    for e in np.lexsort((cols, rows, -vals)):
        i, r = int(rows[e]), int(cols[e])
        if i not in chosen and left[r] >= 1:
            chosen[i] = (r, float(vals[e]))
            left[r] -= 1
    return [Assignment(need, index.resources[chosen[i][0]] if i in chosen else None,
                       round(chosen[i][1], 4) if i in chosen else 0.0)
            for i, need in enumerate(needs)]
