# cython: language_level=3
"""document._TOKEN_SPLIT's tokens read by one loop over the text's characters (compiled by the package's build where
a C compiler is present; document.py's regex split is the fallback and the reference): a token is a run of letters,
a number with its digit groups and decimals, or any other one character but a space or an underscore. A letter is
what the regex's [^\\W\\d_] is (alphanumeric, not a decimal digit), a digit its \\d (a decimal digit), a space its
\\s; the same Unicode tables decide. Beside it, the other loops over each token of a document that run compiled
where it does (each with its Python version the fallback): the word flags, the numbers in digits, the word shingles.
"""
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.string cimport memcpy


cdef extern from "Python.h":
    const char *PyUnicode_AsUTF8AndSize(object text, Py_ssize_t *size) except NULL


def split_tokens(str text, str group_marks):
    """(tokens, their starts, their ends) of `text`, the starts followed by the text's length. `group_marks`: the
    marks between digit groups (document.DIGIT_GROUP_MARKS), of which "." also opens decimals and "," one or two
    decimal digits."""
    cdef Py_ssize_t n = len(text), i = 0, j, k
    cdef Py_UCS4 ch
    cdef list tokens = [], starts = [], ends = []
    while i < n:
        ch = text[i]
        if ch == u'_' or ch.isspace():
            i += 1
            continue
        j = i + 1
        if ch.isdecimal():
            while j < n and text[j].isdecimal():
                j += 1
            while j + 3 < n and text[j] in group_marks and text[j + 1].isdecimal() and text[j + 2].isdecimal() \
                    and text[j + 3].isdecimal() and not (j + 4 < n and text[j + 4].isdecimal()):
                j += 4
            if j + 1 < n and text[j + 1].isdecimal():
                if text[j] == u'.':
                    j += 2
                    while j < n and text[j].isdecimal():
                        j += 1
                elif text[j] == u',':
                    k = j + 2
                    while k < n and text[k].isdecimal():
                        k += 1
                    if k - j - 1 <= 2:
                        j = k
        elif ch.isalnum():
            while j < n and text[j].isalnum() and not text[j].isdecimal():
                j += 1
        tokens.append(text[i:j])
        starts.append(i)
        ends.append(j)
        i = j
    starts.append(n)  # as the split's offsets end: one start more than tokens, the text's end
    return tokens, starts, ends


def word_flags_and_counts(list tokens):
    """view.word_flags_and_counts: (is each token a word or a number, its first character a letter or a digit; the
    words before each token and after the last), by one loop."""
    cdef Py_ssize_t i, n = len(tokens), words = 0
    cdef list flags = [], words_before = [0]
    for i in range(n):
        token = tokens[i]
        if not isinstance(token, str):
            raise TypeError(f"a token is a str, not {type(token).__name__}")
        if (<str>token)[0].isalnum():
            flags.append(True)
            words += 1
        else:
            flags.append(False)
        words_before.append(words)
    return flags, words_before


def decimal_tokens(list tokens):
    """document.decimal_tokens: the indexes of the tokens whose first character is a decimal digit, in order."""
    cdef Py_ssize_t i, n = len(tokens)
    cdef list found = []
    for i in range(n):
        token = tokens[i]
        if not isinstance(token, str):
            raise TypeError(f"a token is a str, not {type(token).__name__}")
        if (<str>token)[0].isdecimal():
            found.append(i)
    return found


def word_shingles(list words, Py_ssize_t n):
    """copies.word_shingles: the UTF-8 bytes of each n words in a row, joined by a space, from each word on while n
    are left; each shingle made at once from the words' UTF-8 (which each str keeps once asked for)."""
    cdef Py_ssize_t count = len(words), i, j, size
    cdef list shingles = []
    if n <= 0 or count < n:
        return shingles
    cdef const char **data = <const char **>PyMem_Malloc(count * sizeof(char *))
    cdef Py_ssize_t *lengths = <Py_ssize_t *>PyMem_Malloc(count * sizeof(Py_ssize_t))
    cdef char *out
    try:
        if data is NULL or lengths is NULL:
            raise MemoryError()
        for i in range(count):
            word = words[i]
            if not isinstance(word, str):
                raise TypeError(f"a word is a str, not {type(word).__name__}")
            data[i] = PyUnicode_AsUTF8AndSize(word, &lengths[i])  # raises as str.encode does (a lone surrogate)
        for i in range(count - n + 1):
            size = n - 1
            for j in range(i, i + n):
                size += lengths[j]
            shingle = PyBytes_FromStringAndSize(NULL, size)
            out = PyBytes_AS_STRING(shingle)
            for j in range(i, i + n):
                if j > i:
                    out[0] = b' '
                    out += 1
                memcpy(out, data[j], lengths[j])
                out += lengths[j]
            shingles.append(shingle)
        return shingles
    finally:
        PyMem_Free(data)
        PyMem_Free(lengths)
