# cython: language_level=3
"""The loops of match_loops.py with C types (compiled by the package's build where a C compiler is present): the
same results, with C integers for offsets and tokens and the lists, tuples and dicts read through the C API. Every
tuple read is checked to be one and indexed with bounds checks: a malformed match raises, as in Python, and never
reads past its end."""
from cpython.dict cimport PyDict_GetItem
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.ref cimport Py_INCREF, PyObject
from cpython.tuple cimport PyTuple_Check, PyTuple_SET_ITEM
from libc.string cimport memcpy
from rasd._shared_ints cimport SHARED_INTS, shared_int

from operator import attrgetter
from types import MappingProxyType

cdef extern from *:
    """
    /* An instance of `type` (a subclass of tuple) with n empty places: what tuple.__new__(type, items) allocates
       before it copies the items in (the type's tp_alloc, which tracks it for the garbage collector). */
    static PyObject *rasd_empty_tuple_of(PyObject *type, Py_ssize_t n) {
        return ((PyTypeObject *)type)->tp_alloc((PyTypeObject *)type, n);
    }
    """
    object _empty_tuple_of "rasd_empty_tuple_of"(object type, Py_ssize_t n)


cdef inline tuple _tuple(value):
    """`value` as a tuple (a Match or a Hit is one of its subclasses), or TypeError."""
    if not PyTuple_Check(value):
        raise TypeError(f"a match is a tuple, not {type(value).__name__}")
    return <tuple>value


cdef _check_record_type(record_type):
    """TypeError unless `record_type` is tuple or one of its subclasses (a Match, a Hit), as tuple.__new__ raises."""
    if not (isinstance(record_type, type) and issubclass(record_type, tuple)):
        raise TypeError(f"a record type is a subclass of tuple, not {record_type!r}")


cdef inline void _put(record, Py_ssize_t place, value):
    Py_INCREF(value)  # PyTuple_SET_ITEM takes over a reference
    PyTuple_SET_ITEM(record, place, value)


cdef inline _record4(record_type, a, b, c, d):
    """tuple.__new__(record_type, (a, b, c, d)) made in C, without the call and the tuple of the items it copies."""
    record = _empty_tuple_of(record_type, 4)
    _put(record, 0, a)
    _put(record, 1, b)
    _put(record, 2, c)
    _put(record, 3, d)
    return record


cdef inline _match_of(match_type, tuple candidate):
    """tuple.__new__(match_type, candidate's start, end, entries, prefix, first, last) made in C: a candidate is
    (start, start - end, end, entries, prefix, first token, last token)."""
    start, end, entries, prefix, first, last = candidate[0], candidate[2], candidate[3], candidate[4], candidate[5], \
        candidate[6]
    record = _empty_tuple_of(match_type, 6)
    _put(record, 0, start)
    _put(record, 1, end)
    _put(record, 2, entries)
    _put(record, 3, prefix)
    _put(record, 4, first)
    _put(record, 5, last)
    return record


cdef list _ints = list(range(SHARED_INTS))  # the offsets and token indexes shared (rasd/_shared_ints.pxd)


def add_word_matches(memo, list tokens, list starts, list candidates, list cue_candidates):
    """match_loops.add_word_matches (memo: a dict, or one of its subclasses)."""
    cdef Py_ssize_t first, n = len(tokens), word_start, start, end
    cdef PyObject *cached
    cdef tuple found, m
    for first in range(n):
        token = tokens[first]
        cached = PyDict_GetItem(memo, token)
        found = _tuple(<object>cached if cached is not NULL else memo[token])
        if not found:
            continue
        word_start = starts[first]
        for m in found:
            start = word_start + <Py_ssize_t>m[0]
            end = word_start + <Py_ssize_t>m[1]
            entries, cues = m[2], m[3]
            first_token, start_at, end_at = shared_int(_ints, first), shared_int(_ints, start), shared_int(_ints, end)
            if entries:
                candidates.append((start_at, start - end, end_at, entries, m[4], first_token, first_token))
            if cues:
                cue_candidates.append((start_at, start - end, end_at, cues, m[4], first_token, first_token))


cdef inline Py_ssize_t _bisect_right(list items, Py_ssize_t value) except? -2:
    """bisect.bisect_right(items, value) over a list of ints."""
    cdef Py_ssize_t lo = 0, hi = len(items), mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if value < <Py_ssize_t>items[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def add_phrase_matches(list found, str text, list starts, list ends, list prefixes_of, list suffixes_of,
                       dict known_entries, entries_of, list candidates, list cue_candidates):
    """match_loops.add_phrase_matches: the offsets, the bisections, the affixes' tests and the entries known in C."""
    cdef Py_ssize_t idx, start, end, first, last, word_end
    cdef tuple occurrence
    cdef str prefix, suffix
    cdef PyObject *known
    for item in found:
        occurrence = _tuple(item)
        idx, start, end = occurrence[0], occurrence[1], occurrence[2]
        first = _bisect_right(starts, start) - 1
        if first < 0:
            continue
        prefix = text[<Py_ssize_t>starts[first]:start]
        if prefix not in prefixes_of[idx]:
            continue
        word_end = ends[first]
        if end <= word_end:
            last = first
            suffix = text[end:word_end]
        else:
            last = _bisect_right(starts, end - 1) - 1
            suffix = text[end:<Py_ssize_t>ends[last]]
        if suffix not in suffixes_of[idx]:
            continue
        known = PyDict_GetItem(known_entries, (idx, prefix, suffix))
        entries, cues = <object>known if known is not NULL else entries_of(idx, prefix, suffix)
        if entries:
            candidates.append((start, start - end, end, entries, prefix, first, last))
        if cues:
            cue_candidates.append((start, start - end, end, cues, prefix, first, last))


cdef struct _Place:
    Py_ssize_t start, minus_length, index  # a candidate's sort key, and where it lies in the list


cdef inline bint _before(_Place *x, _Place *y) noexcept nogil:
    """By start, then by minus the length (the longest first), then by place in the list."""
    if x.start != y.start:
        return x.start < y.start
    if x.minus_length != y.minus_length:
        return x.minus_length < y.minus_length
    return x.index < y.index


cdef void _merge_sort(_Place *items, _Place *spare, Py_ssize_t n) noexcept nogil:
    """Sort `items` (spare: room for n more). Two halves already in order are not merged: a document's candidates
    come mostly in order (each word's in text order, then the phrases'), so most halves cost one comparison."""
    cdef Py_ssize_t half = n // 2, i = 0, j, k = 0
    if n < 2:
        return
    _merge_sort(items, spare, half)
    _merge_sort(items + half, spare, n - half)
    if not _before(&items[half], &items[half - 1]):
        return
    j = half
    while i < half and j < n:
        if _before(&items[j], &items[i]):
            spare[k] = items[j]
            j += 1
        else:
            spare[k] = items[i]
            i += 1
        k += 1
    while i < half:
        spare[k] = items[i]
        i += 1
        k += 1
    while j < n:
        spare[k] = items[j]
        j += 1
        k += 1
    memcpy(items, spare, n * sizeof(_Place))


def longest(list candidates, match_type):
    """match_loops.longest: the candidates ordered by C integers (their start, then minus their length) rather than
    by comparing tuples, and the last match kept followed by its start and end in C. Two candidates of one start and
    length (which one surface a span rules out) are ordered as the tuples' sort orders them. Unlike the Python loop,
    it leaves `candidates` in their order but where it meets such a tie (the caller reads only the matches)."""
    _check_record_type(match_type)
    cdef Py_ssize_t n = len(candidates), i
    cdef tuple c
    cdef _Place *places = <_Place *>PyMem_Malloc((2 * n if n else 1) * sizeof(_Place))  # and the sort's spare room
    if places is NULL:
        raise MemoryError()
    try:
        for i in range(n):
            c = _tuple(candidates[i])
            places[i].start, places[i].minus_length, places[i].index = c[0], c[1], i
        _merge_sort(places, places + n, n)
        for i in range(1, n):
            if places[i].start == places[i - 1].start and places[i].minus_length == places[i - 1].minus_length:
                candidates.sort()  # a tie: the tuples' own order
                return _kept(candidates, match_type)
        return _kept([candidates[places[i].index] for i in range(n)], match_type)
    finally:
        PyMem_Free(places)


cdef list _kept(list ordered, match_type):
    """The greedy choice over candidates in order: each that starts after the last kept one ends, or a longer one
    that starts inside it and after the one before it ends (وأحد عشر: و + أحد عشر beats واحد)."""
    cdef list kept = []
    cdef Py_ssize_t kept_start = -1, kept_end = -1, before_end = -1, start, end
    cdef tuple c
    for c in ordered:
        start = c[0]
        end = c[2]
        if start >= kept_end:
            kept.append(_match_of(match_type, c))
            before_end, kept_end, kept_start = kept_end, end, start
        elif end - start > kept_end - kept_start and start >= before_end:
            kept[len(kept) - 1] = _match_of(match_type, c)
            kept_end, kept_start = end, start
    return kept


def match_at_token(list matches):
    """match_loops.match_at_token."""
    cdef dict at = {}
    cdef PyObject *cached
    cdef Py_ssize_t index, n = len(matches), first, last, tok
    cdef tuple m
    for index in range(n - 1, -1, -1):
        m = _tuple(matches[index])
        at[m[4]] = index
    for index in range(n):
        m = _tuple(matches[index])
        first = m[4]
        last = m[5]
        if first < last:
            for tok in range(first + 1, last + 1):
                cached = PyDict_GetItem(at, tok)
                if cached is NULL or <object>cached >= index:
                    at[tok] = index
    return at


def add_hits(list matches, dict at_token, by_lexicon, doc, match_span, hit_type):
    """match_loops.add_hits (by_lexicon: a dict, or one of its subclasses, whose lists are read without a call)."""
    cdef tuple t
    cdef dict at
    cdef PyObject *found
    _check_record_type(hit_type)
    for match in matches:
        t = _tuple(match)
        first = t[4]
        if first >= 0:
            end = t[5] + 1
        else:
            first, end = match_span(doc, match)
        found = PyDict_GetItem(at_token, first)
        if found is NULL:
            at = {}
            at_token[first] = at
        else:
            at = <dict>found
        for entry in _tuple(t[2]):
            lexicon = entry.lexicon
            if lexicon not in at:
                hit = _record4(hit_type, match, entry, first, end)
                at[lexicon] = hit
                found = PyDict_GetItem(by_lexicon, lexicon)
                if found is NULL:
                    by_lexicon[lexicon].append(hit)  # a defaultdict makes the lexicon's list
                else:
                    (<object>found).append(hit)


def first_tokens_with(list matches, dict wanted, token_at):
    """match_loops.first_tokens_with."""
    cdef set found = set()
    cdef tuple t
    cdef PyObject *field
    for match in matches:
        t = _tuple(match)
        for entry in _tuple(t[2]):
            field = PyDict_GetItem(wanted, entry.lexicon)
            if field is not NULL and (<object>field is None or entry.get(<object>field)):
                found.add(t[4] if t[4] >= 0 else token_at(t[0]))
                break
    return found


cdef inline Py_ssize_t _bisect_left(list items, object value) except -1:
    """bisect.bisect_left(items, value)."""
    cdef Py_ssize_t lo = 0, hi = len(items), mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if items[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def first_between(list starts, lo, hi):
    """match_loops.first_between."""
    cdef Py_ssize_t at = _bisect_left(starts, lo)
    if at < len(starts):
        found = starts[at]
        if found < hi:
            return found
    return None


NO_HITS = MappingProxyType({})  # match_loops.NO_HITS, which match_loops takes from here where this is built


cdef class ViewCore:
    """match_loops.ViewCore: the same lookups, each a C call, over the same objects (bind keeps them in the
    instance's dict, where Python code reads them, and in C fields)."""
    cdef dict __dict__
    cdef list _c_tokens, _c_flags, _c_words_before
    cdef dict _c_at, _c_facts, _c_starts
    cdef object _c_by_lexicon  # a dict, or one of its subclasses (the view's is a defaultdict)

    def bind(self, list tokens, dict at, by_lexicon, list word_flags, list words_before):
        cdef dict facts = {}, starts = {}
        for name, value in (("tokens", tokens), ("_at", at), ("_by_lexicon", by_lexicon), ("word_flags", word_flags),
                            ("_words_before", words_before), ("_facts", facts), ("_starts", starts)):
            setattr(self, name, value)  # into the instance's dict: no C field of the type bears these names
        self._c_tokens, self._c_at, self._c_by_lexicon = tokens, at, by_lexicon
        self._c_flags, self._c_words_before, self._c_facts, self._c_starts = word_flags, words_before, facts, starts

    def fact(self, name, compute):
        cdef PyObject *found = PyDict_GetItem(self._c_facts, name)
        if found is not NULL:
            return <object>found
        value = compute(self)
        self._c_facts[name] = value
        return value

    def get(self, tok, lexicon):
        cdef PyObject *at = PyDict_GetItem(self._c_at, tok)
        if at is NULL:
            return None
        cdef PyObject *hit = PyDict_GetItem(<dict>at, lexicon)
        return <object>hit if hit is not NULL else None

    def hits_at(self, tok):
        cdef PyObject *at = PyDict_GetItem(self._c_at, tok)
        return <object>at if at is not NULL else NO_HITS

    def tagged(self, tok):
        cdef PyObject *at = PyDict_GetItem(self._c_at, tok)
        return at is not NULL and bool(<object>at)

    def first_start(self, lexicon, lo, hi):
        cdef PyObject *found = PyDict_GetItem(self._c_starts, lexicon)
        cdef list starts
        if found is NULL:
            starts = sorted({hit.first for hit in self.hits(lexicon)})
            self._c_starts[lexicon] = starts
        else:
            starts = <list>found
        return first_between(starts, lo, hi)

    def hits(self, *lexicons):
        cdef PyObject *found
        if len(lexicons) == 1:
            found = PyDict_GetItem(<dict>self._c_by_lexicon, lexicons[0])
            return <object>found if found is not NULL else []
        return sorted((h for lex in lexicons for h in self._c_by_lexicon.get(lex, [])), key=_first_of_hit)

    def kind(self, tok, lexicon, key="kind"):
        cdef PyObject *at = PyDict_GetItem(self._c_at, tok)
        if at is NULL:
            return None
        cdef PyObject *hit = PyDict_GetItem(<dict>at, lexicon)
        if hit is NULL:
            return None
        return (<object>hit).entry.get(key)

    def is_word(self, tok):
        return 0 <= tok < len(self._c_flags) and self._c_flags[tok]

    def word_distance(self, a, b):
        if b <= a:
            return 0
        cdef list words = self._c_words_before
        cdef Py_ssize_t n = len(words) - 1
        return words[b if b < n else n] - words[a if a > 0 else 0]

    def after_words(self, n):
        cdef list words = self._c_words_before
        if words[len(words) - 1] > n:
            return _bisect_left(words, n + 1) - 1
        return len(self._c_tokens)

    def prev_word(self, tok):
        cdef list flags = self._c_flags
        cdef Py_ssize_t size = len(flags), at
        at = (tok if tok < size else size) - 1
        while at >= 0 and not flags[at]:
            at -= 1
        return at if at >= 0 else None

    def next_word(self, tok):
        cdef list flags = self._c_flags
        cdef Py_ssize_t size = len(flags), at
        at = tok if tok >= 0 else 0
        while at < size and not flags[at]:
            at += 1
        return at if at < size else None

    def word(self, tok):
        cdef list tokens = self._c_tokens
        if tok is None or not 0 <= tok < len(tokens):
            return ""
        return tokens[tok]


_first_of_hit = attrgetter("first")
