# cython: language_level=3
"""document._TOKEN_SPLIT's tokens read by one loop over the text's characters (compiled by the package's build where
a C compiler is present; document.py's regex split is the fallback and the reference): a token is a run of letters,
a number with its digit groups and decimals, or any other one character but a space or an underscore. A letter is
what the regex's [^\\W\\d_] is (alphanumeric, not a decimal digit), a digit its \\d (a decimal digit), a space its
\\s; the same Unicode tables decide. Beside it, the other loops over each token of a document that run compiled
where it does (each with its Python version the fallback): the word flags, the numbers in digits, the word shingles,
the normaliser's common case, the signature's word counts, a headline's spaces and letters. The loops read a text's
characters in place; the tokenizer hands out one str for each word it met lately, and one int for each offset below
16,384 (as Python shares its ints below 257): most of a document's tokens cost no allocation, and a word's hash is
worked out once, not once a document.
"""
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.dict cimport PyDict_GetItem
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.ref cimport Py_DECREF, Py_INCREF, PyObject
from cpython.unicode cimport PyUnicode_4BYTE_KIND, PyUnicode_AsUTF8AndSize, PyUnicode_DATA, PyUnicode_FromKindAndData, \
    PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ
from libc.string cimport memcmp, memcpy
from rasd._shared_ints cimport SHARED_INTS, shared_int

cdef extern from *:
    """
    /* A str's characters in its canonical form, which PyUnicode_KIND and PyUnicode_DATA read: every str is in it
       from Python 3.12 on; before, one made by a deprecated C call may not be yet. */
    static int rasd_str_ready(PyObject *text) {
    #if PY_VERSION_HEX < 0x030C0000
        return PyUnicode_READY(text);
    #else
        (void)text;
        return 0;
    #endif
    }
    """
    int _str_ready "rasd_str_ready"(object text) except -1


# Each BMP code point's class, worked out once from Python's Unicode predicates (up to five lookups in its tables
# for a letter) and read by split_tokens and the loops over tokens below: a space (or "_"), a decimal digit, a
# letter (alphanumeric, no decimal digit) or another character. Beyond the BMP a character is classed as it comes.
cdef enum:
    OTHER_CHAR = 0
    SPACE_CHAR = 1
    DIGIT_CHAR = 2
    LETTER_CHAR = 3
    BMP_SIZE = 0x10000
cdef unsigned char _char_classes[BMP_SIZE]


cdef unsigned char _class_of(Py_UCS4 ch):
    if ch == u'_' or ch.isspace():
        return SPACE_CHAR
    if ch.isdecimal():
        return DIGIT_CHAR
    if ch.isalnum():
        return LETTER_CHAR
    return OTHER_CHAR


cdef Py_ssize_t _code
for _code in range(BMP_SIZE):
    _char_classes[_code] = _class_of(<Py_UCS4>_code)


cdef inline unsigned char _char_class(Py_UCS4 ch):
    return _char_classes[ch] if ch < BMP_SIZE else _class_of(ch)


cdef inline unsigned char _class_at(int width, const void *chars, Py_ssize_t i):
    """The class of a str's character i, read in place (PyUnicode_KIND and PyUnicode_DATA of a ready str)."""
    return _char_class(PyUnicode_READ(width, chars, i))


def char_class(str ch):
    """The class split_tokens gives the one character `ch`: 1 a space or "_", 2 a decimal digit, 3 a letter, 0
    another (for the tests, which compare it with Python's predicates)."""
    return _char_class(ch[0])


# The words met lately, one str each: news repeats its words, so a word met before is handed out again rather than
# made anew (no allocation, its hash already worked out for the dict lookups every token meets next, one object to
# free). A cache of TOKEN_SLOTS slots, each the last word whose characters' FNV-1a hash falls in it: small enough to
# stay in the processor's cache between documents, and a lookup reads one slot. Numbers are made anew (they seldom
# recur, and would push words out).
cdef enum:
    TOKEN_SLOTS = 1 << 14
cdef struct _KeptToken:
    size_t hash  # beside its str: a lookup reads one cache line
    PyObject *token
cdef _KeptToken _kept[TOKEN_SLOTS]


cdef inline size_t _hash_first(Py_UCS4 ch) noexcept:
    """FNV-1a's 64-bit hash of one character: its offset basis, then _hash_step."""
    return _hash_step(<size_t>14695981039346656037ULL, ch)


cdef inline size_t _hash_step(size_t h, Py_UCS4 ch) noexcept:
    """FNV-1a's hash `h` of some characters, followed by `ch`."""
    return (h ^ <size_t>ch) * <size_t>1099511628211ULL


cdef inline bint _same_chars(str token, int width, const void *chars, Py_ssize_t start, Py_ssize_t end) noexcept:
    """Is `token` the characters [start, end) of a text read in place (width and chars of a ready str)?"""
    cdef Py_ssize_t i, n = end - start
    if PyUnicode_GET_LENGTH(token) != n:
        return False
    cdef int token_width = PyUnicode_KIND(token)
    cdef const void *token_chars = PyUnicode_DATA(token)
    if token_width == width:  # stored alike: their bytes compare
        return memcmp(token_chars, <const char *>chars + start * width, n * width) == 0
    for i in range(n):
        if PyUnicode_READ(token_width, token_chars, i) != PyUnicode_READ(width, chars, start + i):
            return False
    return True


cdef str _kept_token(str text, int width, const void *chars, Py_ssize_t start, Py_ssize_t end, size_t h):
    """text[start:end] (h: the hash of its characters, _hash_step): the str kept for those characters if there is
    one, else a new one, kept in its slot."""
    cdef _KeptToken *slot = &_kept[h & (TOKEN_SLOTS - 1)]
    if slot.token is not NULL and slot.hash == h and _same_chars(<str>slot.token, width, chars, start, end):
        return <str>slot.token
    token = text[start:end]
    cdef PyObject *before = slot.token  # read after the str is made: making it may run another thread's tokenizer
    Py_INCREF(token)
    slot.token, slot.hash = <PyObject *>token, h
    if before is not NULL:
        Py_DECREF(<object>before)
    return token


def tokens_kept():
    """How many words the tokenizer holds (for the tests)."""
    cdef Py_ssize_t slot, kept = 0
    for slot in range(TOKEN_SLOTS):
        kept += _kept[slot].token is not NULL
    return kept


def forget_tokens():
    """Empty the tokenizer's cache of words (for the tests)."""
    cdef Py_ssize_t slot
    cdef PyObject *token
    for slot in range(TOKEN_SLOTS):
        token = _kept[slot].token
        if token is not NULL:
            _kept[slot].token = NULL
            Py_DECREF(<object>token)


cdef list _ints = list(range(SHARED_INTS))  # the offsets shared (rasd/_shared_ints.pxd)


def split_tokens(str text, str group_marks):
    """(tokens, their starts, their ends) of `text`, the starts followed by the text's length. `group_marks`: the
    marks between digit groups (document.DIGIT_GROUP_MARKS), of which "." also opens decimals and "," one or two
    decimal digits. The characters are read in place (_class_at), each index tested against the length first."""
    _str_ready(text)  # before its length, which a str not ready yet reads as 0
    cdef Py_ssize_t n = len(text), i = 0, j, k
    cdef unsigned char kind
    cdef Py_UCS4 ch
    cdef size_t h
    cdef list tokens = [], starts = [], ends = []
    cdef int width = PyUnicode_KIND(text)
    cdef const void *chars = PyUnicode_DATA(text)
    while i < n:
        kind = _class_at(width, chars, i)
        if kind == SPACE_CHAR:
            i += 1
            continue
        j = i + 1
        if kind == DIGIT_CHAR:
            while j < n and _class_at(width, chars, j) == DIGIT_CHAR:
                j += 1
            while j + 3 < n and PyUnicode_READ(width, chars, j) in group_marks \
                    and _class_at(width, chars, j + 1) == DIGIT_CHAR and _class_at(width, chars, j + 2) == DIGIT_CHAR \
                    and _class_at(width, chars, j + 3) == DIGIT_CHAR \
                    and not (j + 4 < n and _class_at(width, chars, j + 4) == DIGIT_CHAR):
                j += 4
            if j + 1 < n and _class_at(width, chars, j + 1) == DIGIT_CHAR:
                if PyUnicode_READ(width, chars, j) == u'.':
                    j += 2
                    while j < n and _class_at(width, chars, j) == DIGIT_CHAR:
                        j += 1
                elif PyUnicode_READ(width, chars, j) == u',':
                    k = j + 2
                    while k < n and _class_at(width, chars, k) == DIGIT_CHAR:
                        k += 1
                    if k - j - 1 <= 2:
                        j = k
            tokens.append(text[i:j])  # a number: seldom met again
        else:
            h = _hash_first(PyUnicode_READ(width, chars, i))
            if kind == LETTER_CHAR:
                while j < n:
                    ch = PyUnicode_READ(width, chars, j)
                    if _char_class(ch) != LETTER_CHAR:
                        break
                    h = _hash_step(h, ch)
                    j += 1
            tokens.append(_kept_token(text, width, chars, i, j, h))
        starts.append(shared_int(_ints, i))
        ends.append(shared_int(_ints, j))
        i = j
    starts.append(n)  # as the split's offsets end: one start more than tokens, the text's end
    return tokens, starts, ends


cdef inline str _str(value, str what):
    """`value`, a str; TypeError naming `what` it should be otherwise (as the Python loops raise on no str)."""
    if not isinstance(value, str):
        raise TypeError(f"a {what} is a str, not {type(value).__name__}")
    return <str>value


def word_flags_and_counts(list tokens):
    """view.word_flags_and_counts: (is each token a word or a number, its first character a letter or a digit; the
    words before each token and after the last), by one loop."""
    cdef Py_ssize_t i, n = len(tokens), words = 0
    cdef list flags = [], words_before = [0]
    for i in range(n):
        if _char_class(_str(tokens[i], "token")[0]) >= DIGIT_CHAR:  # a digit or a letter: str.isalnum
            flags.append(True)
            words += 1
        else:
            flags.append(False)
        words_before.append(shared_int(_ints, words))
    return flags, words_before


def decimal_tokens(list tokens):
    """document.decimal_tokens: the indexes of the tokens whose first character is a decimal digit, in order."""
    cdef Py_ssize_t i, n = len(tokens)
    cdef list found = []
    for i in range(n):
        if _char_class(_str(tokens[i], "token")[0]) == DIGIT_CHAR:
            found.append(i)
    return found


def word_shingles(list words, Py_ssize_t n):
    """copies.word_shingles: the UTF-8 bytes of each n words in a row, joined by a space, from each word on while n
    are left. The words' UTF-8 (which a str keeps once asked: the tokenizer's words are the same str from one
    document to the next) is copied once, each followed by a space, into one buffer; a shingle is one run of it.
    UnicodeEncodeError for a lone surrogate, as str.encode raises."""
    cdef Py_ssize_t count = len(words), i, size = 0, length
    cdef list shingles = []
    if n <= 0 or count < n:
        return shingles
    cdef const char **utf8 = <const char **>PyMem_Malloc(count * sizeof(const char *))
    cdef Py_ssize_t *starts = <Py_ssize_t *>PyMem_Malloc((count + 1) * sizeof(Py_ssize_t))  # of each word's bytes
    cdef char *text = NULL
    try:
        if utf8 is NULL or starts is NULL:
            raise MemoryError()
        for i in range(count):
            starts[i] = size
            utf8[i] = PyUnicode_AsUTF8AndSize(_str(words[i], "word"), &length)
            size += length + 1
        starts[count] = size
        text = <char *>PyMem_Malloc(size)
        if text is NULL:
            raise MemoryError()
        for i in range(count):
            memcpy(text + starts[i], utf8[i], starts[i + 1] - 1 - starts[i])
            text[starts[i + 1] - 1] = b' '
        for i in range(count - n + 1):
            shingles.append(PyBytes_FromStringAndSize(text + starts[i], starts[i + n] - 1 - starts[i]))
        return shingles
    finally:
        PyMem_Free(text)
        PyMem_Free(utf8)
        PyMem_Free(starts)


cdef Py_ssize_t _original_offset(tuple norm_starts, tuple orig_starts, tuple orig_ends, Py_ssize_t text_length,
                                 Py_ssize_t original_length, Py_ssize_t pos) except? -1:
    """normalize.NormalizedText.to_original over its runs: the bisection and the clamp in C."""
    cdef Py_ssize_t lo = 0, hi = len(norm_starts), mid, i, orig, orig_start, orig_end
    if pos >= text_length:
        return original_length
    while lo < hi:  # bisect_right
        mid = (lo + hi) >> 1
        if pos < <Py_ssize_t>norm_starts[mid]:
            hi = mid
        else:
            lo = mid + 1
    i = lo - 1  # -1 before the first run: the last run, as Python's index reads it
    orig_start, orig_end = orig_starts[i], orig_ends[i]
    orig = orig_start + (pos - <Py_ssize_t>norm_starts[i])
    if orig_end > orig_start:
        return min(orig, orig_end - 1)
    return orig


def to_original(self, Py_ssize_t pos):
    """normalize.NormalizedText.to_original, set on the class where this is built."""
    return _original_offset(self._norm_starts, self._orig_starts, self._orig_ends, len(<str>self.text),
                            len(<str>self.original), pos)


def span_to_original(self, Py_ssize_t start, Py_ssize_t end):
    """normalize.NormalizedText.span_to_original, set on the class where this is built."""
    cdef tuple norm_starts = self._norm_starts, orig_starts = self._orig_starts, orig_ends = self._orig_ends
    cdef Py_ssize_t text_length = len(<str>self.text), original_length = len(<str>self.original), o_start, o_end
    o_start = _original_offset(norm_starts, orig_starts, orig_ends, text_length, original_length, start)
    if end <= start:
        return o_start, o_start
    o_end = _original_offset(norm_starts, orig_starts, orig_ends, text_length, original_length, end)
    last = _original_offset(norm_starts, orig_starts, orig_ends, text_length, original_length, end - 1)
    return o_start, max(o_end, last + 1)


def signature_word_counts(tokens, dict words, learn, Py_ssize_t min_length=3):
    """signature.word_counts: {word: how many of `tokens` count as it}, in order of first use, each token's word read
    from `words` (learn(tokens) gives those of the tokens it lacks, in their order, asked once); a token shorter than
    `min_length` or a number counts as none, unread. The words are counted as the tokens come (the tokenizer hands
    out one str a word, so most lookups meet the very key); where some were lacking, once more after learning them."""
    cdef dict counts = {}, lacking = {}
    cdef PyObject *hit
    if not isinstance(tokens, list):  # read twice where some are lacking
        tokens = list(tokens)
    for token in tokens:
        text = _may_be_word(token, min_length)
        if text is None:
            continue
        hit = PyDict_GetItem(words, text)
        if hit is NULL:
            lacking[text] = None
        elif not lacking:
            _count(counts, <object>hit)
    if not lacking:
        return counts
    learnt = dict(zip(lacking, learn(list(lacking))))
    counts = {}
    for token in tokens:
        text = _may_be_word(token, min_length)
        if text is not None:
            hit = PyDict_GetItem(words, text)
            _count(counts, <object>hit if hit is not NULL else learnt[text])
    return counts


cdef inline object _may_be_word(token, Py_ssize_t min_length):
    """`token` (a str) if it may count as a word (min_length characters or more, no number first), else None."""
    cdef str text = _str(token, "token")
    if len(text) < min_length or _char_class(text[0]) == DIGIT_CHAR:
        return None
    return text


cdef inline void _count(dict counts, word) except *:
    """One more of `word` in `counts`, unless it is none ("")."""
    cdef PyObject *hit
    if word:
        hit = PyDict_GetItem(counts, word)
        counts[word] = 1 if hit is NULL else <object>hit + 1


# normalize's table, one entry a BMP code point (set by use_replacements): KEPT, DROPPED, EXPANDS (a presentation
# form, which only normalize's general case handles) or the code point it is replaced by.
cdef enum:
    TABLE_SIZE = 0x10000
    KEPT = -1
    DROPPED = -2
    EXPANDS = -3
cdef int _replacement[TABLE_SIZE]
cdef bint _replacements_set = False


def use_replacements(dict replacing, presentation_blocks):
    """Set normalize's table: `replacing` {character: its replacement, one character or "" for a dropped one}, and
    the ranges of presentation forms."""
    global _replacements_set
    cdef Py_ssize_t code
    cdef list changes = []  # checked whole before the table is touched: a rejected call leaves it as it was
    for character, replacement in replacing.items():
        code = ord(character)
        if code >= TABLE_SIZE or len(replacement) > 1:
            raise ValueError(f"not a replacement this table holds: {character!r} -> {replacement!r}")
        changes.append((code, DROPPED if not replacement else KEPT if replacement == character else ord(replacement)))
    changes += [(code, EXPANDS) for block in presentation_blocks for code in block]
    for code in range(TABLE_SIZE):
        _replacement[code] = KEPT
    for code, value in changes:
        _replacement[code] = value
    _replacements_set = True


def normalized_runs(text_in):
    """normalize's common case in one loop over the characters: (text, norm_starts, orig_starts, orig_ends), or
    None where a presentation form would expand (its general case). A str of a subclass is read as a str."""
    if not _replacements_set:
        raise RuntimeError("normalize's table is not set (use_replacements)")
    cdef str original = _str(text_in, "text")
    _str_ready(original)  # before its length, which a str not ready yet reads as 0
    cdef Py_ssize_t n = len(original), i, out = 0, run_start = -1
    cdef Py_UCS4 ch
    cdef int replacement
    cdef list norm_starts = [0], orig_starts = [0], orig_ends = []
    cdef int width = PyUnicode_KIND(original)  # the characters read in place
    cdef const void *chars = PyUnicode_DATA(original)
    cdef Py_UCS4 *text = <Py_UCS4 *>PyMem_Malloc((n if n else 1) * sizeof(Py_UCS4))
    if text is NULL:
        raise MemoryError()
    try:
        for i in range(n):
            ch = PyUnicode_READ(width, chars, i)
            replacement = _replacement[ch] if ch < TABLE_SIZE else KEPT
            if replacement == DROPPED:
                if run_start < 0:
                    run_start = i
                continue
            if replacement == EXPANDS:
                return None
            if run_start >= 0:  # a run of dropped characters ends here
                orig_ends.append(run_start)
                norm_starts.append(out)
                orig_starts.append(i)
                run_start = -1
            text[out] = ch if replacement == KEPT else <Py_UCS4>replacement
            out += 1
        if run_start >= 0:
            orig_ends.append(run_start)
            norm_starts.append(out)
            orig_starts.append(n)
        orig_ends.append(n)
        return (PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, text, out), tuple(norm_starts), tuple(orig_starts),
                tuple(orig_ends))
    finally:
        PyMem_Free(text)


def one_byte_text(str text, bytes table):
    """text.encode(encoding, "replace") for a one-byte encoding whose bytes `table` gives: table[code point] for each
    character of the Basic Multilingual Plane (the replacement byte where the encoding has none), the replacement
    byte beyond it (lexicon.one_byte_table). One byte a character, read in place."""
    if len(table) != BMP_SIZE + 1:
        raise ValueError("a one-byte table has a byte for each code point of the BMP, then the replacement byte")
    _str_ready(text)  # before its length, which a str not ready yet reads as 0
    cdef Py_ssize_t n = len(text), i
    cdef const unsigned char *bytes_of = <const unsigned char *>(<char *>table)
    cdef unsigned char replaced = bytes_of[BMP_SIZE]
    cdef int width = PyUnicode_KIND(text)
    cdef const void *chars = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    encoded = PyBytes_FromStringAndSize(NULL, n)
    cdef unsigned char *out = <unsigned char *>(<char *>encoded)
    for i in range(n):
        ch = PyUnicode_READ(width, chars, i)
        out[i] = bytes_of[ch] if ch < BMP_SIZE else replaced
    return encoded


def spaces_and_letters(line_in):
    """titles.spaces_and_letters: how many characters of `line` are spaces (str.isspace) and how many letters
    (str.isalpha). A str of a subclass is read as a str."""
    cdef str line = _str(line_in, "line")
    cdef Py_ssize_t spaces = 0, letters = 0
    cdef Py_UCS4 ch
    for ch in line:
        if ch.isspace():
            spaces += 1
        elif ch.isalpha():
            letters += 1
    return spaces, letters


def indexes_before_last(list tokens, frozenset words):
    """numbers._indexes_before_last: the indexes of the tokens but the last that are one of `words`."""
    cdef Py_ssize_t i
    cdef list found = []
    for i in range(len(tokens) - 1):
        if tokens[i] in words:
            found.append(i)
    return found
