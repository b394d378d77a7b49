"""Who says so: the original speaker of each figure, the relay chain, and the outlet's doubt.

Speech cues (قال، أعلن، بحسب، وفق، في بيان …) are read in text order. A cue names its speaker after it (VSO: أعلنت
قسد) or, for a speech verb, just before it (SVO: وكانت القيادة العامة لقسد أعلنت); a cue that names no one
(وأضافت، وتابع) continues the last speaker of the document. A figure takes the nearest speech verb before it in its
sentence, else a بحسب cue of its sentence, else a speech verb closing the sentence (…، قال مسؤول محلي), else the
outlet's own voice. A sentence that begins inside a quotation opened earlier in its paragraph is the quotation
speaker's. Discourse markers (إلى ذلك، من جهة أخرى) end a speaker's reach."""
from __future__ import annotations

from bisect import bisect_left
from itertools import compress, count
from operator import attrgetter
from typing import NamedTuple

from ..document import COMMAS
from ..geo import article_country
from ..knowledge import forces_here, forces_of, parties_with
from ..lexicon import ARTICLE, LAM_ARTICLE, word_sets
from ..outlets import voices
from ..view import NO_HITS, View, first_between, lam_preposition

VOICE_OF_KIND = {"state": "officials", "media": "media", "anonymous": "anonymous", "medical": "medical",
                 "witnesses": "witnesses", "reporter": "outlet", "sohr": "sohr"}
MEDIA = VOICE_OF_KIND["media"]  # another outlet or agency: a relay when it cites a source of its own
VOICES = frozenset(VOICE_OF_KIND.values())  # the contract's speakers that are not parties (outlet: the reporter)
OWN_VOICE_KINDS = frozenset({"group", "monitor", "capital"})  # actors that speak as their own id
_WORDS = word_sets("claim_words")
LINKS = _WORDS["speaker_link"]  # من، في، باسم، عن، التابع: المتحدث باسم قسد
LATEST = _WORDS["latest"]  # آخر، أحدث: before a toll cited («بحسب آخر حصيلة»)
PUBLISHING = _WORDS["publishing"]  # نشرتها، أعلنتها: the toll's publisher is named after it
COMPLEMENTISERS = _WORDS["complementiser"]  # أن، إن، بأنه: the speaker's name has ended


class Speaker(NamedTuple):
    id: str
    via: tuple = ()


class Cue(NamedTuple):
    tok: int
    kind: str            # say, according, statement, reset, reset_soft, skeptical
    speaker: Speaker | None
    hit: object


_CUE_TOK = attrgetter("tok")


class SpeechCues:
    """The document's speech cues, read sentence by sentence only as far as the figures asking for their speaker
    reach: the cues after a document's last figure are never read."""

    def __init__(self, view: View):
        self.cues: list[Cue] = []
        self._reading = _read_cues(view, self.cues)
        self._read_to = 0  # the end of the last sentence read

    def through(self, sentence) -> list[Cue]:
        """The cues read so far, which hold every cue up to the end of `sentence` (cues come in text order)."""
        while self._read_to < sentence.tok_end:
            self._read_to = next(self._reading, sentence.tok_end)
        return self.cues


def _read_cues(view: View, cues: list[Cue]):
    """Append the cues of each sentence to `cues` in text order, yielding the sentence's end after each."""
    last = None
    speech = view.hits("speech")
    at, n_speech = 0, len(speech)
    quote = _QuoteTracker(view)
    quoted_by: dict[int, str | None] = {}  # by where a quotation opens: who speaks in it
    for sentence in view.doc.sentences:
        headline = _headline_speaker(view, sentence, last)  # "مصدر أمني: مقتل 3 عناصر…"
        if headline:
            cues.append(Cue(sentence.tok_start, "say", headline, None))
            last = headline
        opened_at = quote.opened_before(sentence)
        if opened_at is not None and opened_at not in quoted_by:  # once a quotation: one never closed spans
            quoted_by[opened_at] = next(  # the rest of the text (the cues before it are all read by now)
                (c.speaker for c in reversed(cues) if c.tok < opened_at and c.speaker is not None), None)
        quoted = opened_at is not None and quoted_by[opened_at]
        if quoted:  # قال إن "… . وقتل أربعة": a quotation's later sentences are still its speaker's
            cues.append(Cue(sentence.tok_start, "say", quoted, None))
        while at < n_speech and speech[at].first < sentence.tok_start:
            at += 1
        while at < n_speech and speech[at].first < sentence.tok_end:
            hit, tok = speech[at], speech[at].first
            at += 1
            kind = hit.entry["kind"]
            if view.word(view.prev_word(tok)) in NOT_SPEAKING:
                continue  # طلب عدم كشف هويته، غير مخول التحدث: speech withheld is no speech
            if kind in ("reset", "reset_soft", "skeptical"):
                cues.append(Cue(tok, kind, None, hit))
                continue
            if kind == "continue":  # مشيراً، زاعماً: the speaker goes on, the clause's subject when it names one
                cues.append(Cue(tok, "say", _clause_subject(view, sentence, tok, last) or last, hit))
                continue
            if kind == "statement":  # في بيان صادر عن X names X; a bare "in a statement" names no one
                speaker = _named_after(view, hit.end, sentence, last, lam_ok=True)
                cues.append(Cue(tok, "according" if speaker else kind, speaker, hit))
                continue
            speaker = _named_after(view, hit.end, sentence, last, lam_ok=kind == "according", window=5)
            if speaker is None and kind == "say":
                speaker = _named_before(view, hit.first, sentence, last) or last
            if speaker is not None and kind == "say":
                last = speaker
            cues.append(Cue(tok, kind, speaker, hit))
        yield sentence.tok_end


QUOTE = '"'  # every quotation mark, after normalisation (« » “ ” and the straight one)


class _QuoteTracker:
    """Whether a sentence begins inside a quotation opened in an earlier sentence of its paragraph."""

    def __init__(self, view: View):
        self.view, self.tok, self.paragraph, self.opened_at = view, 0, None, None

    def opened_before(self, sentence) -> int | None:
        """The token of the quotation mark still open where `sentence` begins, else None (sentences are asked for
        in text order: the tokens since the last one asked for are read for quotation marks)."""
        if sentence.paragraph != self.paragraph:
            self.paragraph, self.opened_at, self.tok = sentence.paragraph, None, sentence.tok_start
        tokens = self.view.tokens
        since = tokens[self.tok:sentence.tok_start]
        if QUOTE in since:
            for t in compress(count(self.tok), map(QUOTE.__eq__, since)):
                self.opened_at = t if self.opened_at is None else None
        self.tok = sentence.tok_start
        if self.opened_at is not None and sentence.tok_start < len(tokens) and tokens[sentence.tok_start] == QUOTE:
            return None  # the sentence begins by closing it
        return self.opened_at


def _clause_subject(view, sentence, tok, last, window=3):
    """«ووصف الجيش السوري الغارة …، قائلاً»: the actor right after the sentence's first verb (VSO) is who goes on
    speaking."""
    for t in view.tagged_in(sentence.tok_start, min(tok, sentence.tok_start + window)):
        hit = view.get(t, "actors")
        if hit and hit.match.prefix in ("", ARTICLE) and hit.end <= tok:
            return _speaker_of(view, _head_of(view, hit, sentence), sentence, last)
    return None


def _headline_speaker(view, sentence, last):
    opening = view.tokens[sentence.tok_start:min(sentence.tok_end, sentence.tok_start + 6)]
    if ":" not in opening:
        return None
    tok = sentence.tok_start + opening.index(":")
    for t in view.tagged_in(sentence.tok_start, tok):
        hit = view.get(t, "actors")
        if hit and hit.end <= tok:
            return _speaker_of(view, hit, sentence, last)
    return None


def attribute(cues: list[Cue], view: View, m, sentence) -> tuple[str, list, str | None]:
    """(claimed_by, via, skeptical marker) of the number `m`."""
    say = according = closing = None
    skeptical = None
    for cue in cues[bisect_left(cues, sentence.tok_start, key=_CUE_TOK):]:  # cues come in text order
        if cue.tok >= sentence.tok_end:
            break
        if cue.tok < sentence.tok_start:
            continue
        if cue.kind == "skeptical":
            skeptical = cue.hit.entry.term
        elif cue.tok < m.tok_start:
            if cue.kind == "reset":
                say = according = None
            elif cue.kind == "say" and cue.speaker:
                say = cue.speaker
            elif cue.kind == "according" and cue.speaker and according is None:
                according = cue.speaker
        elif cue.kind == "according" and cue.speaker and according is None:
            according = cue.speaker
        elif cue.kind == "say" and cue.speaker and closing is None and _closes_sentence(view, cue, sentence):
            closing = cue.speaker
    if say:
        if according and say.id == MEDIA and according.id not in (say.id, MEDIA):
            return according.id, list(according.via) + [say.id], skeptical  # «قالت الصحيفة إن … بحسب المرصد»: the
            #                                                                 paper relays the monitor, the original
        via = list(say.via)
        if according and according.id != say.id:
            via.append(according.id)
        return say.id, via, skeptical
    chosen = according or closing
    if chosen:
        return chosen.id, list(chosen.via), skeptical
    return voices().get(view.doc.outlet, "outlet"), [], skeptical  # SOHR's own narration is SOHR's claim


def _closes_sentence(view, cue, sentence):
    """…، قال مسؤول محلي: a bare speech verb after a comma, with no new figure after it."""
    if not (cue.hit is not None and view.word(cue.tok - 1) in COMMAS and not cue.hit.match.prefix):
        return False
    numbers = view.fact("number starts in order", lambda v: sorted(v.number_starts))
    return first_between(numbers, cue.tok + 1, sentence.tok_end) is None


def _named_after(view, tok, sentence, last, lam_ok, window=4):
    start, toll_at, published = tok, None, False
    words, distance, after_a_word = view.tokens, 0, False  # the words in [start, t), as view.word_distance counts
    is_word, hits_by_token = view.word_flags, view.hits_by_token
    for t in range(tok, sentence.tok_end):
        distance += after_a_word
        word = words[t]
        after_a_word = is_word[t]
        if distance > window or word in COMPLEMENTISERS:
            return None
        hits = hits_by_token.get(t, NO_HITS)
        if not hits:  # no name, toll or predicate here: a word of publishing or a number may be
            published = published or (toll_at is not None and view.is_one_of(t, PUBLISHING))
            if t in view.number_starts:
                return None
            continue
        hit = hits.get("actors")
        if hit and toll_at is not None and not (published or lam_preposition(hit.match.prefix)):
            return None  # «بحسب حصيلة المواجهات مع الجيش»: a side of the fight, not who published the toll
        if hit and (lam_ok or not lam_preposition(hit.match.prefix)):  # قال لوكالة X: X is the addressee
            return _speaker_of(view, hit, sentence, last)
        if t == start and _state_named(hits):
            return Speaker("officials")  # «اتهمت بلغاريا الحزب»: a state speaks through its government
        if toll_at is None and hits.get("toll_heads") is not None \
                and all(view.is_one_of(u, LATEST) for u in range(start, t) if view.is_word(u)):
            toll_at = t  # «بحسب (آخر) حصيلة نشرتها الشرطة»، «وفق حصيلة للشرطة»: the toll cited is its publisher's
            continue
        published = published or (toll_at is not None and view.is_one_of(t, PUBLISHING))
        if hits.get("predicates") or t in view.number_starts:
            return None
    return None


def _state_named(hits) -> bool:
    """Is the word whose lexicon hits are `hits` a state's name, with no preposition on it (countries.tsv name)?"""
    hit = hits.get("countries")
    return hit is not None and hit.entry["form"] == "name" and not hit.match.prefix


def _named_before(view, tok, sentence, last):
    for t in reversed(view.tagged_in(max(sentence.tok_start, tok - 8), tok)):
        hits = view.hits_at(t)
        hit = hits.get("actors")
        if hit and hit.end <= tok:
            return _speaker_of(view, _head_of(view, hit, sentence), sentence, last)
        if hits.get("predicates") or hits.get("speech"):
            return None
    return None


HEAD_KINDS = {"state", "medical", "anonymous", "media"}


def _head_of(view, hit, sentence):
    """وزارة الصحة في حكومة الحوثيين: the party names whose ministry speaks; the ministry is the speaker."""
    if hit.entry["kind"] not in ("group", "state"):
        return hit
    found = hit
    for t in reversed(view.tagged_in(max(sentence.tok_start, hit.first - 5), hit.first)):
        hits = view.hits_at(t)
        head = hits.get("actors")
        if head and head.end <= found.first and head.entry["kind"] in HEAD_KINDS:
            found = head  # the leftmost: وزارة الصحة (في حكومة) الحوثيين
        if hits.get("predicates") or hits.get("speech"):
            break
    return found


def _speaker_of(view, hit, sentence, last) -> Speaker | None:
    entry = hit.entry
    kind = entry["kind"]
    following = _qualifier_after(view, hit.end, sentence)
    if kind == "generic":  # القيادة العامة لقسد; البيان، المصدر: the speaker named before, or the party just named
        if following and following[1] == "group":
            return Speaker(following[0])
        if following and following[1] == "state":
            return Speaker("officials")  # قيادة الجيش اللبناني
        return last or _party_before(view, hit.first, sentence)
    if following and following[1] == "nationality":
        if not forces_here(following[0], article_country(view)):
            following = None  # وزارة الدفاع الفرنسية in Mali: a state's officials, not the coalition against the IS
        elif kind == "state" and forces_of(following[0]) in parties_with("contract"):
            return Speaker(forces_of(following[0]))  # وزارة الدفاع التركية
    if following and kind in ("anonymous", "media", "state") and following[0] in parties_with("contract") \
            and not (kind == "media" and following[1] == "nationality"):  # «وسائل إعلام تركية»: media still
        return Speaker(following[0])  # مصدر من التنظيم، وكالة "أعماق"، المتحدث باسم قسد
    if following and kind in ("state", "anonymous", "media") and following[1] == "medical":
        return Speaker("medical")  # مسؤول في مستشفى الجلاء
    if following and kind == "state" and following[1] in ("sohr", "monitor"):
        return Speaker(following[0])  # رئيس المرصد السوري لحقوق الإنسان: the body he heads speaks
    voice = entry["id"] if kind in OWN_VOICE_KINDS else VOICE_OF_KIND.get(kind)
    if voice is None:
        return None
    if kind not in OWN_VOICE_KINDS and (_unnamed(view, hit.end, sentence) or _unnamed_official(view, hit, last)):
        return Speaker("anonymous")  # ضابط في الجيش، طالباً عدم نشر اسمه; قال مسؤول أمني
    relayed = _relay_source(view, hit.end, sentence, last)
    if relayed:
        return Speaker(relayed.id, (voice,) + relayed.via)
    return Speaker(voice)


NOT_SPEAKING = _WORDS["not_speaking"]  # عدم، غير مخول، رفض: before a speech word, no speech
UNNAMED = _WORDS["unnamed"]            # اسمه، هويتها
WITHHELD = _WORDS["withheld"]          # عدم، رفض: … الكشف عن اسمه
UNNAMED_OFFICIALS = _WORDS["unnamed_official"]  # مسؤول


def _unnamed(view, tok, sentence, window=14) -> bool:
    """The speaker asked not to be named: "طلب عدم الكشف عن اسمه"، "رفض الكشف عن هويته"."""
    words = view.tokens[tok:min(sentence.tok_end, tok + window)]
    if UNNAMED.isdisjoint(words):
        return False
    t = tok + next(i for i, word in enumerate(words) if word in UNNAMED)
    return not WITHHELD.isdisjoint(words[max(0, t - tok - 4):t - tok])


def _unnamed_official(view, hit, last) -> bool:
    """«قال مسؤول أمني»: a title without the article names no one (the contract's anonymous), unless a definite
    noun makes it a construct with a name after it («مسؤول الشرطة وزير خان»); «المسؤول» is the one told of
    before."""
    if hit.entry.term not in UNNAMED_OFFICIALS:
        return False
    if hit.match.prefix.endswith((ARTICLE, LAM_ARTICLE)):
        return last is not None and last.id == "anonymous"
    following = view.next_word(hit.end)
    return following is None or not view.word(following).startswith(ARTICLE)


def _party_before(view, tok, sentence):
    for t in reversed(view.tagged_in(sentence.tok_start, tok)):
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group":
            return Speaker(hit.entry["id"])
    return None


def _qualifier_after(view, tok, sentence, window=4):
    """(id, kind) of a party or body named within a few words after a speaker's head noun."""
    words, distance, after_a_word = view.tokens, 0, False  # the words in [tok, t), as view.word_distance counts
    is_word, hits_by_token = view.word_flags, view.hits_by_token
    for t in range(tok, sentence.tok_end):
        distance += after_a_word
        word = words[t]
        after_a_word = is_word[t]
        if distance >= window or word in COMPLEMENTISERS:
            return None
        hits = hits_by_token.get(t, NO_HITS)
        if not hits:
            continue  # no party, predicate or speech word here
        hit = hits.get("actors")
        linked = hit is not None and _linked(view, tok, t, hit)
        if hit and linked and hit.entry["kind"] in ("group", "nationality", "medical", "state", "sohr", "monitor"):
            return hit.entry["id"], hit.entry["kind"]
        if hits.get("predicates") or hits.get("speech"):
            return None
    return None


def _linked(view, start, tok, hit):
    """المتحدث باسم قسد، مصدر من تنظيم "الدولة"، المركز الإعلامي لـ"قسد"، وكالة "أعماق": attached by a link word
    within two words, by the proclitic ل, or directly."""
    if view.word_distance(start, tok) == 0 or lam_preposition(hit.match.prefix):
        return True
    at = tok
    for _ in range(2):
        at = view.prev_word(at)
        if at is None or at < start:
            return False
        if view.word(at) in LINKS:
            return True
    return False


RELAYED_FROM = _WORDS["relayed_from"]  # عن


def _relay_source(view, tok, sentence, last):
    """نقلت وكالة X عن شهود: X relays, the witnesses speak."""
    words, distance, after_a_word = view.tokens, 0, False  # the words in [tok, t), as view.word_distance counts
    is_word = view.word_flags
    predicate = view.first_start("predicates", tok, sentence.tok_end)  # the first from tok on: where the walk stops
    for t in range(tok, sentence.tok_end):
        distance += after_a_word
        word = words[t]
        after_a_word = is_word[t]
        if distance > 4:
            return None
        if word in RELAYED_FROM:
            hit = view.get(view.next_word(t + 1), "actors")
            if hit and hit.entry["kind"] != "generic":
                return _speaker_of(view, hit, sentence, last)
            return None
        if t == predicate or t in view.number_starts:
            return None
    return None
