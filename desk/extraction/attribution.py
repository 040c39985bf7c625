"""Who said it: speaker, role, source, through whom, the stance the verb suggests, the quote."""

import re
from dataclasses import dataclass
from functools import cached_property

from . import rules

VERB = re.compile(r"\b(?:(?:has|have|had) )?(?P<verb>" + "|".join(rules.ATTRIBUTION_VERBS) + r")\b")
QUOTE = re.compile(r"[\"“](?P<quoted>[^\"”]{2,}?)[\"”]|(?<!\w)['‘](?P<single>[^'’]{3,}?)['’](?!\w)")
BREAK = re.compile(r",\s+|:\s+|;\s+|\s+[-–—]\s+|,?[”\"]\s+")
# Words of a title, never of a name: "Deputy Foreign Minister Sergei Ryabkov".
TITLE_WORDS = {
    "deputy", "foreign", "defence", "defense", "interior", "prime", "minister", "president",
    "vice", "secretary", "general", "spokesman", "spokeswoman", "spokesperson", "director",
    "chief", "head", "commander", "colonel", "major", "captain", "lieutenant", "sergeant",
    "governor", "mayor", "ambassador", "envoy", "coordinator", "chairman", "chair", "leader",
    "senator", "officer", "official", "mr", "mrs", "ms", "dr", "sheikh", "king", "queen",
}  # fmt: skip


@dataclass
class Attribution:
    speaker_name: str = ""
    speaker_role: str = ""
    via: str = ""
    stance: str = ""
    subject: str = ""  # who the sentence says spoke, as written: "The Russian defence ministry"
    subject_start: int = 0


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
        names = sorted(filter(None, self.names), key=len, reverse=True)
        return [(name, re.compile(rf"(?<!\w){re.escape(name.lower())}(?!\w)")) for name in names]


def attribution_in(sentence):
    """The sentence's attribution, or an empty one when it attributes nothing."""
    if rules.NO_COMMENT.search(sentence):
        after = sentence[rules.NO_COMMENT.search(sentence).end() :]
        return Attribution(stance="no_comment", subject=after.strip(" .,"), subject_start=0)
    match = next(
        (found for found in VERB.finditer(sentence) if not inside_quotes(sentence, found.start())),
        None,
    )
    if match is None:
        return Attribution()
    breaks = [0] + [piece.end() for piece in BREAK.finditer(sentence[: match.start()])]
    start = breaks[-1]
    subject = sentence[start : match.start()].strip()
    if not subject and len(breaks) > 1:  # "…, Rami Abdulrahman, said": the name before the comma
        start = breaks[-2]
        subject = sentence[start : match.start()].strip(" ,")
    if not subject and start == 0:
        return Attribution(stance=rules.ATTRIBUTION_VERBS[match.group("verb")])
    attribution = Attribution(
        stance=rules.ATTRIBUTION_VERBS[match.group("verb")],
        subject=subject,
        subject_start=start,
    )
    name, role = name_and_role(subject)
    if name and is_organisation(subject):
        name = role = ""
    elif name and not role and subject == name:
        role = appositive_role(sentence[:start])
    attribution.speaker_name, attribution.speaker_role = name, role
    if not name:
        attribution.speaker_role = group_role(subject)
    via = rules.VIA_PATTERN.search(sentence, match.start())
    if via and via.start() == match.start("verb"):
        attribution.via = f"told {via.group('via')}"
    return attribution


def inside_quotes(sentence, position):
    return any(match.start() < position < match.end() for match in QUOTE.finditer(sentence))


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
            and bare.lower() not in TITLE_WORDS
            and bare not in rules.NOT_NAMES
            and bare.lower() not in rules.DEMONYMS
            and not bare.isupper()
            and "-based" not in bare
        ):
            name_words.insert(0, bare)
            if len(name_words) == 3:
                break
        else:
            break
    if len(name_words) < 2:
        return "", ""
    title_words = words[: len(words) - len(name_words)]
    while title_words and (
        title_words[0].lower().strip(",") in rules.DEMONYMS
        or title_words[0].endswith(("'s", "’s"))  # "Northland's Interior Minister"
    ):
        title_words = title_words[1:]
    return " ".join(name_words), " ".join(title_words).lower()


APPOSITIVE_ROLES = [
    # "The director of the Syrian Observatory for Human Rights, Rami Abdulrahman, said"
    re.compile(r"^\s*(?:the |a )?(?P<role>[a-z][a-z ]{0,40}?) of (?:the )?[A-Z][^,]*,\s*$", re.I),
    # "The agency's director, Alex Example, said"; "The mayor, Pat Placeholder, said"
    re.compile(r"^\s*(?:the |a )(?:[\w-]+['’]s )?(?P<role>[a-z][a-z ]{0,40}?),\s*$", re.I),
]


def is_organisation(subject):
    """ "the Northland Red Shield": capitalised words after "the" name a body, not a person."""
    words = subject.split()
    return bool(words) and words[0].lower() == "the" and all(w[:1].isupper() for w in words[1:])


def appositive_role(before):
    """The role an appositive gives a name: "The director of the Observatory, " -> "director"."""
    for pattern in APPOSITIVE_ROLES:
        match = pattern.search(before)
        if match:
            return match.group("role").lower()
    return ""


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


def source_for(subject, sentence, sources):
    """(slug, name) of the known source the sentence names, the speaker's own first, by the
    longest name or alias found; or (None, a name for a new source) taken from the subject."""
    for text in (subject, sentence):
        if not text:
            continue
        found = [(len(source.found_in(text)), source.slug) for source in sources]
        best = max(found, default=(0, None))
        if best[0]:
            return best[1], ""
    words = [w for w in subject.split() if w]
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    name, _ = name_and_role(subject)
    if name and not is_organisation(subject):
        return None, ""
    proposed = " ".join(words)
    if not could_name_a_party(proposed):
        return None, ""
    return None, proposed[:1].upper() + proposed[1:]


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
