"""Who is counted: the counted noun's class combined with the actor that qualifies it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

from .. import settings
from ..geo import article_country
from ..knowledge import armed_parties, event_kinds, forces_of, jihadist_parties, parties, parties_with
from ..lexicon import read_rows, word_sets
from ..view import NO_HITS, View, cached_property, lam_preposition
from .attribution import VOICES
from .model import last_whole, lexicon_starts, sentence_tail
from .predicates import AGENT_MARKS, members_of, toll_head

ARMED_CLASSES = {"member", "fighter", "militant", "jihadist"}


@dataclass
class Complement:
    actor: str | None = None
    nationality: str | None = None
    noun: object | None = None   # nouns Entry


class Decision(NamedTuple):
    subject: str
    rule: str       # the name of the rule that decided it


@dataclass
class Context:
    """What the subject rules look at for one number: the mention, its counted noun, predicate, speaker and
    sentence, the figures told before it, and (computed once, when a rule first asks) the complement. Never shared
    between threads (view.cached_property takes no lock)."""
    view: View
    m: object
    counted: object
    pred: object
    speaker: tuple
    sentence: object
    earlier: list

    @cached_property
    def same_sentence(self) -> list:
        return [self.earlier[i] for i in sentence_tail(self.earlier, self.sentence.tok_start)]

    @cached_property
    def counted_class(self) -> str | None:
        return self.counted.noun["class"] if self.counted.noun else None

    @cached_property
    def complement_after(self) -> Complement:
        return complement(self.view, self.counted, self.m, self.sentence)

    @cached_property
    def comp(self) -> Complement:
        """The complement, else what a toll names before the number (بلغ عدد الجرحى في صفوف المدنيين ٣٥)."""
        comp = self.complement_after
        if comp.actor is None and comp.noun is None and self.counted.noun is None:
            comp = _count_phrase_before(self.view, self.m, self.sentence) or comp
        return comp

    @cached_property
    def noun(self):
        """The person noun: the counted one, or the one its complement names (5 أشخاص من عناصر الشرطة)."""
        noun, comp = self.counted.noun, self.comp
        if comp.noun is not None and (noun is None or self.counted_class in COMPLEMENT_REPLACES) \
                and not (noun is not None and comp.noun["class"] == "casualty"):
            return comp.noun  # a word for the dead or wounded further on («…، وتوزع القتلى») says nothing of
        #                   who «ست سيدات» are
        return noun

    @cached_property
    def cls(self) -> str | None:
        return self.noun["class"] if self.noun else None

    @property
    def actor(self) -> str | None:
        return self.comp.actor

    def whole_in_sentence(self) -> str:
        whole = [c for c in self.same_sentence if c.part_of is None] or self.same_sentence
        return whole[-1].subject


COMPLEMENT_REPLACES = {None, "member", "fighter", "person", "other", "woman", "casualty"}


class Rule(NamedTuple):
    name: str
    reason: str
    decide: Callable[[Context], str | None]


def subject(view: View, m, counted, pred, speaker, sentence, earlier) -> Decision:
    """Who the number counts: the first rule of SUBJECT_RULES that decides, then the refinements."""
    ctx = Context(view, m, counted, pred, speaker, sentence, earlier)
    for rule in SUBJECT_RULES:
        found = rule.decide(ctx)
        if found is not None:
            break
    for refinement in REFINEMENTS:
        refined = refinement.decide(ctx, found)
        if refined is not None and refined != found:
            return Decision(refined, refinement.name)
    return Decision(found, rule.name)


def _children(ctx):
    return "minors" if ctx.counted_class == "child" else None


def _children_named_after(ctx):
    return "minors" if ctx.cls == "child" else None


def _more_of_the_same(ctx):
    whole = last_whole(ctx.same_sentence or ctx.earlier)
    if whole is not None and (_of_them(ctx.view, ctx.m) or _others(ctx.view, ctx.m, ctx.counted_class, ctx.counted)):
        return whole.subject
    return None


def _a_partys_cell(ctx):
    return _cell_party(ctx.view, ctx.m, ctx.sentence)


def _joined_casualties(ctx):
    """6 شهداء و5 جرحى: a count joined by و with nothing said of its own people counts the same people."""
    counted, comp = ctx.counted, ctx.complement_after
    if ctx.counted_class in (None, "casualty") and counted.count_predicate is not None and ctx.same_sentence \
            and not _counts_attackers(ctx) and comp.actor is None and comp.noun is None \
            and ctx.view.wa_before(ctx.m) is not None:
        return ctx.whole_in_sentence()
    return None


def _attackers_party(ctx):
    pred = ctx.counted.count_predicate
    if ctx.noun is None and ctx.actor is None and pred is not None and pred.entry["category"] == "attackers":
        return _other_party_before(ctx.view, ctx.m.tok_start, ctx.sentence, ctx.speaker)
    return None


def _counts_attackers(ctx) -> bool:
    """Is the figure's count noun one of attackers («4 من المهاجمين»)? It names the people: no one else's."""
    pred = ctx.counted.count_predicate
    return pred is not None and pred.entry["category"] == "attackers"


def _the_sentences_figure(ctx):
    if ctx.noun is None and ctx.actor is None and ctx.same_sentence:
        return ctx.whole_in_sentence()
    return None


def _named_before_with_of(ctx):
    """«بينما أصيب من الأهالي 5»: a bare count right after «من» and a noun of people counts those people."""
    if ctx.noun is not None or ctx.actor is not None:
        return None
    view, before = ctx.view, ctx.view.prev_word(ctx.m.tok_start)
    hit = view.get(before, "nouns") if before is not None else None
    if hit is None or hit.end != ctx.m.tok_start or not hit.entry["subject"] \
            or view.word(view.prev_word(hit.first)) not in _OF:
        return None
    return hit.entry["subject"]


def _held_people(ctx):
    if ctx.cls not in ("detainee", "captive"):
        return None
    if ctx.actor == "isis":
        return "isis_detainees"
    if ctx.actor:
        return ctx.actor
    category = ctx.pred.entry["category"] if ctx.pred is not None else None
    same = [c for c in ctx.same_sentence if category is not None and c.category == category]
    return same[-1].subject if same else ctx.noun["subject"]


def _women_and_families(ctx):
    if ctx.cls not in ("woman", "family"):
        return None
    return "isis_families" if ctx.actor == "isis" else "civilians"


def _staff(ctx):
    if ctx.cls != "staff":
        return None
    at_a_prison = _names_a_prison(ctx.view, ctx.sentence) or _about_a_prison(ctx.view)
    return "prison_staff" if at_a_prison else ctx.noun["subject"]


def _civilians_named(ctx):
    return ctx.noun["subject"] if ctx.cls == "civilian" else None


def _the_party_named(ctx):
    actor = ctx.actor
    if actor and not (actor in ("army", "soldiers") and ctx.speaker and ctx.speaker[0] in parties_with("own_soldiers")):
        return actor
    return None


def _the_speakers_army(ctx):
    return ctx.speaker[0] if ctx.actor else None  # أعلنت وزارة الدفاع السورية مقتل 3 من عناصر الجيش


def _the_nationality_named(ctx):
    nationality = ctx.comp.nationality
    if not nationality:
        return None
    if ctx.cls in (None, "person", "civilian", "other", "casualty"):
        return "civilians"  # أربعة أتراك وستة سوريين: people of a nation, not its forces
    return forces_of(nationality)


def _people_taken(ctx):
    """Unnamed people abducted or held by a group are civilians (خطف أكثر من 300 شخص)."""
    noun = ctx.noun
    if ctx.pred is not None and ctx.pred.entry["category"] == "held" and ctx.cls in ("person", None) \
            and (noun is None or noun["subject"] == "people") and ctx.actor is None:
        return "civilians"
    return None


def _their_own_people(ctx):
    return _own_group(ctx.view, ctx.counted, ctx.speaker)


def _the_speakers_soldiers(ctx):
    if ctx.cls == "soldier" and ctx.speaker and ctx.speaker[0] in parties_with("own_soldiers"):
        return ctx.speaker[0]
    return None


def _armed_men_of_the_party_before(ctx):
    if ctx.cls not in ARMED_CLASSES:
        return None
    nearby = _actor_before(ctx.view, ctx.m.tok_start, ctx.sentence, ctx.pred)
    if nearby and (ctx.cls not in ("militant", "jihadist") or nearby in jihadist_parties()):
        return nearby
    only = _only_jihadist_party(ctx.view)
    return only if ctx.cls == "jihadist" else None


def _civilian_scene_dead(ctx):
    noun, pred = ctx.noun, ctx.pred
    if ctx.cls in (None, "person", "casualty") and (noun is None or noun["subject"] == "people") \
            and pred is not None and pred.entry["category"] in ("killed", "wounded") \
            and _civilian_scene_of(ctx.view, ctx.sentence):
        return "civilians"
    return None


def _the_nouns_own_subject(ctx):
    return ctx.noun["subject"] if ctx.noun is not None and ctx.noun["subject"] else None


def _the_party_before(ctx):
    return _actor_before(ctx.view, ctx.m.tok_start, ctx.sentence, ctx.pred)


def _armed_or_people(ctx):
    return "fighters" if ctx.cls in ARMED_CLASSES or _counts_attackers(ctx) else "people"  # «4 من المهاجمين»


SUBJECT_RULES = (
    Rule("children", "children are minors, whoever they belong to (children, cubs)", _children),
    Rule("more of the same", "'of them', 'others' count more of the people just counted", _more_of_the_same),
    Rule("a party's cell", "the members of a party's cell are the party's (an IS cell made up of 4 people)",
         _a_partys_cell),
    Rule("joined casualties", "a count joined by 'and' that names no one (6 dead and 5 wounded) counts the same "
         "people", _joined_casualties),
    Rule("attackers' party", "attackers of no named noun belong to the party named before that is not the speaker",
         _attackers_party),
    Rule("named before with 'of'", "a bare count right after 'of' and a noun of people counts them (of the "
         "residents, 5)", _named_before_with_of),
    Rule("the sentence's figure", "a bare count in a sentence with a figure counts that figure's people",
         _the_sentences_figure),
    Rule("children named after", "the people named after the count are children (5 people, of the children)",
         _children_named_after),
    Rule("held people", "prisoners and captives are the party's they belong to, else the figure's before",
         _held_people),
    Rule("women and families", "women and families are civilians, unless a party's (isis_families)",
         _women_and_families),
    Rule("staff", "guards and employees of an article about a prison are prison staff", _staff),
    Rule("civilians named", "a noun that says civilians (civilians, journalists, protesters) decides",
         _civilians_named),
    Rule("the party named", "the party the counted noun belongs to (IS members, 3 of the regime forces)",
         _the_party_named),
    Rule("the speaker's army", "the army a state speaker names is its own (the defence ministry announced … of the "
         "army's men)", _the_speakers_army),
    Rule("the nationality named", "a nationality adjective with the people decides (a Turkish soldier)",
         _the_nationality_named),
    Rule("their own people", "a pronoun points to a party (of its members): that party's people", _their_own_people),
    Rule("the speaker's soldiers", "soldiers a state party announces are its own", _the_speakers_soldiers),
    Rule("armed men of the party before", "fighters belong to the party named before them in the sentence",
         _armed_men_of_the_party_before),
    Rule("civilian scene", "unnamed dead at a market, a camp, homes are civilians", _civilian_scene_dead),
    Rule("people taken", "unnamed people abducted or held are civilians", _people_taken),
    Rule("the noun's own subject", "the counted noun names who they are (soldiers, police, detainees)",
         _the_nouns_own_subject),
    Rule("the party before", "the party named before the number in its sentence", _the_party_before),
    Rule("armed men or people", "nothing says more: armed men and attackers are fighters, anyone else people",
         _armed_or_people),
)


class Refinement(NamedTuple):
    name: str
    reason: str
    decide: Callable[[Context, str], str | None]


def _suspects_of_the_only_party(ctx, found):
    if found == "suspects" and ctx.pred is not None and ctx.pred.entry["category"] == "arrested":
        return _only_jihadist_party(ctx.view)
    return None


def _the_countrys_army(ctx, found):
    if found not in NATIONAL_ARMY:
        return None
    country = article_country(ctx.view)
    return next((i for i in sorted(parties_with("national_army")) if parties()[i]["country"] == country), found)


def _a_contract_states_forces(ctx, found):
    row = parties().get(found)
    if row is None or row["sector"] != "state" or found in parties_with("contract"):
        return None
    return next((i for i in sorted(parties_with("contract"))
                 if parties()[i]["sector"] == "state" and parties()[i]["party"] == row["party"]), None)


REFINEMENTS = (
    Refinement("suspects of the only party", "wanted men arrested in an article about one jihadist party are its suspects",
               _suspects_of_the_only_party),
    Refinement("the country's army", "soldiers of an article set in a country with a contract id are its army's",
               _the_countrys_army),
    Refinement("a contract state's forces", "a state's intelligence or police are its forces, which the contract names "
               "with one id (Syrian intelligence are syrian_government)", _a_contract_states_forces),
)

NATIONAL_ARMY = {"soldiers", "army"}  # the generic subject ids a national_army party of parties.tsv replaces


def _civilian_scene_of(view, sentence) -> bool:
    """_civilian_scene, worked out once per sentence."""
    return view.fact(("civilian scene", sentence.tok_start), lambda v: _civilian_scene(v, sentence))


def _civilian_scene(view, sentence) -> bool:
    """The people a sentence counts without saying who they are died where civilians are: the sentence names a
    market, a camp, homes…, or names no military target while the article names only civilian ones; or they died in
    a bombing, shelling or air strike that the sentence names with no military target (ACLED's unnamed victims of
    remote violence are civilians)."""
    lo, hi = sentence.tok_start, sentence.tok_end
    kinds = {view.kind(t, "sites") for t in lexicon_starts(view, "sites", lo, hi)}
    if "military" not in kinds and _remote_violence_in(view, lo, hi):
        return True
    a_fight_of_its_own = any(view.kind(t, "fighting") in GROUND_FIGHTS  # اشتباكات، كمين
                             for t in lexicon_starts(view, "fighting", lo, hi))
    if "military" not in kinds and not a_fight_of_its_own \
            and view.fact("remote violence in the lead", _remote_violence_in_lead):
        return True  # مقتل 7 أشخاص وجرح 33 آخرين after a lead that tells a car bomb: its victims
    if not view.site_kinds:
        return False
    return (kinds or view.site_kinds) == {"civilian"}




GROUND_FIGHTS = frozenset({"clash", "ambush"})  # fighting.tsv kinds: a sentence telling one has a fight of its own


def _remote_violence_in_lead(view) -> bool:
    return _remote_violence_in(view, 0, view.doc.lead_end())


def _remote_violence_in(view, lo: int, hi: int) -> bool:
    """Does an event word of remote violence (events.tsv kinds of ACLED's Explosions/Remote violence) start in
    tokens [lo, hi)?"""
    kinds = event_kinds()
    return any(kinds[kind]["event_type"] == "Explosions/Remote violence"
               for kind in (view.kind(t, "events") for t in lexicon_starts(view, "events", lo, hi))
               if kind is not None)


def complement(view: View, counted, m, sentence) -> Complement:
    """Actor, nationality and person noun that qualify the counted noun: right after it (عناصر داعش، جنديا
    تركيا), through من or في صفوف (عشرة مقاتلين من قوات سوريا…), or restated further on (… من أسرى التنظيم)."""
    comp = Complement()
    bare = counted.noun is None and counted.count_predicate is None  # 11 من قوات النظام: the party is the noun
    start = m.tok_end if bare else max(counted.end, m.tok_end)
    armed = counted.noun is not None and counted.noun["class"] in ARMED_CLASSES
    window, words = settings.current().claims.complement_window, view.tokens
    distance, after_a_word = 0, False  # the words in [start, tok), as view.word_distance counts them
    is_word, hits_by_token = view.word_flags, view.hits_by_token
    for tok in range(start, sentence.tok_end):
        distance += after_a_word
        word = words[tok]
        after_a_word = is_word[tok]
        if distance > window or word in AMONG_THEM or word in AGENT_MARKS:
            break  # «50 مسلحا، من بينهم ليبيون»: a part of them follows, not who they all are; «أصيب 30 برصاص قوات
            #        الأمن»: the shooters follow, not the people hit
        hits = hits_by_token.get(tok, NO_HITS)
        if not hits:
            if tok >= m.tok_end and tok in view.number_starts:
                break  # «امرأة وخمسة أطفال» (_clause_ends of a word no lexicon tagged)
            continue  # no event, site, party or noun here
        if _clause_ends(view, hits, tok, m):
            break
        if (hits.get("fighting") is not None and (not armed or distance > 0)) or hits.get("events"):
            break  # 3 جنود وأصيب 5 في هجوم لحركة الشباب، 13 قتيلا بانفجار …: the event's author or place follows
        if hits.get("sites") is not None and distance > 0:
            break  # سبعة انتحاريين قاعدة للشرطة: the site's owner follows, not the people's party
        actor = hits.get("actors")
        if actor and view.word(view.prev_word(tok)) in CAPTOR_MARKERS:
            actor = None  # محتجزين لدى قوات الدعم السريع: the captor, not the people held
        if actor and _linked(view, tok, start):
            kind = actor.entry["kind"]
            if kind in ("group", "state") and comp.actor is None and (kind == "group" or distance <= 3) \
                    and actor.entry["id"] not in VOICES:
                comp.actor = actor.entry["id"]
            elif kind == "nationality" and comp.nationality is None and distance <= 3:
                comp.nationality = actor.entry["id"]
        noun = hits.get("nouns") if comp.noun is None and distance <= 3 else None
        if noun and not _qualifies_an_event(view, tok) and _linked(view, tok, start):
            comp.noun = noun.entry
        if comp.actor:
            break
    return comp


def _clause_ends(view, hits, tok, m):
    """Does a predicate, a speech word or another number at `tok` (whose lexicon hits are `hits`) end the
    complement?"""
    pred = hits.get("predicates")
    if pred and pred.entry["pos"] != "count":
        return True
    return bool(hits.get("speech")) or (tok >= m.tok_end and tok in view.number_starts)  # «امرأة وخمسة أطفال»


def _linked(view, tok, start) -> bool:
    """Is the word at `tok` attached to the counted noun: adjacent to it, within three words after من / في صفوف /
    بين (من خلايا تنظيم الدولة، من عائلات عناصر التنظيم) or an affiliation word (يشتبه بانتمائهم إلى), or carrying
    ل (التابعين لقوات النظام)?"""
    distance = view.word_distance(start, tok)
    hit = view.get(tok, "actors") or view.get(tok, "nouns")
    if hit is not None and lam_preposition(hit.match.prefix) and 0 < distance <= 3:
        return affiliated_between(view, start, tok)
    if distance <= 1:
        return True
    at = tok
    for _ in range(3):
        at = view.prev_word(at)
        if at is None or at < start:
            return False
        if view.word(at) in LINKING_WORDS or view.word(at) in AFFILIATED:
            return True  # «يشتبه بانتمائهم إلى تنظيم القاعدة»: the affiliation word ties the party to them
        event = view.get(at, "predicates")
        if (event and event.entry["pos"] != "count") or view.get(at, "speech"):
            return False  # a verb between opens another clause; a count noun (من أسرى التنظيم) does not
    return False


def affiliated_between(view, start, tok) -> bool:
    """A party written with ل a word or more after the counted noun is theirs only through an affiliation word
    (عناصر تابعين لقوات النظام); otherwise ل ties it to the word before (انتحاريين هاجموا قاعدة للشرطة)."""
    return any(view.word(t) in AFFILIATED for t in range(start, tok))


def _qualifies_an_event(view, tok, adjectives: int = 2) -> bool:
    """A person noun right after an event word is its adjective, not people (التفجير الانتحاري، الهجوم الإرهابي),
    and so is one after another such person adjective (التفجير الإرهابي الانتحاري): at most `adjectives` back."""
    for _ in range(adjectives):
        tok = view.prev_word(tok)
        if tok is None:
            return False
        if view.get(tok, "events") is not None:
            return True
        if view.get(tok, "nouns") is None:
            return False
    return False


def _count_phrase_before(view, m, sentence):
    """بلغ عدد الجرحى في صفوف المدنيين ٣٥ جريحاً: who is counted is named after عدد, before the number."""
    for tok in reversed(view.tagged_in(max(sentence.tok_start, m.tok_start - 12), m.tok_start)):
        if toll_head(view, tok):  # بلغ عدد الجرحى في صفوف المدنيين، حصيلة شهداء الجيش … 6 شهداء
            comp = Complement()
            for t in view.tagged_in(tok + 1, m.tok_start):
                actor = view.get(t, "actors")
                noun = view.get(t, "nouns")
                noun = None if noun is None or _qualifies_an_event(view, t) else noun
                if actor and actor.entry["kind"] in ("group", "state", "nationality") and comp.actor is None \
                        and actor.entry["id"] not in VOICES:
                    comp.actor = actor.entry["id"]
                if noun and noun.entry["class"] != "other" and comp.noun is None:
                    comp.noun = noun.entry
            return comp if (comp.actor or comp.noun) else None
    return None


def _of_them(view, m):
    """عدد منهم، سبعة منهم: the number's last word, or the word after it, is منهم or منهن."""
    last_word = view.doc.text[m.start:m.end].split()[-1:]
    return bool(last_word) and last_word[0] in OF_THEM or view.word(m.tok_end) in OF_THEM


OF_THEM = word_sets("number_context")["of_them"]  # منهم، منهن
_WORDS = word_sets("claim_words")
CAPTOR_MARKERS = _WORDS["captor"]          # لدى، بيد، قبضة: the captor follows, not the people's party
LINKING_WORDS = _WORDS["complement_link"]  # من، صفوف، بين، ينتمون
CLAIMING = _WORDS["claiming"]  # تبنت، مسؤوليتها: the party beside it claims the attack
AFFILIATED = _WORDS["affiliated"]          # تابعين، الموالين: a party with ل after them is the people's
AMONG_THEM = _WORDS["among"]               # بينهم، ضمنهم: what follows is a part of the people counted
OTHERS = _WORDS["others"]                  # آخرين، أخريات
_OF = _WORDS["of"]
PARTY_PRONOUNS = _WORDS["party_pronoun"]  # جنوده، قواتها
_LATTER = _WORDS["latter"]  # عناصر الأخيرة: the last party named


def _others(view, m, cls, counted):
    """سبعة آخرون، أربعة عناصر آخرين: more of the people counted just before."""
    number = view.get(m.tok_start, "numbers")
    if cls == "other" or (number is not None and number.entry["kind"] == "some_others"):
        return True
    return cls in ARMED_CLASSES | {"person"} and view.word(counted.end) in OTHERS  # not مدنيين آخرين


def _own_group(view, counted, speaker):
    """اثنين من جنوده، عنصرين من قواتها، ثلاثة من عناصر الأخيرة: the people of the party the pronoun points to — the nearest party named
    before them in the sentence (مناطق سيطرة قسد … مقتل 13 من عناصرها), else the speaker when it is a party."""
    candidates = [counted.first] if counted.noun is not None else []
    after = view.next_word(counted.end)
    if view.word(after) in _OF:
        candidates.append(view.next_word(after + 1))
    for tok in candidates:
        hit = view.get(tok, "nouns")
        if hit and (view.suffix(hit.match) in PARTY_PRONOUNS or view.word(view.next_word(hit.end)) in _LATTER):
            party = _pronoun_party(view, counted, speaker)  # looked for only when a pronoun points to one
            if party is not None and hit.entry["class"] == "soldier" \
                    and parties().get(party, {}).get("sector") == "nonstate":
                return None  # «مقتل 20 من عناصر بوكو حرام واثنين من جنوده»: soldiers are an army's, the speaker's
            return party
    return None


def _pronoun_party(view, counted, speaker):
    sentence = view.doc.sentence_of(counted.first)
    for t in reversed(view.tagged_in(sentence.tok_start, counted.first)):
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group" and hit.entry["id"] in armed_parties():
            return hit.entry["id"]
    if speaker and speaker[0] not in VOICES and speaker[0] not in _monitors():
        return speaker[0]  # «عناصرها»: a party's, never a monitor's
    return None


@settings.knowledge
def _monitors() -> frozenset:
    """The ids of the activist networks and rights monitors (actors.tsv monitor): they speak, they are not counted."""
    return frozenset(row["id"] for row in read_rows("actors") if row["kind"] == "monitor")


CELL_WORDS = _WORDS["cell"]  # خلية، خلايا، مجموعة، شبكة


def _cell_party(view, m, sentence):
    """The party of the cell whose members the number counts: "خلية تابعة لداعش مؤلفة من 4 أشخاص"."""
    if not members_of(view, m):
        return None
    cell = False
    for t in range(m.tok_start - 1, max(sentence.tok_start, m.tok_start - 8) - 1, -1):
        cell = cell or view.word(t) in CELL_WORDS
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group" and hit.entry["id"] in armed_parties():
            return hit.entry["id"] if cell or any(view.word(b) in CELL_WORDS for b in range(
                max(sentence.tok_start, t - 3), t)) else None
    return None


def _other_party_before(view, tok, sentence, speaker):
    """The nearest party named before `tok` in the sentence that is not the speaker."""
    for t in reversed(view.tagged_in(sentence.tok_start, tok)):
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group" and hit.entry["id"] in armed_parties() \
                and not (speaker and hit.entry["id"] == speaker[0]):
            return hit.entry["id"]
    return None


def _only_jihadist_party(view) -> str | None:
    """The one jihadist party the article names, if it names exactly one."""
    named = view.parties & jihadist_parties()
    return next(iter(named)) if len(named) == 1 else None




def _about_a_prison(view) -> bool:
    """The article's guards are a prison's when it names a prison (سجن، نزلاء) in its first lines: worked out once
    a document (its first lines are the whole of a text of one line, read again for each figure of guards)."""
    return view.fact("about a prison", _opening_names_a_prison)


def _opening_names_a_prison(view) -> bool:
    text = view.doc.text
    end = text.find("\n", settings.current().claims.opening_chars)
    opening_end = view.doc.token_at(len(text) if end < 0 else end) + 1
    return view.names_custody(0, opening_end, kinds=("prison",))


def _names_a_prison(view, sentence) -> bool:
    return view.names_custody(sentence.tok_start, sentence.tok_end, kinds=("prison",))


def _claims_the_attack(view, hit) -> bool:
    """Is the party of `hit` the one that claims an attack (a claiming word right before or after it: «تبنت حركة
    طالبان»، «أعلنت الحركة مسؤوليتها»)? It is the perpetrator, not whose people are counted."""
    before, after = view.prev_word(hit.first), view.next_word(hit.end)
    return any(t is not None and view.is_one_of(t, CLAIMING) for t in (before, after))


def _actor_before(view, tok, sentence, pred):
    """The nearest party named before the number in its sentence (or just before it). Before an active verb or
    verbal noun the party is its agent, not the people counted, so look no further back than the predicate."""
    lo = max(0, sentence.tok_start - 60)
    if pred is not None and pred.match is not None and pred.entry["pos"] in ("verb", "noun") and pred.first < tok:
        lo = pred.end
    for t in reversed(view.tagged_in(lo, tok)):
        hit = view.get(t, "actors")
        if hit and hit.entry["kind"] == "group" and not _claims_the_attack(view, hit):
            return hit.entry["id"]
        noun = view.get(t, "nouns")
        if noun and noun.entry["class"] == "detainee" and t >= sentence.tok_start:
            following = view.get(view.next_word(noun.end), "actors")
            if following and following.entry["id"] == "isis":
                return "isis_detainees"
    return None
