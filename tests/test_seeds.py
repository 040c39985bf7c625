"""The Aleppo seed: every claim of the report, loaded exactly, and loading twice changes nothing."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims.interchange import InvalidDocument, load_document, stream_document
from claims.models import Article, Claim, Event, Figure, Question, Source

pytestmark = pytest.mark.django_db

SOHR = "syrian-observatory-for-human-rights"


def seed_document():
    path = settings.SEEDS_DIR / "aleppo-december-2016.json"
    return json.loads(path.read_text(encoding="utf-8"))


def figure_of(claim_slug):
    claim = Claim.objects.get(slug=claim_slug)
    (figure,) = claim.figures.all()
    return claim, figure


def test_seed_has_every_claim_of_the_report(seeded):
    assert Claim.objects.count() == 25
    assert Event.objects.get().slug == "aleppo-december-2016"
    assert Question.objects.count() == 18
    kinds = set(Claim.objects.values_list("stance", flat=True))
    assert {"affirms", "denies", "no_comment", ""} <= kinds


def test_observatory_130000_in_all(seeded):
    claim, figure = figure_of("sohr-civilians-fled-total")
    assert claim.source.slug == SOHR
    assert (figure.qualifier, figure.low, figure.high) == ("about", Decimal(130000), None)
    assert str(figure) == "about 130,000 people"


def test_observatory_10000_to_13000_in_the_past_24_hours(seeded):
    claim, figure = figure_of("sohr-civilians-fled-24-hours")
    assert claim.source.slug == SOHR
    assert str(figure) == "10,000–13,000 people"
    assert figure.period == "in the past 24 hours"
    assert figure.place == "eastern Aleppo"


def test_russian_defence_ministry_100000_remain_and_2200_laid_down_weapons(seeded):
    remain, remain_figure = figure_of("russian-defence-ministry-civilians-remain")
    weapons, weapons_figure = figure_of("russian-defence-ministry-rebels-laid-down-weapons")
    assert remain.source.slug == weapons.source.slug == "russian-defence-ministry"
    assert remain.source.parent.slug == "russian-government"
    assert str(remain_figure) == "100,000 people"
    assert str(weapons_figure) == "2,200 people"
    assert weapons_figure.period == "since the start of the renewed offensive"


def test_observatory_at_least_413_killed_in_east_since_15_november(seeded):
    claim, figure = figure_of("sohr-civilians-killed-east")
    assert claim.speaker_name == ""  # the report does not name who gave the toll
    assert str(figure) == "at least 413 people"
    assert figure.qualifier == Figure.Qualifier.AT_LEAST
    assert figure.period == "since 15 November"
    assert str(figure.period_start) == "2016-11-15"


def test_observatory_139_killed_in_west(seeded):
    claim, figure = figure_of("sohr-civilians-killed-west")
    assert claim.source.slug == SOHR
    assert str(figure) == "139 people"
    assert figure.place == "western Aleppo"
    assert "rocket fire" in figure.counted


def test_syrian_army_claims_98_percent(seeded):
    claim, figure = figure_of("syrian-army-holds-98-percent")
    assert claim.source.slug == "syrian-army"
    assert str(figure) == "98%"


def test_safe_passage_affirmed_by_rebel_officials_denied_by_moscow(seeded):
    stances = {
        (claim.source.slug, claim.stance)
        for claim in Claim.objects.filter(question__slug="safe-passage").select_related("source")
    }
    assert stances == {("aleppo-rebel-groups", "affirms"), ("russian-government", "denies")}
    officials = Claim.objects.get(slug="rebel-officials-safe-passage-letter")
    assert officials.speaker_role == "three officials with rebel groups in Aleppo"
    assert officials.via == "told Reuters"


def test_observatory_director_is_the_speaker(seeded):
    claim = Claim.objects.get(slug="sohr-battle-ended")
    assert claim.speaker == "Rami Abdulrahman, director"
    assert claim.quote == "has reached its end"


def test_no_comment_from_damascus_and_moscow(seeded):
    no_comment = Claim.objects.filter(stance="no_comment").values_list("source__slug", flat=True)
    assert sorted(no_comment) == ["russian-government", "syrian-government"]


def test_article_outlet_and_url_are_unknown_not_guessed(seeded):
    article = Article.objects.get()
    assert article.outlet == article.url == ""
    assert article.published_on is None
    assert Claim.objects.filter(article=article).count() == 25


def test_loading_twice_changes_nothing(seeded):
    history_rows = Claim.history.count() + Figure.history.count() + Source.history.count()
    report = load_document(seed_document())
    assert not report.changed_anything
    assert report.unchanged["claims"] == 25
    assert Claim.history.count() + Figure.history.count() + Source.history.count() == history_rows


def test_seed_file_is_what_the_exporter_writes(seeded):
    """The seed file is in canonical form: loading and exporting it gives it back, byte for byte."""
    path = settings.SEEDS_DIR / "aleppo-december-2016.json"
    exported = "".join(stream_document(Claim.objects.all()))
    assert exported == path.read_text(encoding="utf-8")


def test_load_seeds_command_reports_what_it_did(db, capsys):
    call_command("load_seeds")
    assert "created: 1 article, 25 claims" in capsys.readouterr().out
    call_command("load_seeds")
    assert "unchanged: 1 article, 25 claims" in capsys.readouterr().out


def test_reloading_an_edited_document_updates_only_what_changed(seeded):
    document = seed_document()
    claims = document["events"][0]["claims"]
    killed_east = next(claim for claim in claims if claim["slug"] == "sohr-civilians-killed-east")
    killed_east["figures"][0]["low"] = 420
    report = load_document(document)
    assert report.updated == {"figures": 1}
    assert (
        str(Figure.objects.get(claim__slug="sohr-civilians-killed-east")) == "at least 420 people"
    )


def test_document_with_errors_writes_nothing_and_names_every_error(db):
    document = seed_document()
    claims = document["events"][0]["claims"]
    index = {claim["slug"]: number for number, claim in enumerate(claims)}
    battle_ended = index["sohr-battle-ended"]
    fled = index["sohr-civilians-fled-24-hours"]
    remain = index["russian-defence-ministry-civilians-remain"]
    claims[battle_ended]["source"] = "no-such-source"
    claims[fled]["figures"][0]["high"] = 5  # below its low of 10,000
    del claims[remain]["summary"]
    with pytest.raises(InvalidDocument) as raised:
        load_document(document)
    paths = [path for path, _ in raised.value.errors]
    assert f"$.events[0].claims[{battle_ended}].source" in paths
    assert f"$.events[0].claims[{fled}].figures[0].high" in paths
    assert f"$.events[0].claims[{remain}].summary" in paths
    assert "below the low value" in str(raised.value)
    assert not Source.objects.exists() and not Claim.objects.exists()


def test_wrong_version_is_refused(db):
    document = seed_document()
    document["version"] = 99
    with pytest.raises(InvalidDocument, match="expected 1, 2, 3 or 4, got 99"):
        load_document(document)


def test_load_seeds_command_fails_cleanly_on_bad_file(db, tmp_path):
    (tmp_path / "broken.json").write_text('{"format": "claimtracker", "version": 1,', "utf-8")
    with pytest.raises(CommandError, match="broken.json:1: not valid JSON"):
        call_command("load_seeds", directory=tmp_path)
