"""How alike two reports' words are: the TF-IDF vectors of their signatures (rasd/signature.py) and their cosine,
which the incidents stage works out for every candidate pair of reports (75,000 on the news2013 stream).
`cosine`, `unit_vectors`, `norm`, `summed` and the sparse vectors compared by `sparse_cosine` are compiled where the
build could (rasd/_similarity.pyx); the Python ones below are the fallback and the reference, and both give the same
floats (tests/test_similarity.py)."""
from __future__ import annotations

import collections
import itertools
import math
import operator


def tfidf(signatures: list[dict]) -> list[dict]:
    """Each signature ({word: count}) as a unit vector of TF-IDF weights over these signatures."""
    df = collections.Counter(itertools.chain.from_iterable(signatures))  # each signature's words, walked in C
    n = len(signatures) or 1
    idf = {w: math.log(1 + n / count) for w, count in df.items()}  # once a word, not once a document's use of it
    return unit_vectors(signatures, idf)


def python_unit_vectors(signatures: list[dict], idf: dict) -> list[dict]:
    """Each signature's vector of (1 + log count) × idf, divided by its norm (1 for an empty one)."""
    vectors = []
    for sig in signatures:
        vec = {w: (1 + math.log(c)) * idf[w] for w, c in sig.items()}
        values = vec.values()
        norm = math.sqrt(sum(map(operator.mul, values, values))) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def python_cosine(a: dict, b: dict) -> float:
    """The dot product of two vectors ({word: weight}): their cosine when both are unit vectors. The shared words
    only, found and multiplied in C; fsum is exactly rounded, so the order of the set does not matter."""
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    return math.fsum(map(operator.mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))


def python_sparse_vectors(vectors: list[dict]) -> list[dict]:
    """The vectors in the form sparse_cosine compares (compiled: their words numbered and in order; here themselves)."""
    return list(vectors)


python_sparse_cosine = python_cosine  # of two vectors made by one call of sparse_vectors


def python_summed(a: dict, b: dict, own_a: bool = False, own_b: bool = False) -> dict:
    """The word by word sum of two signatures. Added into one the caller owns (own_a, own_b: a group's centroid,
    never a report's vector; the larger when both are), so that a growing group's centroid is not copied at each
    join; each sum is the same float either way (addition commutes) and the order of the words matters to no reader."""
    if own_a or own_b:
        into, added = (a, b) if own_a and (len(a) >= len(b) or not own_b) else (b, a)
        for word, value in added.items():
            into[word] = into[word] + value if word in into else value
        return into
    total = dict(a)
    for word, value in b.items():
        total[word] = total.get(word, 0.0) + value
    return total


def python_norm(vector: dict) -> float:
    return math.sqrt(math.fsum(v * v for v in vector.values()))


def cosine_of_sums(a: dict, b: dict, norm_a: float, norm_b: float) -> float:
    """Cosine of two summed signatures (not unit vectors) whose norms are norm_a and norm_b."""
    product = norm_a * norm_b
    return cosine(a, b) / product if product else 0.0


try:  # the same loops compiled, where the build compiled them
    from ._similarity import cosine, norm, sparse_cosine, sparse_vectors, summed, unit_vectors
    COMPILED = True
except ImportError:  # installed where no C compiler was
    cosine, unit_vectors = python_cosine, python_unit_vectors
    sparse_vectors, sparse_cosine = python_sparse_vectors, python_sparse_cosine
    norm, summed = python_norm, python_summed
    COMPILED = False
