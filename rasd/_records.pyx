# cython: language_level=3
"""records.shared_strings compiled (by the package's build where a C compiler is present; records.py's Python version
is the fallback and the reference): the same walk over a result's plain data, its dicts' keys and its short strings
interned by the C API rather than a Python call to sys.intern for each (the parent process interns every record it
gathers: a fifth of its instructions a document in Python)."""
from cpython.object cimport PyObject
from cpython.ref cimport Py_DECREF, Py_INCREF


cdef extern from "Python.h":
    void PyUnicode_InternInPlace(PyObject **p)


cdef Py_ssize_t SHORT = 40  # records.SHORT, which the tests hold equal


cdef inline object _interned(object text):
    """The interned copy of the exact str `text` (sys.intern's)."""
    cdef PyObject *p = <PyObject *>text
    Py_INCREF(text)  # PyUnicode_InternInPlace takes a reference it may drop, and hands back one
    PyUnicode_InternInPlace(&p)
    result = <object>p  # a reference of its own
    Py_DECREF(<object>p)
    return result


cpdef object shared_strings(object value):
    """`value` (plain data) with its keys and short strings interned, as records.shared_strings."""
    cdef type kind = type(value)
    cdef dict shared_dict
    cdef list shared_list
    if kind is str:
        return _interned(value) if len(<str>value) <= SHORT else value
    if kind is dict:
        shared_dict = {}
        for key, item in (<dict>value).items():
            if type(key) is str:
                key = _interned(key)
            kind = type(item)
            if kind is str or kind is dict or kind is list:
                item = shared_strings(item)
            shared_dict[key] = item
        return shared_dict
    if kind is list:
        shared_list = []
        for item in <list>value:
            kind = type(item)
            if kind is str or kind is dict or kind is list:
                item = shared_strings(item)
            shared_list.append(item)
        return shared_list
    return value
