# cython: language_level=3
"""similarity.cosine and similarity.unit_vectors compiled (by the package's build where a C compiler is present;
similarity.py's Python versions are the fallback and the reference). The same arithmetic on the same floats: a
product or a quotient of two doubles is one rounding in C as in Python, math.log is C's log, and the sums are
made by Python's own fsum and sum, so the results are the same to the last bit."""
from cpython.dict cimport PyDict_GetItem, PyDict_Next
from cpython.object cimport PyObject
from libc.math cimport log, sqrt

from math import fsum, log as python_log


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
