"""Who said it: every party a sentence gives words to, with speaker, role, through whom, the
stance its verb suggests, and the part of the sentence that is theirs.

A sentence is cut into clauses ("The ministry said 40, but the union said 75"; "acknowledged
15 more deaths but denied that the toll was near 90"); each clause with a speech verb, an
"according to", a "put … at" or a no-comment phrase is one party's statement. The party is read
from the words before the verb (or after it: `," said Elena Drost, the bank's governor`): a
name, a role, an organisation, in the shapes wire copy uses. Resolving pronouns and "the
ministry" to a party named earlier needs the article, so that is left to `suggest_claims`.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from . import rules

VERBS = "|".join(sorted(rules.ATTRIBUTION_VERBS, key=len, reverse=True))
VERB = re.compile(rf"\b(?:(?:has|have|had) )?(?P<verb>{VERBS})\b")
QUOTE = re.compile(r"[\"“](?P<quoted>[^\"”]{2,}?)[\"”]|(?<!\w)['‘](?P<single>[^'’]{3,}?)['’](?!\w)")
BREAK = re.compile(r",\s+|:\s+|;\s+|\s+[-–—]\s+|,?[”\"]\s*")
# Enough characters before a verb to hold "could not immediately" or "has been".
WORDS_BEFORE = 40
NEGATED = re.compile(r"\b(?:not|never|n[o']t)\s+(?:\w+\s+)?$")
PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$")
DETERMINERS = ("the ", "a ", "an ")
PRONOUN_OWNERS = {"its", "their", "his", "her", "our"}
SUBJECT_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
PARTITIVES = {
    "one", "two", "three", "four", "five", "some", "many", "several", "most", "all", "none",
    "each", "any", "both",
}  # fmt: skip
AGENT = re.compile(r"^[a-z]+ed by ")
# "a senior official who asked not to be named": the official.
RELATIVE_TAIL = re.compile(r" (?:who|which|that|whose) .*$")


@dataclass
class Attribution:
    speaker_name: str = ""
    speaker_role: str = ""
    via: str = ""
    stance: str = ""
    subject: str = ""  # who the sentence says spoke, as written: "The Russian defence ministry"
    subject_start: int = 0
    party: str = ""  # the organisation or group they speak for, as written: "ministry"
    pronoun: str = ""  # "he", "she", "it": a speaker named before, found by the reader
    owner_pronoun: str = ""  # "Its spokesman": they speak for a party named before
    start: int = 0  # the clause of the sentence that is theirs
    end: int = 0
    said_at: int = 0  # where the verb (or "according to") is

    @property
    def attribution_text(self):
        """Words in which a known source may be named: the subject with its roles."""
        return " ".join(filter(None, (self.subject, self.party, self.speaker_role)))


@dataclass
class KnownSource:
    """A source as the extraction sees it: its slug and every name it goes by."""

    slug: str
    names: tuple

    def found_in(self, text):
        """The longest of its names the text holds (any case, whole words), or ""."""
        lowered = text.lower()
        for name, pattern in self.patterns:
            if pattern.search(lowered):
                return name
        return ""

    @cached_property
    def patterns(self):
        # Compiled once: with hundreds of sources, re's own cache of 512 patterns is not enough.
        # "the Observatory" is also named in "the UK-based Observatory"
        names = {re.sub(r"^the ", "", name, flags=re.I) for name in filter(None, self.names)}
        names = sorted(names, key=len, reverse=True)
        return [(name, re.compile(rf"(?<!\w){re.escape(name.lower())}(?!\w)")) for name in names]


@dataclass
class Marker:
    """Where a sentence gives a party words: the verb or phrase, and where the party is."""

    start: int
    end: int
    stance: str
    party_after: str = ""  # "according to X", "no comment from X": the party follows
    via: str = ""
    party_at: int = 0
    invertible: bool = False  # `," said X`: the party may follow
    party_named: str = ""  # a party the phrase implies without naming: the prosecution
    relays: bool = False  # "according to X" after another party's words: X passed them on


def attributions_in(sentence):
    """Each party's statement in the sentence, in order; [] when it attributes nothing."""
    markers = markers_in(sentence)
    if not markers:
        return []
    clauses = clauses_of(sentence, markers)
    found = []
    for clause_start, clause_end, clause_markers in clauses:
        first = None
        for marker in clause_markers:
            attribution = attribution_for(sentence, marker, clause_start, found)
            attribution.start, attribution.end = clause_start, clause_end
            if first is not None and not BREAK.search(sentence, found[-1].said_at, marker.start):
                continue  # "said the president had ordered an inquiry": what the first said
            relay = attribution.party or attribution.speaker_name or attribution.subject
            if first is not None and marker.relays and relay and first.party != relay:
                # "Survivors told aid workers that …, according to Sea Lantern": the charity
                # relays what the survivors said.
                first.via = relay
                continue
            if first is not None:
                # A second party in one clause ("…, a tally the opposition rejected"): its
                # clause starts where its own words do.
                attribution.start = min(attribution.subject_start, marker.start)
                first.end = attribution.start
            found.append(attribution)
            first = first or attribution
    return found


def attribution_in(sentence):
    """The sentence's first attribution, or an empty one when it attributes nothing."""
    return next(iter(attributions_in(sentence)), Attribution())


def markers_in(sentence):
    found = []
    quoted = quote_spans(sentence)
    for match in VERB.finditer(sentence):
        # The few words before the verb, not the whole sentence: reading stays linear.
        before = sentence[max(0, match.start() - WORDS_BEFORE) : match.start()]
        verb = match.group("verb")
        if inside(quoted, match.start("verb")) or NEGATED.search(before):
            continue
        if PASSIVE.search(before):
            continue  # "the trial is expected to last", "was told by"
        if verb in rules.SPEECH_NEEDS_THAT and not sentence[match.end() :].startswith(" that"):
            continue  # "estimates crowd sizes"
        stance = rules.ATTRIBUTION_VERBS[verb]
        if verb in rules.DENIAL_CALLS:
            # "called the figures 'a lie'": a denial; called for, called on, called it a day…
            clause_end = next_break(sentence, match.end())
            if not rules.CALLED_FALSE.search(sentence, match.end(), clause_end):
                continue
        found.append(
            Marker(
                match.start(),
                match.end(),
                stance,
                via=via_after(sentence, match),
                invertible=verb in rules.INVERTIBLE_VERBS,
            )
        )
    lowered = sentence.lower()
    for pattern, stance, words in rules.PARTY_PHRASES:
        if not any(word in lowered for word in words):
            continue
        for match in pattern.finditer(sentence):
            before = sentence[max(0, match.start() - WORDS_BEFORE) : match.start()]
            if inside(quoted, match.start()) or NEGATED.search(before):
                continue
            party, party_at = match.groupdict().get("party") or "", match.end()
            if party:
                if not is_a_party(party):
                    continue
                party_at = match.start("party")
                author = rules.AUTHOR.match(party)
                if author:
                    party, party_at = party[author.end() :], party_at + author.end()
            via = party_name(match.groupdict().get("via") or "")
            marker = Marker(match.start(), match.end(), stance, party, via, party_at)
            if pattern is rules.ON_TRIAL:
                marker.party_named = rules.PROSECUTION
            marker.relays = pattern is rules.ACCORDING_TO
            found.append(marker)
    found.sort(key=lambda marker: marker.start)
    # One phrase, one marker: "was quoted as saying" holds "saying".
    kept = []
    for marker in found:
        if kept and marker.start < kept[-1].end:
            continue
        kept.append(marker)
    return kept


def is_a_party(words):
    """ "a letter to shipping lines": a document that names no author is not a party."""
    return not rules.AUTHORLESS_DOCUMENT.match(words)


def next_break(sentence, position):
    found = re.compile(r"[,;]\s|\s(?:and|but)\s").search(sentence, position)
    return found.start() if found else len(sentence)


def via_after(sentence, verb_match):
    via = rules.VIA_PATTERN.search(sentence, verb_match.start("verb"))
    if via and via.start() == verb_match.start("verb"):
        return f"told {via.group('via')}"
    return ""


def clauses_of(sentence, markers):
    """(start, end, markers) of each clause holding a statement; a clause with no marker of
    its own belongs to the statement before it (or, first in the sentence, to the next)."""
    bounds = [0]
    dateline = rules.DATELINE.match(sentence)
    if dateline:
        bounds = [dateline.end()]
    for match in rules.CLAUSE_BREAK.finditer(sentence):
        if not inside_quotes(sentence, match.start()):
            bounds.append(match.end())
    bounds.append(len(sentence))
    clauses = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        held = [marker for marker in markers if start <= marker.start < end]
        if held or not clauses:
            clauses.append([start, end, held])
        else:
            clauses[-1][1] = end
    if len(clauses) > 1 and not clauses[0][2]:
        clauses[1][0] = clauses[0][0]
        clauses.pop(0)
    return [tuple(clause) for clause in clauses if clause[2]]


def attribution_for(sentence, marker, clause_start, earlier):
    attribution = Attribution(stance=marker.stance, via=marker.via, said_at=marker.start)
    if marker.party_named:
        attribution.party = marker.party_named
        return attribution
    if marker.party_after:
        read_party(attribution, marker.party_after, marker.party_at)
        return attribution
    before = sentence[clause_start : marker.start]
    pieces = [(p, clause_start + s) for p, s in pieces_of(before)]
    while pieces and not pieces[-1][0]:
        pieces.pop()
    if not before.strip() and earlier:
        # "… but denied that": the same party as the clause before.
        shared = earlier[-1]
        for name in ("speaker_name", "speaker_role", "subject", "party", "pronoun"):
            setattr(attribution, name, getattr(shared, name))
        attribution.subject_start = shared.subject_start
        return attribution
    if inverted(before) and marker.invertible:
        after = sentence[marker.end :]
        pieces = [(p, marker.end + s) for p, s in pieces_of(after)]
        read_pieces(attribution, pieces[:1], pieces[1:])
        return attribution
    head, described = subject_pieces(pieces)
    read_pieces(attribution, head, described)
    return attribution


def inverted(before):
    """`"…," said X` or `…, said X`: the party follows the verb."""
    stripped = before.rstrip()
    return not stripped or stripped.endswith(('"', "”", ',"', ",”", "'", "’"))


def pieces_of(text):
    """(piece, start) of the comma-, dash- and quote-separated pieces of the text."""
    pieces, start = [], 0
    for found in BREAK.finditer(text):
        pieces.append((text[start : found.start()], start))
        start = found.end()
    pieces.append((text[start:], start))
    return [(piece.strip(" ."), at + len(piece) - len(piece.lstrip())) for piece, at in pieces]


def subject_pieces(pieces):
    """The head piece of a subject and the pieces describing it, walking back from the verb:
    "The Joint Monitoring Mission, which was sent…," -> head "The Joint Monitoring Mission";
    "Lia Doran, a spokeswoman for the Pensions Alliance," -> "Lia Doran" described as a
    spokeswoman; "The ministry's spokeswoman, Nadia Vell," -> "Nadia Vell", described too."""
    described = []
    index = len(pieces) - 1
    while index >= 0:
        piece = pieces[index][0]
        if is_relative_clause(piece) and piece.split()[-1].lower() in SUBJECT_PRONOUNS:
            break  # "…, which they deny": they
        if not piece or is_relative_clause(piece) or piece.isdigit():
            index -= 1
            continue
        if index > 0 and is_description(piece) and looks_like_a_name(pieces[index - 1][0]):
            described.insert(0, pieces[index])
            index -= 1
            continue
        break
    if index < 0:
        return [], described
    head = pieces[index]
    if is_bare_name(head[0]) and index > 0 and role_of(pieces[index - 1][0]):
        described.insert(0, pieces[index - 1])
    return [head], described


def is_relative_clause(piece):
    """ "which runs the port", "speaking on condition of anonymity": words about the party,
    never the party."""
    first = piece.split(" ", 1)[0]
    return first.lower() in {"which", "who", "whose", "where", "that", "whom"} or (
        first.islower() and first.endswith("ing")
    )


def is_description(piece):
    """ "a regional monitoring group", "the country's largest union federation", "a
    spokeswoman for the Pensions Alliance": a lower-case noun phrase after a name."""
    lowered = piece.lower()
    if lowered.split(" ", 1)[0] in rules.POSITIONS and piece[:1].islower():
        return True  # "Name, head of a campaign group, told reporters"
    if not lowered.startswith(DETERMINERS):
        return False
    rest = piece.split(" ", 1)[1] if " " in piece else ""
    return bool(rest) and (rest[:1].islower() or rest[:1].isdigit())


def looks_like_a_name(piece):
    """ "Lia Doran", "The Joint Monitoring Mission", "A statement from the Northern Observers
    Network": a proper name, not a clause."""
    words = strip_lead_in(piece).split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return (
        0 < len(words) <= LONGEST_NAME_WORDS
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w.lower() in NAME_CONNECTORS for w in words)
    )


NAME_CONNECTORS = {"of", "for", "and", "the", "de", "al", "&", "on", "in"}


def is_bare_name(piece):
    name, role = name_and_role(piece)
    return bool(name) and not role and name == piece.strip()


def read_pieces(attribution, head, described):
    if not head:
        return
    written, start = head[0]
    agent = AGENT.match(written)
    if agent:  # "The figures, released by the ministry on Monday, showed"
        written, start = written[agent.end() :], start + agent.end()
    text = strip_lead_in(written)
    start += len(written) - len(text)
    text = RELATIVE_TAIL.sub("", text)
    text, start = innermost_subject(text, start)
    attribution.subject, attribution.subject_start = text, start
    words = text.lower().split()
    if words and (words[0] in SUBJECT_PRONOUNS or words[-1] in SUBJECT_PRONOUNS):
        # "He dismissed…"; "…, charges he denies": someone named before
        attribution.pronoun = words[0] if words[0] in SUBJECT_PRONOUNS else words[-1]
        attribution.subject = ""
    else:
        read_party(attribution, text, start)
    for piece, _ in described:
        role = role_of(piece)
        if role:
            attribution.speaker_role = attribution.speaker_role or role.role
            attribution.party = role.party or attribution.party
            if role.owner_pronoun and not role.party:
                attribution.owner_pronoun = role.owner_pronoun
        elif is_bare_name(piece) and not attribution.speaker_name:
            attribution.speaker_name = piece  # ", said the commission's chairwoman, Ada Rusk"
        elif attribution.speaker_name and not attribution.speaker_role:
            # "Mila Karsk, a farmer in the village of Toll": she speaks as a farmer
            descriptor = descriptor_of(piece)
            attribution.speaker_role = descriptor
            attribution.party = attribution.party or descriptor.capitalize()


def descriptor_of(piece):
    """ "a 34-year-old festival-goer from Brelin" -> "festival-goer"; "" for a clause."""
    found = rules.DESCRIPTOR.match(piece)
    return found.group("noun").lower() if found else ""


def strip_lead_in(text):
    """ "A statement from the Northern Observers Network" -> "the Northern Observers Network"."""
    match = rules.STATEMENT_FROM.match(text)
    return text[match.end() :] if match else text


def innermost_subject(text, start):
    """ "a tally the opposition" -> "the opposition": a noun phrase the verb's clause
    describes, with the party inside it."""
    match = re.search(r"^(?:a|an) [a-z]+(?: [a-z]+)? (?=the [a-z])", text)
    if match:
        return text[match.end() :], start + match.end()
    return text, start


def read_party(attribution, text, start):
    """Fill the speaker and party from a head such as "Army spokesman Colonel Dan Remi",
    "A Bank of Halvane spokesman", "Officials in Ilvany", "Prime Minister Ivo Lesk's office"."""
    attribution.subject = attribution.subject or text
    attribution.subject_start = attribution.subject_start or start
    office = rules.OFFICE_OF.match(text)
    if office:
        attribution.party = f"Office of {office.group('holder')}"
        return
    officials = rules.OFFICIALS_IN.match(text)
    if officials:
        role = officials.group("role").lower()
        attribution.speaker_role = "" if role in ("authorities", "police") else role
        attribution.party = f"{officials.group('place')} authorities"
        return
    name, title = name_and_role(text)
    if name and not is_organisation(text):
        attribution.speaker_name = name
        if title:
            # the title as written: "Northland's Interior Minister" speaks for a ministry
            at = text.rfind(name)
            role = role_of(text[:at] if at > 0 else title)
            attribution.speaker_role = title if role is None else role.role
            attribution.party = role.party if role else ""
        return
    role = role_of(text)
    if role:
        attribution.speaker_role = role.role
        attribution.party = role.party
        if role.owner_pronoun and not role.party:
            attribution.owner_pronoun = role.owner_pronoun
        if not role.party and role.plural:
            # "local officials": a group of them, who speak as that group
            attribution.party, attribution.speaker_role = party_name(text), ""
        return
    attribution.speaker_role = group_role(text)
    attribution.party = party_name(text)


@dataclass
class Role:
    role: str
    party: str = ""
    owner_pronoun: str = ""  # "Its spokesman": the party is one named before
    plural: bool = False  # "local officials"


def role_of(piece):
    """ "the charity's country director" -> director of "charity"; "a spokeswoman for the
    Pensions Alliance"; "the governor of the Bank of Halvane"; "Army spokesman"; "Agriculture
    Minister" -> of the "Agriculture ministry"; or None when the words hold no office."""
    words = piece.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    owner = ""
    if words and words[0].lower() in PRONOUN_OWNERS and len(words) > 1:
        owner, words = words[0], words[1:]
    for index, word in enumerate(words):
        if owner:
            break
        if word.endswith(("'s", "’s")) and index < len(words) - 1:
            owner = " ".join(words[: index + 1])[:-2]
            words = words[index + 1 :]
            break
    of_party = ""
    for index, word in enumerate(words):
        if owner:
            break  # "Its head of operations": the owner is the party, the rest the role
        if word.lower() in ("for", "of", "at", "with", "to") and any(
            w.lower().strip(",") in rules.POSITIONS for w in words[:index]
        ):
            of_party = " ".join(words[index + 1 :])
            words = words[:index]
            break
    words = [w for w in words if w.lower().strip(",.") not in rules.TITLE_WORDS] or words
    positions = [i for i, w in enumerate(words) if w.lower().strip(",") in rules.POSITIONS]
    if not positions:
        return None
    last = positions[-1]
    if owner:
        last = positions[0]  # "the agency's head of operations"
        if last != len(words) - 1:
            title = [w for w in words if w.lower() not in rules.DEMONYMS]
            role = plain_role(" ".join(title))
            owner_pronoun = owner.lower() if owner.lower() in PRONOUN_OWNERS else ""
            party = "" if owner_pronoun else party_name(owner)
            return Role(role, party, owner_pronoun)
    if len(words) > 1 and words[1].lower() == "of" and words[0].lower() in PARTITIVES:
        return None  # "one of the officials": a group, not an office
    if last != len(words) - 1 and not of_party:
        return None  # "the chief executive's plan": an office is the last word of a role
    title = [w for w in words[: last + 1] if w.lower() not in rules.DEMONYMS]
    role = plain_role(" ".join(title))
    modifiers = [w for w in words[:last] if w.lower() not in rules.ROLE_ADJECTIVES]
    office = words[last].lower()
    owner_pronoun = owner.lower() if owner.lower() in PRONOUN_OWNERS else ""
    if owner_pronoun:
        owner = ""
    if "former" in (w.lower() for w in words):
        return Role(role)  # a former minister speaks for themself
    explicit = party_name(of_party) or party_name(owner)
    if office in ("mayor", "governor"):
        modifiers = words[:last]
    party = institution(office, modifiers, owner, explicit)
    if not party and office == "official" and not explicit:
        # "a senior regional official" speaks for the regional government
        level = next((w for w in words[:last] if w.lower() in rules.GOVERNMENT_LEVELS), "")
        party = f"{level.capitalize()} government" if level else ""
    return Role(role, party, owner_pronoun, plural=office.endswith("s") and office != "ss")


def institution(office, modifiers, owner, explicit):
    """The body an office speaks for: a minister for a ministry, a mayor for a town hall."""
    kept = " ".join(modifiers)
    if office == "minister":
        if kept.lower() == "prime" or not kept:
            return explicit or ("Government" if kept else "")
        ministry = "Ministry" if kept[:1].isupper() else "ministry"
        return " ".join(filter(None, (owner, kept, ministry)))
    if office in rules.OFFICE_BODIES:
        body = rules.OFFICE_BODIES[office]
        place = explicit or owner
        if office in ("mayor", "governor"):
            if explicit and any(w.lower() in rules.ORGANISATION_WORDS for w in explicit.split()):
                return explicit  # "the governor of the Bank of Halvane"
            named = [w for w in modifiers if w[:1].isupper()]  # "the Pellin mayor"
            place = place or " ".join(named)
            kept = " ".join(w for w in modifiers if w not in named)
            return " ".join(filter(None, (place, kept.lower(), body))) if place else ""
        if office == "lawyer":
            return "Defence" if kept.lower() in ("defence", "defense") else explicit
        return explicit or body
    if explicit:
        return explicit
    return party_name(kept)


def plain_role(title):
    """A title as a role: lower case, without the words that say where its holder is from
    ("Former Morvathi energy minister" -> "former energy minister")."""
    words = [w for w in title.split() if not COUNTRY_ADJECTIVE.match(w)]
    return " ".join(w for w in " ".join(words).lower().split() if w not in rules.DEMONYMS)


COUNTRY_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ian|ish|ese|i)$")


def party_name(text):
    """A party's name from the words that give it: without "the", the descriptive words before
    a proper name ("the state news agency Ostpress" -> "Ostpress") and a trailing "data"."""
    words = rules.TRAILING_TIME.sub("", text.strip(" ,.")).split()
    while words and words[0].lower() in ("the", "a", "an", "its", "their"):
        words = words[1:]
    while words and words[-1].lower() in rules.DOCUMENT_WORDS:
        words = words[:-1]
    located = rules.BODY_IN_PLACE.match(" ".join(words))
    if located:
        # "the only clinic in the village of Weylin" -> "Weylin village clinic"
        words = " ".join(filter(None, located.group("place", "kind", "body"))).split()
    proper = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
    if proper and all(w[:1].islower() and w not in NAME_CONNECTORS for w in words[:proper]):
        words = words[proper:]  # "the state news agency Ostpress"; not "ministry in Garrow"
    kind = next((i for i, w in enumerate(words[:-1]) if w.lower() in rules.GENERIC_PARTIES), None)
    if kind is not None and all(w[:1].isupper() for w in words[kind + 1 :]):
        words = words[kind + 1 :]  # "Energy company Nordkraft", "rights group Free Voice"
    name = " ".join(words)
    if not could_name_a_party(name):
        return ""
    return name[:1].upper() + name[1:]


def inside_quotes(sentence, position):
    return inside(quote_spans(sentence), position)


def quote_spans(sentence):
    return [(match.start(), match.end()) for match in QUOTE.finditer(sentence)]


def inside(spans, position):
    return any(start < position < end for start, end in spans)


def name_and_role(subject):
    """ "Syria's chief opposition coordinator Riad Hijab" -> ("Riad Hijab", "chief opposition
    coordinator"): the trailing name of two or three capitalised words, and the title before it
    without the words that say where its holder is from."""
    words = subject.split()
    name_words = []
    for word in reversed(words):
        bare = word.strip(",.'’")
        if (
            bare[:1].isupper()
            and bare.lower() not in rules.POSITIONS
            and bare.lower() not in rules.TITLE_WORDS
            and bare not in rules.NOT_NAMES
            and bare.lower() not in rules.DEMONYMS
            and not bare.isupper()
            and "-based" not in bare
            and not word.endswith(("'s", "’s", "'", "’"))
        ):
            name_words.insert(0, bare)
            if len(name_words) == 3:
                break
        else:
            break
    if len(name_words) < 2 or name_words[-1].lower() in rules.ORGANISATION_WORDS:
        return "", ""
    title_words = words[: len(words) - len(name_words)]
    while title_words and (
        title_words[0].lower().strip(",") in rules.DEMONYMS
        or title_words[0].endswith(("'s", "’s"))  # "Northland's Interior Minister"
    ):
        title_words = title_words[1:]
    return " ".join(name_words), plain_role(" ".join(title_words))


def person_named_in(text):
    """(name, role) of the last person the text names with a title: "Former energy minister
    Aurel Vostrik, 61, went on trial…, charges he denies" -> Aurel Vostrik."""
    for piece, _ in reversed(pieces_of(text)):
        name, title = name_and_role(piece)
        if name and not is_organisation(piece):
            return name, plain_role(title)
    return None


def role_party(title):
    """What a title's holder speaks for: "army spokesman" -> "army"."""
    role = role_of(title) if title else None
    return role.party if role else ""


def is_organisation(subject):
    """ "the Northland Red Shield": capitalised words after "the" name a body, not a person."""
    words = subject.split()
    return (
        bool(words)
        and words[0].lower() == "the"
        and all(w[:1].isupper() or w in NAME_CONNECTORS for w in words[1:])
    )


def group_role(subject):
    """Who spoke when no one is named: "three officials with rebel groups in Aleppo"."""
    words = subject.split()
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    text = " ".join(words)
    if re.search(r"\b(?:officials?|spokes\w+|sources?|journalists?|witness\w*|analysts?)\b", text):
        return text
    return ""


def quote_in(sentence):
    """(quoted words, start, end) of the sentence's first direct quote, or None."""
    match = QUOTE.search(sentence)
    if match is None:
        return None
    group = "quoted" if match.group("quoted") else "single"
    return match.group(group), match.start(group), match.end(group)


def known_source_in(text, sources):
    """The slug of the known source the text names by its longest name or alias, or None. A
    title shared across countries ("Foreign Minister") names no source of another country:
    "Turkish Foreign Minister" is not the Russian foreign ministry's."""
    if not text:
        return None
    countries = [word[:4].lower() for word in COUNTRY_WORD.findall(text)]
    found = []
    for source in sources:
        name = source.found_in(text)
        if not name:
            continue
        names = " ".join(source.names).lower()
        if all(country in names for country in countries):
            found.append((len(name), source.slug))
    best = max(found, default=(0, None))
    return best[1] if best[0] else None


# "Turkish", "Syrian", "Russia's": words that say which country a title belongs to.
COUNTRY_WORD = re.compile(r"\b[A-Z][a-z]+(?:ian|ish|ese)\b|\b[A-Z][a-z]+(?=['’]s\b)")


# Words a party's name never starts with: a relative or personal pronoun points at one.
NOT_A_NAME_START = {
    "which", "who", "whom", "whose", "that", "this", "these", "those", "he", "she", "it",
    "they", "we", "i", "you", "his", "her", "its", "their", "our",
}  # fmt: skip
LONGEST_NAME_WORDS = 8


def could_name_a_party(text):
    """Whether words taken from before a speech verb can be a party's name: not a quotation,
    not a clause starting with a pronoun, not a whole sentence."""
    words = text.split()
    return (
        bool(words)
        and '"' not in text
        and words[0].lower() not in NOT_A_NAME_START
        and len(words) <= LONGEST_NAME_WORDS
    )
