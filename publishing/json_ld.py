"""schema.org markup (JSON-LD) for claim and comparison pages, as fact-checking tools read it."""

from claims.languages import content_language


def claim_json_ld(claim, url, corrections=()):
    """A schema.org Claim (without @context: see json_ld_page), with its public corrections
    as schema.org's CorrectionComment."""
    data = {
        "@type": "Claim",
        "url": url,
        "text": claim.quote or claim.summary,
        "inLanguage": claim.quote_lang if claim.quote else content_language(),
        "author": {
            "@type": "Person" if claim.speaker_name else "Organization",
            "name": claim.speaker_name or claim.source.name,
        },
        "about": claim.question.text,
    }
    if claim.quote_translation:
        # The newsroom's translation, as schema.org relates a work to its translations.
        data["workTranslation"] = {
            "@type": "Claim",
            "text": claim.quote_translation,
            "inLanguage": content_language(),
        }
        if claim.translated_by:
            data["workTranslation"]["translator"] = {"name": claim.translated_by}
    if claim.speaker_name:
        data["author"]["affiliation"] = {"@type": "Organization", "name": claim.source.name}
    if claim.stated_on:
        data["datePublished"] = claim.stated_on.isoformat()
    if claim.article:
        appearance = {"@type": "CreativeWork", "headline": claim.article.title}
        if claim.article.url:
            appearance["url"] = claim.article.url
        if claim.article.outlet:
            appearance["publisher"] = {"@type": "Organization", "name": claim.article.outlet}
        if claim.article.published_on:
            appearance["datePublished"] = claim.article.published_on.isoformat()
        data["appearance"] = appearance
    public = [correction for correction in corrections if correction.is_correction]
    if public:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.public_text(),
                "datePublished": correction.made_at.isoformat(),
            }
            for correction in public
        ]
    return data


def event_json_ld(comparison, site_url):
    """Every claim of a comparison as schema.org Claims."""
    return json_ld_page(
        [claim_json_ld(claim, site_url + claim.get_absolute_url()) for claim in comparison.timeline]
    )


def json_ld_page(items):
    """The JSON-LD of a page about the given schema.org items."""
    return {"@context": "https://schema.org", "@graph": items}
