# cython: language_level=3
# The ints the compiled loops hand out for offsets and token indexes: a document's offsets mostly lie below
# SHARED_INTS, so each is made once a process (a list of them in each module that cimports this) and shared by every
# document after, as Python shares its ints below 257. Declarations only: each module compiles them in.
from cpython.list cimport PyList_GET_ITEM

cdef enum:
    SHARED_INTS = 1 << 14  # a text of 16,384 characters; beyond, an offset is made each time


cdef inline object shared_int(list ints, Py_ssize_t i):
    """ints[i] for i below SHARED_INTS (ints: list(range(SHARED_INTS))), else a new int."""
    if 0 <= i < SHARED_INTS:
        return <object>PyList_GET_ITEM(ints, i)
    return i
