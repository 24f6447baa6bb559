"""The baseline the engine is measured against: character n-gram TF-IDF with cosine similarity (no
segmentation, no lexicon), in numpy/scipy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse


def _ngrams(text: str, sizes: tuple[int, ...]) -> list[str]:
    text = "".join(text.split())
    return [text[i:i + n] for n in sizes for i in range(len(text) - n + 1)]


class CharNgramTfidf:
    """Resources' character 1–2-grams (by default) weighted tf × smoothed idf, rows L2-normalised."""

    def __init__(self, documents: Sequence[str], sizes: tuple[int, ...] = (1, 2)):
        self.sizes = sizes
        self.vocabulary: dict[str, int] = {}
        counts = self._counts(documents, grow=True)
        df = np.bincount(counts.indices, minlength=len(self.vocabulary))
        self.idf = np.log((1 + len(documents)) / (1 + df)) + 1.0
        self.matrix = self._normalise(counts)

    def _counts(self, texts: Sequence[str], *, grow: bool) -> sparse.csr_matrix:
        indptr, indices = [0], []
        for text in texts:
            for gram in _ngrams(text, self.sizes):
                t = self.vocabulary.setdefault(gram, len(self.vocabulary)) if grow else self.vocabulary.get(gram)
                if t is not None:
                    indices.append(t)
            indptr.append(len(indices))
        m = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(texts), len(self.vocabulary)))
        m.sum_duplicates()
        return m

    def _normalise(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weighted = counts.multiply(self.idf[None, :] if counts.shape[1] else 0).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ weighted

    def similarity(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """texts × documents cosine similarity, sparse (entries where they share an n-gram)."""
        return (self._normalise(self._counts(texts, grow=False)) @ self.matrix.T).tocsr()

    def rank(self, texts: Sequence[str], k: int) -> list[list[int]]:
        """Per text, the indices of its k most similar documents (positive similarity only)."""
        scores = (self._normalise(self._counts(texts, grow=False)) @ self.matrix.T).toarray()
        result = []
        for row in scores:
            order = np.argsort(-row, kind="stable")[:k]
            result.append([int(i) for i in order if row[i] > 0])
        return result
