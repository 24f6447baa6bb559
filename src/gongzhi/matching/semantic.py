"""What a text means beyond its words: static word vectors distilled from a packaged sentence model
(semantic_build.py → semantic_vectors.npz; docs/adr/0026-matching-static-word-vectors.md).

A text's vector is the weighted mean of its words' vectors — a frequent word weighs less (smooth inverse frequency,
a / (a + p(word)) with p from jieba's dictionary), a word the table lacks is the mean of its characters — scaled to
length 1. Two texts are close when their vectors are: 耳朵背 lies near 听力, 找对象 near 交友联谊, 后事 near 殡葬,
without any entry of the lexicon or the thesaurus saying so. The table is loaded once per process (0.1 s) and a
text's vector is cached.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

VECTORS = Path(__file__).resolve().parent / "semantic_vectors.npz"
SMOOTHING = 1e-3  # a of the smooth inverse frequency weight a / (a + p)
CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _table() -> tuple[dict[str, int], np.ndarray]:
    with np.load(VECTORS) as data:
        words = str(data["words"]).split("\n")
        vectors = data["vectors"].astype(np.float32) * data["scale"]
    return {w: i for i, w in enumerate(words)}, vectors


@cache
def dimensions() -> int:
    return _table()[1].shape[1]


@cache
def _frequencies() -> tuple[dict[str, int], float]:
    from gongzhi.matching.engine import _tokenizer

    jieba = _tokenizer()
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, float(jieba.dt.total)


@lru_cache(maxsize=262_144)
def _word(word: str) -> tuple[float, np.ndarray | None]:
    """(weight, vector) of one word of a text: the table's vector, or the mean of its characters' vectors."""
    index, table = _table()
    frequency, total = _frequencies()
    if not CJK.search(word):
        return 0.0, None
    row = index.get(word)
    if row is not None:
        v = table[row]
    else:
        rows = [index[ch] for ch in word if ch in index]
        if not rows:
            return 0.0, None
        v = table[rows].mean(axis=0)
    return SMOOTHING / (SMOOTHING + frequency.get(word, 0) / total), v


@lru_cache(maxsize=262_144)
def vector(text: str) -> np.ndarray:
    """The text's vector (length 1), or zeros when none of its words or characters is known. Read-only."""
    from gongzhi.matching.engine import ADDRESS, segmented

    acc = np.zeros(dimensions(), dtype=np.float32)
    for word in segmented(ADDRESS.sub(" ", text)):
        weight, v = _word(word)
        if v is not None:
            acc += weight * v
    norm = float(np.linalg.norm(acc))
    if norm > 0:
        acc /= norm
    acc.flags.writeable = False
    return acc


def matrix(texts: list[str]) -> np.ndarray:
    """texts × dimensions, one vector a row."""
    if not texts:
        return np.zeros((0, dimensions()), dtype=np.float32)
    return np.stack([vector(t) for t in texts])


def _closest_above(cosine: np.ndarray, bars: np.ndarray, first: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns), by row, of the at most k largest entries of each row that exceed the row's bar; of equal
    entries the lower column first. The entries above ``first`` (a higher bar) are looked at first: a row with k of
    them has its k largest among them, and only the other rows are searched above their bar. In a long list that is
    a few hundred entries a row instead of a partial sort of the whole row (Similarity.above on a block of 1,600 needs
    × 10,000 resources: 0.57 → 0.31 s)."""
    high = cosine > first[:, None]
    enough = np.count_nonzero(high, axis=1) >= k
    rows, cols = np.nonzero(high & enough[:, None])
    rest = np.flatnonzero(~enough)
    if len(rest):
        low_rows, cols_rest = np.nonzero(cosine[rest] > bars[rest, None])
        rows, cols = np.concatenate((rows, rest[low_rows])), np.concatenate((cols, cols_rest))
    if len(rows) == 0:
        return rows, cols
    order = np.lexsort((cols, -cosine[rows, cols], rows))  # by row, the closest first, then by column
    rows, cols = rows[order], cols[order]
    start = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(start, np.diff(np.r_[start, len(rows)]))
    kept = rank < k
    return rows[kept], cols[kept]


def highest(scores: np.ndarray, k: int) -> np.ndarray:
    """rows × min(k, columns): the columns of each row's k highest scores, the highest first, of equal ones the lower
    column first (a fixed order, whatever the block)."""
    return np.lexsort((np.broadcast_to(np.arange(scores.shape[1]), scores.shape), -scores), axis=1)[:, :k]


class Similarity:
    """The similarity of needs to a list of resources, as a z-score over the list: how much closer a resource is
    to the need than the list's resources are on average, in standard deviations. Mean and variance of a need's
    similarities come from the list's mean vector and second moments (no needs × resources product for them)."""

    LOOK_FIRST = 2.5  # z: the bar above which a need's closest resources are looked for first (_closest_above)

    def __init__(self, texts: list[str], vectors: np.ndarray | None = None):
        """The resources' texts, or their ``vectors`` (rows of length 1) when given."""
        self.resources = matrix(texts) if vectors is None else vectors  # resources × dimensions
        self._columns = np.ascontiguousarray(self.resources.T)  # dimensions × resources: twice as fast a product
        n = max(len(self.resources), 1)
        self.mean = self.resources.sum(axis=0) / n
        self.moment = (self.resources.T @ self.resources) / n  # dimensions × dimensions

    def _moments(self, needs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean = needs @ self.mean
        variance = ((needs @ self.moment) * needs).sum(axis=1) - mean ** 2
        return mean, np.sqrt(np.maximum(variance, 1e-12))

    def above(self, needs: np.ndarray, bar: float, k: int, least: float = -1.0
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, columns, z-scores) of the entries whose z-score passes ``bar`` and whose cosine is at least
        ``least``, at most the ``k`` best of each need, by row. The bars are compared on the cosines (one pass, no
        division over the whole block); the kept entries' z-scores are then computed again pair by pair in float64,
        so that the same need and resource get the same score whichever block of needs they were scored in (a
        matrix product's rounding depends on its shape)."""
        cosine = needs @ self._columns
        mean, spread = self._moments(needs)
        bars = np.maximum(mean + bar * spread, least)
        if cosine.shape[1] > k:  # the k closest of each need (by cosine, as by z) that pass the bars
            rows, cols = _closest_above(cosine, bars, np.maximum(mean + self.LOOK_FIRST * spread, bars), k)
        else:
            rows, cols = np.nonzero(cosine > bars[:, None])
        if len(rows) == 0:
            return rows, cols, np.zeros(0)
        z = self.exact_z(needs, rows, cols)
        passed = z > bar
        return rows[passed], cols[passed], z[passed]

    def exact_z(self, needs: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """z-scores of the (need row, resource column) pairs, each computed on its own in float64."""
        used, where = np.unique(rows, return_inverse=True)
        q = needs[used].astype(np.float64)
        mean = np.einsum("ij,j->i", q, self.mean.astype(np.float64))
        variance = np.einsum("ij,jk,ik->i", q, self.moment.astype(np.float64), q) - mean ** 2
        spread = np.sqrt(np.maximum(variance, 1e-12))
        cosine = np.einsum("ij,ij->i", q[where], self.resources[cols].astype(np.float64))
        return (cosine - mean[where]) / spread[where]

    def z(self, needs: np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
        """needs × resources z-scores (needs: rows of vectors); only ``columns`` if given."""
        resources = self.resources if columns is None else self.resources[columns]
        mean, spread = self._moments(needs)
        return (needs @ resources.T - mean[:, None]) / spread[:, None]


class ClauseSimilarity:
    """The similarity of needs to a list of resources each read as several texts (an offering's clauses, as residents
    would ask for each of its services): the largest cosine to any of them, as a z-score over the list. A need for one
    of an offering's services lies close to that clause, however many others the offering lists; the mean of the
    clauses would dilute it, and an offering listing many related services would lie close to every need of their
    field. Mean and variance over the list come from each distinct text's largest cosine, weighted by how many
    resources share the text; each distinct need vector's cosines are computed once per call, each summed in one
    fixed order in float64, so that a pair gets the same z-score whichever block of needs it is scored in."""

    def __init__(self, parts: np.ndarray, texts: list[list[int]], groups: np.ndarray):
        """``parts``: the distinct clauses' vectors (rows of length 1); ``texts``: for each distinct resource text,
        the rows of its clauses; ``groups``: for each resource, its distinct text."""
        self.parts = np.ascontiguousarray(parts.astype(np.float64))
        self.groups = np.asarray(groups, dtype=np.int64)
        self._flat = np.asarray([row for rows in texts for row in rows], dtype=np.int64)
        self._starts = np.cumsum([0, *(len(rows) for rows in texts[:-1])]).astype(np.int64)
        self._weights = np.bincount(self.groups, minlength=len(texts)).astype(np.float64)
        self._total = max(float(self._weights.sum()), 1.0)

    def z(self, needs: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """z-scores of the (need row, resource column) pairs."""
        if len(rows) == 0 or len(self._flat) == 0:
            return np.zeros(len(rows))
        used, at = np.unique(rows, return_inverse=True)  # the needs asked about, then their distinct vectors
        distinct, where = np.unique(needs[used], axis=0, return_inverse=True)
        return self._z(distinct)[where.ravel()[at.ravel()], self.groups[cols]]

    def above(self, needs: np.ndarray, bar: float, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, columns, z-scores) of each need's at most ``k`` resources whose z-score passes ``bar``, by row, the
        highest first (of equal ones the lower column)."""
        if len(needs) == 0 or len(self._flat) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        z = self.every_z(needs)
        order = highest(z, k)
        rows = np.repeat(np.arange(len(needs)), order.shape[1])
        cols = order.ravel()
        kept = z[rows, cols] > bar
        return rows[kept], cols[kept], z[rows, cols][kept]

    def every_z(self, needs: np.ndarray) -> np.ndarray:
        """needs × resources z-scores, each distinct need vector's computed once."""
        distinct, where = np.unique(needs, axis=0, return_inverse=True)
        return self._z(distinct)[where.ravel()][:, self.groups]

    def _z(self, needs: np.ndarray) -> np.ndarray:
        """needs × distinct texts z-scores; einsum sums each cosine, mean and variance in one fixed order (no BLAS
        blocking)."""
        cosine = np.einsum("ik,jk->ij", needs.astype(np.float64), self.parts)
        largest = np.maximum.reduceat(cosine[:, self._flat], self._starts, axis=1)
        mean = np.einsum("ij,j->i", largest, self._weights) / self._total
        spread = np.sqrt(np.maximum(np.einsum("ij,j->i", (largest - mean[:, None]) ** 2, self._weights) / self._total,
                                    1e-12))
        return (largest - mean[:, None]) / spread[:, None]


@lru_cache(maxsize=65_536)
def _known_words(text: str) -> tuple[tuple[str, ...], np.ndarray | None]:
    """The text's distinct words of two or more Chinese characters that the table holds, and their vectors
    (rows of length 1)."""
    from gongzhi.matching.engine import ADDRESS, segmented
    from gongzhi.matching.lexicon import STOP_WORDS

    index, table = _table()
    words = tuple(dict.fromkeys(w for w in segmented(ADDRESS.sub(" ", text))
                                if len(w) > 1 and w in index and w not in STOP_WORDS and CJK.match(w)))
    if not words:
        return words, None
    rows = table[[index[w] for w in words]]
    return words, rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def closest_words(need: str, offer: str) -> tuple[str, str] | None:
    """The pair of words, one of the need and one of the offer, whose meanings lie closest (different words): what
    staff are shown for a match made on meaning alone (耳朵背 ≈ 听力). None when either text has no known word."""
    need_words, a = _known_words(need)
    offer_words, b = _known_words(offer)
    if a is None or b is None:
        return None
    cosine = a @ b.T
    same = np.array([[x == y for y in offer_words] for x in need_words])
    cosine[same] = -2.0
    i, j = np.unravel_index(int(np.argmax(cosine)), cosine.shape)
    return None if cosine[i, j] <= -2.0 else (need_words[i], offer_words[j])
