"""The matching engine: ranks resources (资源清单) for needs (需求清单) and assigns a batch of needs to
resources within their capacities.

Text is segmented with jieba (the lexicon's phrases registered as words), expanded with the lexicon's
concepts, and scored with BM25 over the resources; same category and same community add a bonus, a
resource with no capacity left is penalised. Everything is sparse matrix algebra (numpy/scipy), scored in
chunks of needs so that memory stays flat while the number of needs grows. Nothing is downloaded: jieba's
dictionary ships inside its package.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from gongzhi.matching.lexicon import (
    CATEGORY_NAMES,
    CONCEPT_TOKEN,
    STOP_WORDS,
    category_code,
    concept_by_name,
    find_concepts,
    register_with_jieba,
)


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


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Analysis:
    words: tuple[str, ...]
    concepts: tuple[str, ...]  # concept names, lexicon order


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


def _implied_categories(analysis: Analysis) -> set[str]:
    concepts = concept_by_name()
    return {concepts[n].category for n in analysis.concepts if concepts[n].kind == "service"}


def _is_content(word: str) -> bool:
    return bool(word.strip()) and word not in STOP_WORDS and not word.isdigit() and any(
        "\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in word)


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    register_with_jieba()
    return jieba


@lru_cache(maxsize=262_144)
def analyse(text: str) -> Analysis:
    """Words (jieba, stop words removed) and lexicon concepts of one text."""
    jieba = _tokenizer()
    words = tuple(w for w in jieba.lcut(text, HMM=False) if _is_content(w))
    concepts = tuple(c.name for c in find_concepts(text))
    return Analysis(words, concepts)


def analyse_resource(resource: Resource) -> Analysis:
    """Concepts come from what the resource offers; the provider's name adds words only (a lecture by
    a hospital is not a clinic)."""
    own = analyse(resource.text)
    return Analysis(own.words + analyse(resource.org).words, own.concepts) if resource.org else own


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


class Index:
    """BM25 index of a resource list; score needs against it in chunks."""

    def __init__(self, resources: Sequence[Resource], weights: Weights = DEFAULT_WEIGHTS):
        self.resources = list(resources)
        self.weights = weights
        self.analyses = [analyse_resource(r) for r in self.resources]
        self.vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        lengths = np.zeros(len(self.resources), dtype=np.float64)
        for i, analysis in enumerate(self.analyses):
            terms: dict[int, int] = {}
            for token in (*analysis.words, *(CONCEPT_TOKEN + c for c in analysis.concepts)):
                t = self.vocabulary.setdefault(token, len(self.vocabulary))
                terms[t] = terms.get(t, 0) + 1
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
        # terms × resources, so that (needs × terms) @ this = needs × resources
        self.bm25 = sparse.csr_matrix((data, (tf_coo.col, tf_coo.row)), shape=(n_terms, n_res))
        self.categories = _Codes()
        self.communities = _Codes()
        self.resource_category = np.array(
            [self.categories.of(category_code(r.category), add=True) for r in self.resources], dtype=np.int64)
        self.resource_community = np.array(
            [self.communities.of(r.community.strip(), add=True) for r in self.resources], dtype=np.int64)
        # column -1 (no category) of the need × category mask is always False
        self._category_column = np.where(self.resource_category >= 0, self.resource_category,
                                         len(self.categories.codes))
        self.full = np.array([r.capacity is not None and r.capacity <= 0 for r in self.resources], dtype=bool)

    # --- queries ----------------------------------------------------------------------------------------
    def query_matrix(self, analyses: Sequence[Analysis]) -> sparse.csr_matrix:
        concepts = concept_by_name()
        w = self.weights
        indptr, indices, data = [0], [], []
        for analysis in analyses:
            row: dict[int, float] = {}
            for word in analysis.words:
                t = self.vocabulary.get(word)
                if t is not None:
                    row[t] = w.word
            for name in analysis.concepts:
                t = self.vocabulary.get(CONCEPT_TOKEN + name)
                if t is not None:
                    row[t] = w.service_concept if concepts[name].kind == "service" else w.group_concept
            indices += row.keys()
            data += row.values()
            indptr.append(len(indices))
        return sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                                  np.asarray(indptr, dtype=np.int64)), shape=(len(analyses), self.bm25.shape[0]))

    def score_chunks(self, needs: Sequence[Need], *, chunk_cells: int = 8_000_000
                     ) -> Iterator[tuple[int, list[Analysis], np.ndarray]]:
        """Yield (first need index, analyses, dense scores) per chunk of needs. A score is positive only
        when the need and the resource share a word or a concept; bonuses never create a match."""
        n_res = len(self.resources)
        step = max(1, chunk_cells // max(n_res, 1))
        w = self.weights
        for start in range(0, len(needs), step):
            chunk = needs[start:start + step]
            analyses = [analyse(n.text) for n in chunk]
            if n_res == 0:
                yield start, analyses, np.zeros((len(chunk), 0))
                continue
            scores = (self.query_matrix(analyses) @ self.bm25).toarray()
            matched = scores > 0
            cat = np.array([self.categories.of(category_code(n.category), add=False) for n in chunk])
            com = np.array([self.communities.of(n.community.strip(), add=False) for n in chunk])
            if (cat >= 0).any():
                scores += w.same_category * (matched & (cat[:, None] == self.resource_category[None, :]))
            implied = np.zeros((len(chunk), len(self.categories.codes) + 1), dtype=bool)
            for i, analysis in enumerate(analyses):
                for code in _implied_categories(analysis):
                    c = self.categories.of(code, add=False)
                    if c >= 0:
                        implied[i, c] = True
            if implied.any():
                scores += w.concept_category * (matched & implied[:, self._category_column])
            if (com >= 0).any():
                scores += w.same_community * (matched & (com[:, None] == self.resource_community[None, :]))
            if self.full.any():
                scores[:, self.full] *= w.no_capacity_factor
            yield start, analyses, scores

    def top(self, needs: Sequence[Need], k: int) -> Iterator[tuple[int, Analysis, np.ndarray, np.ndarray]]:
        """Per need (in order): index, analysis, the resource indices of its best ≤ k positive scores
        (best first) and those scores."""
        for start, analyses, scores in self.score_chunks(needs):
            n_res = scores.shape[1]
            kk = min(k, n_res)
            if kk == 0:
                for i, analysis in enumerate(analyses):
                    yield start + i, analysis, np.zeros(0, dtype=np.int64), np.zeros(0)
                continue
            if kk < n_res:
                best = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
            else:
                best = np.broadcast_to(np.arange(n_res), scores.shape).copy()
            values = np.take_along_axis(scores, best, axis=1)
            order = np.lexsort((best, -values), axis=1)  # by score, then by resource order (stable ties)
            best = np.take_along_axis(best, order, axis=1)
            values = np.take_along_axis(values, order, axis=1)
            for i, analysis in enumerate(analyses):
                keep = values[i] > 0
                yield start + i, analysis, best[i][keep], values[i][keep]

    # --- explanations -----------------------------------------------------------------------------------
    def reason(self, need: Need, analysis: Analysis, r: int) -> str:
        resource, res_analysis = self.resources[r], self.analyses[r]
        concepts = concept_by_name()
        shared = [c for c in analysis.concepts if c in set(res_analysis.concepts)]
        shared.sort(key=lambda name: concepts[name].kind != "service")  # services first, then groups
        parts = []
        if shared:
            parts.append("共同概念：" + "、".join(shared))
        words = list(dict.fromkeys(w for w in analysis.words if w in set(res_analysis.words)))
        if words:
            parts.append("共同词语：" + "、".join(words[:4]))
        code = category_code(need.category)
        if code and code == category_code(resource.category):
            parts.append(f"同一类别（{CATEGORY_NAMES.get(code, code)}）")
        elif (rc := category_code(resource.category)) and rc in _implied_categories(analysis):
            parts.append(f"类别相符（{CATEGORY_NAMES.get(rc, rc)}）")
        if need.community.strip() and need.community.strip() == resource.community.strip():
            parts.append("同一社区")
        if resource.capacity is not None:
            parts.append("名额已满" if resource.capacity <= 0 else f"剩余名额 {resource.capacity}")
        return "；".join(parts)


def rank(needs: Sequence[Need], resources: Sequence[Resource] | Index, top_k: int = 3,
         weights: Weights = DEFAULT_WEIGHTS) -> list[list[Suggestion]]:
    """Per need, its best top_k resources with a positive score: (resource, score, reason), best first."""
    index = resources if isinstance(resources, Index) else Index(resources, weights)
    result: list[list[Suggestion]] = []
    for i, analysis, best, values in index.top(needs, top_k):
        result.append([Suggestion(index.resources[r], round(float(s), 4), index.reason(needs[i], analysis, r))
                       for r, s in zip(best, values, strict=True)])
    return result


def _candidate_edges(needs, index: Index, candidates: int):
    """(need, resource, score) edges: each need's best `candidates` positive resources that have room."""
    rows, cols, vals = [], [], []
    usable = ~index.full
    for i, _analysis, best, values in index.top(needs, candidates):
        keep = usable[best]
        rows.append(np.full(int(keep.sum()), i, dtype=np.int64))
        cols.append(best[keep])
        vals.append(values[keep])
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(rows), np.concatenate(cols).astype(np.int64), np.concatenate(vals)


def _capacities(index: Index, n_needs: int) -> np.ndarray:
    return np.array([n_needs if r.capacity is None else max(r.capacity, 0) for r in index.resources],
                    dtype=np.float64)


def assign(needs: Sequence[Need], resources: Sequence[Resource] | Index, *, candidates: int = 50,
           weights: Weights = DEFAULT_WEIGHTS) -> list[Assignment]:
    """Assign each need to at most one resource, each resource to at most `capacity` needs (None = no
    limit), maximising the total score. Needs without a positive-score resource with room stay unassigned.

    This is a maximum-weight bipartite b-matching (a min-cost flow), solved exactly with HiGHS through
    scipy.optimize.milp; its constraint matrix is totally unimodular, so the LP relaxation is already
    integral and HiGHS solves it at the root. Edges are each need's best `candidates` resources (with
    fewer candidates than that, the result is the exact optimum over all positive pairs)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    index = resources if isinstance(resources, Index) else Index(resources, weights)
    rows, cols, vals = _candidate_edges(needs, index, candidates)
    chosen: dict[int, tuple[int, float]] = {}
    if len(vals):
        n_edges = len(vals)
        edge = np.arange(n_edges)
        a_need = sparse.csr_matrix((np.ones(n_edges), (rows, edge)), shape=(len(needs), n_edges))
        a_res = sparse.csr_matrix((np.ones(n_edges), (cols, edge)), shape=(len(index.resources), n_edges))
        result = milp(
            c=-vals,
            constraints=[LinearConstraint(a_need, -np.inf, 1.0),
                         LinearConstraint(a_res, -np.inf, _capacities(index, len(needs)))],
            integrality=np.ones(n_edges),
            bounds=Bounds(0.0, 1.0),
        )
        if result.x is None:  # cannot happen for a feasible b-matching (x = 0 is feasible); be loud if it does
            raise RuntimeError(f"assignment solver failed: {result.message}")
        for e in np.flatnonzero(result.x > 0.5):
            chosen[int(rows[e])] = (int(cols[e]), float(vals[e]))
    return [Assignment(need, index.resources[chosen[i][0]] if i in chosen else None,
                       round(chosen[i][1], 4) if i in chosen else 0.0)
            for i, need in enumerate(needs)]


def assign_greedy(needs: Sequence[Need], resources: Sequence[Resource] | Index, *, candidates: int = 50,
                  weights: Weights = DEFAULT_WEIGHTS) -> list[Assignment]:
    """The greedy heuristic (highest-scoring pair first): for comparison only, never the default."""
    index = resources if isinstance(resources, Index) else Index(resources, weights)
    rows, cols, vals = _candidate_edges(needs, index, candidates)
    left = _capacities(index, len(needs))
    chosen: dict[int, tuple[int, float]] = {}
    for e in np.argsort(-vals, kind="stable"):
        i, r = int(rows[e]), int(cols[e])
        if i not in chosen and left[r] >= 1:
            chosen[i] = (r, float(vals[e]))
            left[r] -= 1
    return [Assignment(need, index.resources[chosen[i][0]] if i in chosen else None,
                       round(chosen[i][1], 4) if i in chosen else 0.0)
            for i, need in enumerate(needs)]
