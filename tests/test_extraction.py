"""Suggested claims from article text: pure functions, checked on a corpus without the web.

The corpus is the seed report and fictional articles written for these tests
(tests/corpus/). Every name in the fictional ones is made up.
"""

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from desk.extraction import KnownSource, sentences_of, suggest_claims
from desk.extraction.attribution import could_name_a_party
from desk.extraction.figures import figures_in, parse_value

CORPUS = Path(__file__).parent / "corpus"


def corpus(name):
    return (CORPUS / name).read_text(encoding="utf-8")


def figures_of(suggestions):
    return [(f.qualifier, f.low, f.high, f.period) for s in suggestions for f in s.figures]


# The seed report ------------------------------------------------------------------------------

SEED_FIGURES = [
    # (qualifier, low, high, period) of each figure, as the seed file records it
    ("exact", Decimal(98), None, "latest claim at the time of the report"),
    ("between", Decimal(10000), Decimal(13000), "in the past 24 hours"),
    ("about", Decimal(130000), None, "in all"),
    ("exact", Decimal(100000), None, "at the time of the report"),
    ("exact", Decimal(2200), None, "since the start of the renewed offensive"),
    ("at_least", Decimal(413), None, "since 15 November"),
    ("exact", Decimal(139), None, "since 15 November"),
]


def test_the_seed_figures_are_those_of_the_seed_file():
    from django.conf import settings

    document = json.loads((settings.SEEDS_DIR / "aleppo-december-2016.json").read_text())
    recorded = {
        (f["qualifier"], f["low"], f["high"], f["period"])
        for claim in document["events"][0]["claims"]
        for f in claim["figures"]
    }
    assert recorded == {
        (q, low if low is None else int(low), high if high is None else int(high), period)
        for q, low, high, period in SEED_FIGURES
    }


def test_the_seed_report_gives_six_of_its_seven_figures_unchanged():
    suggested = set(figures_of(suggest_claims(corpus("aleppo-report.txt"))))
    found = [figure for figure in SEED_FIGURES if figure in suggested]
    assert len(found) >= 6, set(SEED_FIGURES) - suggested
    # The one it misses: the report gives the 98% no period; the seed's editor wrote one.
    assert set(SEED_FIGURES) - set(found) <= {SEED_FIGURES[0]}


def test_the_seed_report_names_its_speakers_with_their_roles():
    speakers = {
        (s.speaker_name, s.speaker_role)
        for s in suggest_claims(corpus("aleppo-report.txt"))
        if s.speaker_name
    }
    assert {
        ("Rami Abdulrahman", "director"),
        ("Riad Hijab", "chief opposition coordinator"),
        ("Sergei Ryabkov", "deputy foreign minister"),
    } <= speakers


def test_the_413_in_the_east_has_its_start_date_from_the_text():
    (killed,) = [
        f for s in suggest_claims(corpus("aleppo-report.txt")) for f in s.figures if f.low == 413
    ]
    assert (killed.period, killed.period_start) == ("since 15 November", date(2016, 11, 15))
    assert (killed.unit, killed.counted, killed.place) == (
        "people",
        "civilians killed",
        "east Aleppo",
    )


def test_a_compound_sentence_gives_a_claim_for_each_figure_sharing_its_words():
    suggestions = [
        s for s in suggest_claims(corpus("aleppo-report.txt")) if "413" in s.sentence.text
    ]
    assert [s.figures[0].low for s in suggestions] == [413, 139]
    assert len({(s.start, s.end) for s in suggestions}) == 1
    assert suggestions[1].figures[0].counted == "civilians killed"


SEED_SOURCES = [
    KnownSource(slug, tuple(names.split("|")))
    for slug, names in {
        "syrian-observatory-for-human-rights": "Syrian Observatory for Human Rights"
        "|the Observatory|UK-based monitor",
        "russian-government": "Russian government|Moscow|the Russians",
        "russian-defence-ministry": "Russian defence ministry|Russia's Defence Ministry",
        "russian-foreign-ministry": "Russian foreign ministry|Foreign Minister",
        "syrian-opposition": "Syrian opposition|opposition coordinator",
    }.items()
]


@pytest.mark.parametrize(
    "words, source, stance",
    [
        ("Moscow denied any such deal", "russian-government", "denies"),
        ("Russia's Defence Ministry said 2,200", "russian-defence-ministry", "affirms"),
        ("Sergei Ryabkov said", "russian-foreign-ministry", "affirms"),
        ("Riad Hijab said", "syrian-opposition", "affirms"),
        ("a UK-based monitor has said", "syrian-observatory-for-human-rights", "affirms"),
    ],
)
def test_speakers_are_matched_to_sources_by_name_or_alias(words, source, stance):
    (suggestion, *_) = [
        s
        for s in suggest_claims(corpus("aleppo-report.txt"), SEED_SOURCES)
        if words in s.sentence.text
    ]
    assert (suggestion.source, suggestion.stance) == (source, stance)


def test_a_quote_keeps_its_exact_place_in_the_text():
    text = corpus("aleppo-report.txt")
    (terrifying,) = [s for s in suggest_claims(text) if s.quote == "terrifying"]
    assert text[terrifying.start : terrifying.end] == "terrifying"
    for suggestion in suggest_claims(text):
        assert text[suggestion.start : suggestion.end] in suggestion.sentence.text


def test_sentences_keep_their_offsets_and_never_cross_paragraphs():
    text = corpus("aleppo-report.txt")
    for sentence in sentences_of(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text


# Fictional articles ---------------------------------------------------------------------------


def test_a_fictional_flood_report_gives_its_claims():
    suggestions = suggest_claims(corpus("placeville-floods.txt"), reference_date=date(2031, 3, 9))
    assert figures_of(suggestions) == [
        ("at_least", 40, None, "since 3 March"),
        ("between", 12000, 15000, "in the past 48 hours"),
        ("exact", 12, None, ""),
        ("at_most", None, 200, "at the time of the report"),
        ("about", 3000, None, ""),
    ]
    minister = next(s for s in suggestions if s.speaker_name == "Sam Sample")
    assert (minister.speaker_role, minister.via) == ("interior minister", "told Example Radio")
    director = next(s for s in suggestions if s.speaker_name == "Alex Example")
    assert director.speaker_role == "director"
    dam = next(s for s in suggestions if s.quote)
    assert (dam.quote, dam.speaker_name) == ("The dam held,", "Sam Sample")  # "he said"


def test_a_fictional_harvest_report_reads_words_percent_and_scale():
    suggestions = suggest_claims(corpus("northland-harvest.txt"), reference_date=date(2031, 9, 1))
    assert figures_of(suggestions) == [
        ("at_least", 200, None, "overnight"),
        ("between", 15, 20, ""),
        ("at_most", None, 1500000, "since Monday"),
    ]
    assert [f.unit for s in suggestions for f in s.figures] == ["people", "%", "litres"]
    mayor = next(s for s in suggestions if s.speaker_name)
    assert (mayor.speaker_name, mayor.speaker_role) == ("Pat Placeholder", "mayor")
    silent = suggestions[-1]
    assert (silent.stance, silent.new_source) == ("no_comment", "Northland Grain Board")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Up to 50 people were hurt.", ("at_most", None, 50)),
        ("Nearly 70 people were hurt.", ("at_most", None, 70)),
        ("No fewer than 9 soldiers died.", ("at_least", 9, None)),
        ("Some 2.5 million people fled.", ("about", Decimal("2500000"), None)),
        ("Thirteen thousand people fled.", ("exact", 13000, None)),
        ("The toll rose to 1,204 dead.", ("exact", 1204, None)),
        ("Between 5% and 7% of homes were lost.", ("between", 5, 7)),
    ],
)
def test_qualifiers_and_values_are_read_as_a_newsroom_writes_them(sentence, expected):
    (figure,) = figures_in(sentence)
    assert (figure.qualifier, figure.low, figure.high) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The photograph was taken on Tuesday, Dec. 6, 2016.",
        "At 11.50pm Irish time the shelling stopped.",
        "Service is mandatory for men over the age of 18.",
        "The siege has lasted for over four years.",
        "One of the officials said so.",
        "Fighting stopped an hour before a 36-hour truce began.",
        "Guards found a 9-year-old boy near the river.",
        "The firm holds the mine under a 25-year lease.",
        "Residents can call the helpline on 0700 321 4455 at any hour.",
        "The helpline, 0700 321 4455, is open to everyone.",
        "A magnitude 4.8 quake shook the valley.",
        "The council voted to lift the pension age to 68 next spring.",
        "Former mayor Ilse Quandry, 58, denied the charges.",
        "Police closed Route 14 in both directions.",
        "The council cited Resolution 3310 in its appeal.",
    ],
)
def test_dates_times_ages_durations_and_names_are_not_figures(sentence):
    assert figures_in(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "lows"),
    [
        ("In Lorvan, 86 people were killed.", [86]),
        ("The agency said 30 homes were lost in 48 hours.", [30]),
        ("Flight crews said 40 passengers were hurt on Route 6.", [40]),
        ("The party won 54.2% of the vote.", [Decimal("54.2")]),
        ("Turnout was 62 percent, up from 58 percent.", [62, 58]),
        ("Inflation reached an annual rate of 10.8 percent.", [Decimal("10.8")]),
        ("Police put the crowd at 38,000.", [38000]),
        ("The strike began on 6 March.", []),
        ("The talks resume at 11 tomorrow.", []),
    ],
)
def test_a_count_beside_a_name_a_time_or_a_preposition_is_still_a_figure(sentence, lows):
    assert [figure.low for figure in figures_in(sentence)] == lows


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Losses could be as high as $120 million.", ("at_most", None, 120_000_000, "USD")),
        ("The firm paid about $4.2 million.", ("about", 4_200_000, None, "USD")),
        ("The fund holds 3.5bn talar.", ("exact", 3_500_000_000, None, "talar")),
        ("Rents rose below 9 percent.", ("at_most", None, 9, "%")),
        ("Dozens of people were hurt.", ("at_least", 24, None, "people")),
        ("Tens of thousands of people marched.", ("at_least", 20_000, None, "people")),
        ("Voters found a dozen schools shut.", ("exact", 12, None, "schools")),
        ("The mission sent 240 observers.", ("exact", 240, None, "people")),
    ],
)
def test_money_bounds_and_multiples_are_read_with_their_unit(sentence, expected):
    (figure,) = figures_in(sentence)
    assert (figure.qualifier, figure.low, figure.high, figure.unit) == expected


def test_number_words_and_digits_are_read_alike():
    assert parse_value("thirteen thousand") == parse_value("13,000") == 13000
    assert parse_value("2.5 million") == Decimal("2500000")


def test_suggest_claims_prints_the_interchange_names(db, tmp_path):
    out = io.StringIO()
    call_command("suggest_claims", str(CORPUS / "aleppo-report.txt"), stdout=out)
    suggestions = json.loads(out.getvalue())
    keys = {"quote", "start", "end", "speaker_name", "speaker_role", "via", "stance", "source"}
    assert all(keys <= set(s) for s in suggestions)
    figure = next(f for s in suggestions for f in s["figures"] if f["low"] == 413)
    assert figure == {
        "qualifier": "at_least",
        "low": 413,
        "high": None,
        "unit": "people",
        "counted": "civilians killed",
        "place": "east Aleppo",
        "period": "since 15 November",
        "period_start": "2016-11-15",
        "period_end": "2016-12-06",  # the report's date: the latest it writes in full
    }


# Long texts ---------------------------------------------------------------------------------


def test_a_long_paragraph_is_split_into_the_same_sentences_in_pieces():
    said = [f"Source {n} said at least {n + 400} people died in the valley." for n in range(400)]
    paragraph = " ".join(said)  # 24,000 characters: read in pieces
    sentences = sentences_of(paragraph)
    assert [s.text for s in sentences] == said
    assert all(paragraph[s.start : s.end] == s.text for s in sentences)


def test_a_sentence_thousands_of_characters_long_is_cut_and_never_read_whole():
    endless = " ".join(["Source 17 said 413 people died in Town 4 and"] * 200)  # 9,000
    sentences = sentences_of(endless)
    assert len(sentences) > 1 and all(len(s.text) <= 3_000 for s in sentences)
    assert all(endless[s.start : s.end] == s.text for s in sentences)
    assert all(len(s.sentence.text) <= 2_000 for s in suggest_claims(endless))


@pytest.mark.parametrize(
    "words",
    [
        '"We saw 40 boats on the river. The rest sank,"',
        "Which runs three clinics in the valley",
        "It",
        "The officials who met the delegation at the border crossing late last night",
    ],
)
def test_a_quotation_a_pronoun_or_a_clause_is_never_a_new_source(words):
    assert not could_name_a_party(words)


def test_a_party_named_in_words_can_be_a_new_source():
    assert could_name_a_party("Valley relief committee")


# Attribution, form by form: sentences written for these tests, every name made up --------------


def parties(text, sources=()):
    return [
        (s.source or s.new_source, s.speaker_name, s.stance, [f.low or f.high for f in s.figures])
        for s in suggest_claims(text, sources)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The ministry said 500 people died, but the monitor said at least 700 had been killed.",
            [("", "", "affirms", [500]), ("", "", "affirms", [700])],  # which ministry?
        ),
        (
            "According to the Green Crescent, 4,500 families have fled the valley.",
            [("Green Crescent", "", "affirms", [4500])],
        ),
        (
            "The army rejected reports that 400 people had died.",
            [("Army", "", "denies", [400])],
        ),
        (
            "Dara Venn, a spokeswoman for the Harbour Alliance, said 90 boats were lost.",
            [("Harbour Alliance", "Dara Venn", "affirms", [90])],
        ),
        (
            "The relief board's director, Omar Tesk, confirmed that 15 more deaths were "
            "recorded but denied that the toll was anywhere near 90.",
            [
                ("Relief board", "Omar Tesk", "affirms", [15]),
                ("Relief board", "Omar Tesk", "denies", [90]),
            ],
        ),
        (
            '"Nobody has left the camp," said Ilse Marn, the mission\'s field director.',
            [("", "Ilse Marn", "affirms", [])],  # the mission is not named
        ),
        (
            "Fisheries Minister Paul Rask was quoted as saying by the news agency Nordpress that "
            "3,000 tonnes were landed.",
            [("Fisheries Ministry", "Paul Rask", "affirms", [3000])],
        ),
        (
            "Harbour police put the crowd at 12,000.",
            [("Harbour police", "", "affirms", [12000])],
        ),
        (
            "The Valley Water Board, which runs the dams, did not respond to a request.",
            [("Valley Water Board", "", "no_comment", [])],
        ),
        (
            "Officials in Ostmark declined to comment.",
            [("Ostmark authorities", "", "no_comment", [])],
        ),
        ("The ministry has not confirmed the figure.", []),
    ],
)
def test_each_party_of_a_sentence_gets_its_own_claim(text, expected):
    assert parties(text) == expected


def test_a_pronoun_and_a_quote_across_sentences_are_given_to_the_person_named_before():
    text = (
        "Union leader Mara Hollis told reporters that 2,000 workers had walked out.\n"
        '"We will not go back. The port is closed," she said.\n'
        'She called the company\'s figures "a lie".'
    )
    assert parties(text) == [
        ("", "Mara Hollis", "affirms", [2000]),  # which union?
        ("", "Mara Hollis", "affirms", []),
        ("", "Mara Hollis", "denies", []),
    ]


def test_the_ministry_named_again_is_the_ministry_named_before():
    text = (
        "The regional health ministry said 40 people had died.\n"
        "The ministry's spokesman, Tor Amsel, said 12 more were missing."
    )
    assert [party for party, *_ in parties(text)] == ["Regional health ministry"] * 2


def test_figures_no_one_gives_are_the_agencys_own():
    text = "HARLOW, Jan 3 (Wire) - Floods cut 14 roads on Tuesday.\nThe river is 80 km long."
    assert [(party, stance) for party, _, stance, _ in parties(text)] == [("Wire", "")] * 2


def test_a_title_shared_across_countries_names_no_source_of_another_country():
    ministry = KnownSource(
        "north-foreign-ministry", ("Northish foreign ministry", "Foreign Minister")
    )
    assert parties("Northish Foreign Minister Al Tay said 20 people died.", [ministry])[0][0] == (
        "north-foreign-ministry"
    )
    assert parties("Southish Foreign Minister Al Tay said 20 people died.", [ministry])[0][0] == (
        "Southish Foreign Ministry"
    )


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Officials recorded 112 new cases.", ("exact", 112, None, "cases")),
        ("Observers saw a dozen polling stations shut.", ("exact", 12, None, "polling stations")),
        ("At least 140 homes were destroyed.", ("at_least", 140, None, "buildings")),
        ("Monitors counted 37 violations.", ("exact", 37, None, "incidents")),
        ("The toll was anywhere near 90.", ("about", 90, None, "people")),
        (
            "Nearly 5,000 suspected cholera patients were treated.",
            ("at_most", None, 5000, "people"),
        ),
    ],
)
def test_a_figure_counts_the_noun_its_phrase_ends_with(sentence, expected):
    (figure,) = figures_in(sentence)
    assert (figure.qualifier, figure.low, figure.high, figure.unit) == expected


def test_an_earlier_value_is_a_figure_of_the_same_thing():
    lows = [
        (f.low, f.unit)
        for f in figures_in("Cases rose to 1,240 cases, up from 980 the day before.")
    ]
    assert lows == [(1240, "cases"), (980, "cases")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "LONDON (Wire) - Figures from the Northland Statistics Office showed 40 schools shut.",
            [("Northland Statistics Office", "", "affirms", [40])],
        ),
        ("The ministry declined to give a figure.", [("", "", "no_comment", [])]),
        ("The group said 30 people were hurt.", [("", "", "affirms", [30])]),
        (
            "The harbour board estimated the damage at $5 million.",
            [("Harbour board", "", "affirms", [5_000_000])],
        ),
    ],
)
def test_figures_from_a_body_an_estimate_a_refusal_and_a_word_that_names_no_one(text, expected):
    assert parties(text) == expected


def test_what_a_defendant_is_accused_of_is_the_prosecutions_and_their_denial_theirs():
    text = (
        "Former port director Lev Amsel, 58, went on trial on Monday accused of taking "
        "$2 million in bribes, charges he denies."
    )
    assert parties(text) == [
        ("Prosecution", "", "affirms", [2_000_000]),
        ("Lev Amsel", "Lev Amsel", "denies", []),
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The firm lost 40k customers.", ("exact", 40_000, None, "customers")),
        ("It raised $7.2M last year.", ("exact", 7_200_000, None, "USD")),
        ("Each phone has 16GB of memory.", ("exact", 16, None, "GB")),
        ("The road is 120 km to 150 km long.", ("between", 120, 150, "km")),
        ("Prices ranged from $5 to $9.", ("between", 5, 9, "USD")),
        ("Under 50 people came.", ("at_most", None, 50, "people")),
        ("Debt hit $1.2 trillion.", ("exact", 1_200_000_000_000, None, "USD")),
        ("The 2004 plan cost $3 million.", ("exact", 3_000_000, None, "USD")),
    ],
)
def test_numbers_glued_to_units_ranges_with_units_and_years_before_nouns(sentence, expected):
    (figure,) = figures_in(sentence)
    assert (figure.qualifier, figure.low, figure.high, figure.unit) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "They were aged from 18 to 30.",
        "It happened in the 1990s.",
        "He came at 11am on the 3rd.",
        "The constitution limits presidents to two terms.",
        "Call 112 for help.",
        "The hosts won a 5-0 victory.",
    ],
)
def test_ages_decades_times_ordinals_terms_numbers_to_call_and_scores_are_not_figures(sentence):
    assert figures_in(sentence) == []


def test_a_body_named_after_its_kind_its_heads_of_department_and_a_toll_called_an_insult():
    text = (
        "Energy company Nordlicht said power was cut to 23,000 homes.\n"
        "Its head of operations, Per Lund, said the real number of displaced was closer to "
        "12,000.\n"
        'The Green Party called the official toll of four dead "an insult".'
    )
    assert parties(text) == [
        ("Nordlicht", "", "affirms", [23_000]),
        ("Nordlicht", "Per Lund", "affirms", [12_000]),
        ("Green Party", "", "denies", [4]),
    ]


def test_a_person_with_no_organisation_speaks_as_what_the_copy_calls_them():
    (said,) = suggest_claims("Eda Runn, a farmer in the village of Kell, said 300 sheep died.")
    assert (said.new_source, said.speaker_name, said.speaker_role) == (
        "Farmer",
        "Eda Runn",
        "farmer",
    )
    (said,) = suggest_claims("Eda Runn, a 34-year-old festival-goer from Brelin, said 300 fell.")
    assert (said.new_source, said.speaker_role) == ("Festival-goer", "festival-goer")


def test_words_relayed_by_another_party_are_theirs_through_it():
    (told,) = suggest_claims(
        "Survivors told aid workers that up to 120 people were on board, according to "
        "Harbour Light, a charity."
    )
    assert (told.new_source, told.via, told.figures[0].high) == ("Survivors", "Harbour Light", 120)


def test_an_office_of_a_named_body_speaks_for_that_body():
    text = (
        '"Rates will rise," said Ula Brant, the governor of the Bank of Ostmark, in testimony.\n'
        "A Bank of Ostmark spokesman declined to comment."
    )
    assert [party for party, *_ in parties(text)] == ["Bank of Ostmark"] * 2


@pytest.mark.parametrize(("language", "reads"), [("en", True), ("en-GB", True), ("fr", False)])
def test_the_english_rules_read_english_text_only(language, reads):
    suggestions = suggest_claims(corpus("placeville-floods.txt"), language=language)
    assert bool(suggestions) == reads


def test_suggest_claims_command_suggests_nothing_for_another_language(db):
    out = io.StringIO()
    call_command(
        "suggest_claims", str(CORPUS / "placeville-floods.txt"), "--language", "fr", stdout=out
    )
    assert json.loads(out.getvalue()) == []


def test_a_speaker_named_after_their_role_a_body_named_by_its_place_and_reported_orders():
    text = (
        '"We have no more room," said the commission\'s chairwoman, Ada Rusk.\n'
        "The health ministry in Garrow said that 212 cases had been confirmed.\n"
        "A statement from the presidency said the president had ordered an inquiry."
    )
    assert [(party, name, stance) for party, name, stance, _ in parties(text)] == [
        ("", "Ada Rusk", "affirms"),  # which commission?
        ("Garrow health ministry", "", "affirms"),
        ("Presidency", "", "affirms"),
    ]


def test_words_around_the_party_are_not_the_party():
    text = (
        "Speaking to reporters on Tuesday, Interior Minister Ola Vent said 40 people had died.\n"
        "The Lake Board, speaking through its lawyers, said 300 homes were flooded.\n"
        "The figures, released by the health ministry on Monday, showed 40 deaths."
    )
    assert [(party, name) for party, name, *_ in parties(text)] == [
        ("Interior Ministry", "Ola Vent"),
        ("Lake Board", ""),
        ("Health ministry", ""),
    ]
