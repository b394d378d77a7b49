# cython: language_level=3
"""similarity.cosine, unit_vectors, norm, summed and the sparse vectors of similarity.sparse_vectors compiled (by
the package's build where a C compiler is present; similarity.py's Python versions are the fallback and the
reference). The same arithmetic on the same floats: a product or a quotient of two doubles is one rounding in C as
in Python, math.log is C's log, and the sums are made by Python's own fsum and sum, so the results are the same to
the last bit."""
from cpython.dict cimport PyDict_GetItem, PyDict_Next
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdlib cimport qsort
from cpython.object cimport PyObject
from libc.math cimport log, sqrt

from math import fsum, log as python_log, sqrt as python_sqrt


cdef extern from "Python.h":
    bint PyFloat_CheckExact(object o)
    double PyFloat_AS_DOUBLE(object o)


def cosine(dict a, dict b):
    """The dot product of two vectors ({word: weight}): the smaller one's words looked up in the other."""
    cdef dict small = a if len(a) <= len(b) else b
    cdef dict large = b if small is a else a
    cdef Py_ssize_t position = 0
    cdef PyObject *word
    cdef PyObject *weight
    cdef PyObject *other
    cdef list products = []
    while PyDict_Next(small, &position, &word, &weight):
        other = PyDict_GetItem(large, <object>word)
        if other is NULL:
            continue
        if PyFloat_CheckExact(<object>weight) and PyFloat_CheckExact(<object>other):
            products.append(PyFloat_AS_DOUBLE(<object>weight) * PyFloat_AS_DOUBLE(<object>other))
        else:
            products.append(<object>weight * <object>other)
    if not products:
        return 0.0
    return fsum(products)


def unit_vectors(list signatures, dict idf):
    """Each signature's vector of (1 + log count) × idf, divided by its norm (1 for an empty one)."""
    cdef list vectors = []
    cdef dict signature, weighted, unit
    cdef list squares
    cdef object word, count, weight
    cdef double value, norm
    for signature in signatures:
        weighted = {}
        squares = []
        for word, count in signature.items():
            weight = idf[word]
            if type(count) is int and 0 < count < (1 << 53) and PyFloat_CheckExact(weight):
                value = (1.0 + log(<double>count)) * PyFloat_AS_DOUBLE(weight)
                weighted[word] = value
                squares.append(value * value)
            else:  # what no signature holds: Python's arithmetic itself
                weight = (1 + python_log(count)) * weight
                weighted[word] = weight
                squares.append(weight * weight)
        norm = sqrt(sum(squares)) or 1.0
        unit = {}
        for word, weight in weighted.items():
            unit[word] = PyFloat_AS_DOUBLE(weight) / norm if PyFloat_CheckExact(weight) else weight / norm
        vectors.append(unit)
    return vectors


cdef struct _Entry:
    Py_ssize_t word   # the word's number in the vectors' vocabulary
    double weight


cdef int _by_word(const void *a, const void *b) noexcept nogil:
    cdef Py_ssize_t x = (<_Entry *>a).word, y = (<_Entry *>b).word
    return (x > y) - (x < y)


cdef class Sparse:
    """A vector of float weights as its words' numbers, in order, and their weights (sparse_vectors)."""
    cdef Py_ssize_t size
    cdef _Entry *entries

    def __dealloc__(self):
        PyMem_Free(self.entries)

    def __len__(self):
        return self.size


def sparse_vectors(list vectors):
    """The vectors ({word: float}) with their words numbered, for sparse_cosine: a pair's shared words are then found
    by walking both in order, not by looking each word of one up in the other's table."""
    cdef dict numbers = {}
    cdef list made = []
    cdef dict vector
    cdef Sparse sparse
    cdef Py_ssize_t at
    for vector in vectors:
        sparse = Sparse.__new__(Sparse)
        sparse.entries = <_Entry *>PyMem_Malloc(max(len(vector), 1) * sizeof(_Entry))
        if sparse.entries is NULL:
            raise MemoryError()
        at = 0
        for word, weight in vector.items():
            if not PyFloat_CheckExact(weight):
                raise TypeError(f"a sparse vector's weights are floats, not {type(weight).__name__}")
            sparse.entries[at].word = numbers.setdefault(word, len(numbers))
            sparse.entries[at].weight = PyFloat_AS_DOUBLE(weight)
            at += 1
        sparse.size = at
        qsort(sparse.entries, at, sizeof(_Entry), _by_word)
        made.append(sparse)
    return made


def sparse_cosine(Sparse a, Sparse b):
    """cosine() of two vectors made by one call of sparse_vectors: the same float."""
    cdef Py_ssize_t i = 0, j = 0, shared = 0
    cdef double first = 0.0
    cdef list products = None
    cdef double product
    while i < a.size and j < b.size:
        if a.entries[i].word < b.entries[j].word:
            i += 1
        elif a.entries[i].word > b.entries[j].word:
            j += 1
        else:
            product = a.entries[i].weight * b.entries[j].weight
            if shared == 0:
                first = product
            elif shared == 1:
                products = [first, product]
            else:
                products.append(product)
            shared += 1
            i += 1
            j += 1
    if shared == 0:
        return 0.0
    if shared == 1:
        return fsum((first,))  # not `first` itself: fsum makes a -0.0 product +0.0, as cosine's sum does
    return fsum(products)


def norm(dict vector):
    """The vector's Euclidean norm: the square root of the exactly rounded sum of its squared weights."""
    cdef list squares = []
    for weight in vector.values():
        if PyFloat_CheckExact(weight):
            squares.append(PyFloat_AS_DOUBLE(weight) * PyFloat_AS_DOUBLE(weight))
        else:
            squares.append(weight * weight)
    return python_sqrt(fsum(squares))


def summed(dict a, dict b, bint own_a=False, bint own_b=False):
    """similarity.summed: the word by word sum of two signatures, added into the one the caller owns."""
    cdef dict into, added
    cdef Py_ssize_t position = 0
    cdef PyObject *word
    cdef PyObject *value
    cdef PyObject *there
    if own_a or own_b:
        if own_a and (len(a) >= len(b) or not own_b):
            into, added = a, b
        else:
            into, added = b, a
        while PyDict_Next(added, &position, &word, &value):
            there = PyDict_GetItem(into, <object>word)
            into[<object>word] = <object>value if there is NULL else _added(<object>there, <object>value)
        return into
    into = dict(a)
    while PyDict_Next(b, &position, &word, &value):
        there = PyDict_GetItem(into, <object>word)
        into[<object>word] = _added(<object>there if there is not NULL else 0.0, <object>value)
    return into


cdef inline object _added(object x, object y):
    if PyFloat_CheckExact(x) and PyFloat_CheckExact(y):
        return PyFloat_AS_DOUBLE(x) + PyFloat_AS_DOUBLE(y)
    return x + y
