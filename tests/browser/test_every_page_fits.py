"""Every page of the tour, in Chromium, on a phone (390 px), a tablet (768 px) and a laptop
(1366 px), in English and in Arabic, with the Aleppo seed loaded:

- the page is no wider than the window: nothing makes the reader scroll sideways;
- no element or run of text sticks out of the window on either side (where, right to left, it
  could not even be scrolled to);
- every label of a chart lies inside its chart, and no two labels of a chart overlap;
- axe finds no accessibility violation.

Something wider than a phone (a wide table, a chart that needs its width to stay readable) may
scroll sideways inside its own box, if the page says so: a *declared scroll box* is an element
whose computed overflow-x is auto or scroll and that carries the `data-scrolls` attribute (with
role="region", an aria-label and tabindex="0", so that it is named and can be scrolled from the
keyboard). What is inside one is not held to the window's width. Visually hidden text (the
`.visually-hidden` pattern, clipped to nothing) and the skip link until it is focused are not
held to it either.

The seed is loaded with two claims of its article in review (one waiting, one sent back), so
that the review pages show what they are for. Each page is loaded once per width and language;
the four tests read what was measured then.
"""

import os

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from claims import review
from claims.models import Article, Claim, Event, Question, Source
from claims.roles import EDITORS, ensure_roles
from tests.browser.chromium import log_in
from tests.browser.conftest import AXE
from tests.data_copies import load_seeds
from tests.factories import make_claim

WIDTHS = [390, 768, 1366]
LANGUAGES = ["en", "ar"]
EVENT = "aleppo-december-2016"
ARTICLE = "human-rights-monitor-says-battle-for-aleppo-has-reached-its-end"
SOURCE = "syrian-observatory-for-human-rights"
CLAIM = "moscow-denies-safe-passage-deal"
QUESTION = "civilians-killed-east"
EDITOR, EDITOR_PASSWORD = "page-editor", "page-editor-pass-1"


def claim_url():
    return Claim.objects.get(slug=CLAIM).get_absolute_url()


def admin_claim_url():
    return reverse("admin:claims_claim_change", args=[Claim.objects.get(slug=CLAIM).pk])


# name: (address or a function of the seeded database giving it, seen as an editor?)
PAGES = {
    "home": ("/", False),
    "comparison": (f"/events/{EVENT}/", False),
    "sources": ("/sources/", False),
    "source": (f"/sources/{SOURCE}/", False),
    "claim-browser": ("/claims/", False),
    "claim": (claim_url, False),
    "article": (f"/articles/{ARTICLE}/", False),
    "corrections": ("/corrections/", False),
    "event-embed": (f"/events/{EVENT}/embed/", False),
    "question-embed": (f"/events/{EVENT}/embed/{QUESTION}/", False),
    "api-docs": ("/api/", False),
    "desk": ("/desk/", True),
    "desk-article": (f"/desk/articles/{ARTICLE}/", True),
    "review-queue": ("/review/", True),
    "review-article": (f"/review/articles/{ARTICLE}/", True),
    "admin-index": (lambda: reverse("admin:index"), True),
    "admin-claim": (admin_claim_url, True),
    "token": (lambda: reverse("api:token"), True),
}

# Known defects, marked so that the rest still runs: {check: {page: (reason, widths)}}, in both
# languages. None today; a defect found and not fixed at once goes here with its reason.
KNOWN = {"fits": {}, "nothing_sticks_out": {}, "charts": {}, "axe": {}}


def cases(check):
    def marks(name, width):
        reason, widths = KNOWN[check].get(name, (None, []))
        return [pytest.mark.xfail(reason=reason, strict=False)] if width in widths else []

    return [
        pytest.param(
            name, width, language, id=f"{name}-{width}px-{language}", marks=marks(name, width)
        )
        for name in PAGES
        for language in LANGUAGES
        for width in WIDTHS
    ]


MEASURE = """() => {
    const width = window.innerWidth;
    const scrollBox = element => {
        const box = element.closest('[data-scrolls]');
        return box && /auto|scroll/.test(getComputedStyle(box).overflowX) ? box : null;
    };
    const hidden = element => {
        for (let at = element; at && at !== document.documentElement; at = at.parentElement) {
            const style = getComputedStyle(at);
            if (style.visibility === 'hidden' || style.display === 'none') return true;
            if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)')
                return true;
            const box = at.getBoundingClientRect();
            if (style.overflow === 'hidden' && box.width <= 1 && box.height <= 1) return true;
        }
        return false;
    };
    // A line the page ends with an ellipsis (or clamps) inside a box that fits the window
    // shows nothing past that box's edge, and the reader sees that it was cut. Content clipped
    // silently still counts as sticking out.
    const clippedInside = element => {
        for (let at = element; at && at !== document.body; at = at.parentElement) {
            const style = getComputedStyle(at);
            if (!/hidden|clip/.test(style.overflowX)) continue;
            const cue = style.textOverflow === 'ellipsis'
                || (style.webkitLineClamp && style.webkitLineClamp !== 'none');
            if (!cue) continue;
            const box = at.getBoundingClientRect();
            if (box.right <= width + 1 && box.left >= -1) return true;
        }
        return false;
    };
    const describe = element => {
        let name = element.tagName.toLowerCase();
        if (element.id) name += '#' + element.id;
        else if (element.classList.length) name += '.' + [...element.classList].join('.');
        const parent = element.parentElement;
        if (parent && !element.id) {
            let where = parent.tagName.toLowerCase();
            if (parent.id) where += '#' + parent.id;
            else if (parent.classList.length) where += '.' + [...parent.classList].join('.');
            name = where + ' > ' + name;
        }
        return name;
    };
    const out = [];
    const seen = new Set();
    const check = (box, element, what) => {
        if (box.width === 0 && box.height === 0) return;
        if (box.right <= width + 1 && box.left >= -1) return;
        if (scrollBox(element) || hidden(element) || clippedInside(element)) return;
        const name = what + describe(element);
        if (seen.has(name)) return;
        seen.add(name);
        out.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)}px`);
    };
    for (const element of document.body.querySelectorAll('*')) {
        // A scroll box's own box must fit; what is inside it may not.
        check(element.getBoundingClientRect(), element, '');
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || node.parentElement.closest('svg, script, style')) continue;
        range.selectNodeContents(node);
        check(range.getBoundingClientRect(), node.parentElement, 'text in ');
    }

    const charts = [];
    for (const svg of document.querySelectorAll('svg')) {
        const frame = svg.getBoundingClientRect();
        if (!frame.width || hidden(svg)) continue;
        const chart = svg.getAttribute('aria-labelledby')
            || svg.closest('[id]')?.id || describe(svg);
        const labels = [...svg.querySelectorAll('text')]
            .filter(text => text.textContent.trim())
            .map(text => ({text: text.textContent.trim(), box: text.getBoundingClientRect()}))
            .filter(label => label.box.width > 0);
        for (const {text, box} of labels) {
            if (box.left < frame.left - 1 || box.right > frame.right + 1
                || box.top < frame.top - 1 || box.bottom > frame.bottom + 1)
                charts.push(`in ${chart}, "${text}" is cut off by the chart's edge`);
        }
        for (let i = 0; i < labels.length; i++) {
            for (let j = i + 1; j < labels.length; j++) {
                const a = labels[i].box, b = labels[j].box;
                const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (across > 1 && down > 1)
                    charts.push(`in ${chart}, "${labels[i].text}" overlaps "${labels[j].text}"`);
            }
        }
    }
    return {
        documentWidth: document.documentElement.scrollWidth,
        windowWidth: width,
        sticksOut: out,
        charts,
    };
}"""


def claims_in_review(editor):
    """Something in each part of the review queue: a colleague's claim waiting, and one of the
    editor's own sent back with a comment."""
    article = Article.objects.get(slug=ARTICLE)
    question = Question.objects.get(event__slug=EVENT, slug="battle-ended")
    colleague = User.objects.create_user(
        "second-page-editor", "second-page-editor@example.org", is_staff=True,
        first_name="Editor", last_name="Two",
    )  # fmt: skip
    colleague.groups.add(Group.objects.get(name=EDITORS))
    waiting = make_claim(
        question=question,
        source=Source.objects.get(slug="reuters"),
        article=article,
        state=Claim.State.DRAFT,
        author=colleague,
        slug="fighting-stopped-in-the-east",
        summary="Says the fighting in the east of the city has stopped, a witness told it",
    )
    review.submit([waiting], colleague)
    returned = make_claim(
        question=question,
        source=Source.objects.get(slug="syrian-government"),
        article=article,
        state=Claim.State.DRAFT,
        author=editor,
        slug="army-holds-the-east",
        summary="Says the army holds every district of the east",
    )
    review.submit([returned], editor)
    review.take([returned], colleague)
    review.send_back([returned], colleague, "Add the words this summary was made from.")


@pytest.fixture(autouse=True)
def _live_server_helper(live_server):
    """pytest-django's own helper gives every test that uses the live server a database
    emptied after it; here the tests only read, and share the data seeded once for them all."""
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def seeded_site(live_server, django_db_blocker, seed_copy):
    """The Aleppo seed and an editor, written once for the module's every page (each test
    only reads), and cleared after it as the other browser tests' data is."""
    with django_db_blocker.unblock():
        if not seed_copy.restore():
            load_seeds()
        ensure_roles()
        editor = User.objects.create_user(EDITOR, "page-editor@example.org", EDITOR_PASSWORD)
        editor.is_staff = True
        editor.save()
        editor.groups.add(Group.objects.get(name=EDITORS))
        claims_in_review(editor)
        assert Event.objects.filter(slug=EVENT).exists()
        assert Article.objects.filter(slug=ARTICLE).exists()
        addresses = {
            name: address() if callable(address) else address
            for name, (address, _) in PAGES.items()
        }
        yield live_server.url, addresses
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def browsers(chromium, seeded_site):
    """One page per language and per reader (a visitor, an editor), reused at every width."""
    base_url, _ = seeded_site
    opened, contexts = {}, []

    def tab(language, as_editor):
        if (language, as_editor) not in opened:
            # The pages forbid scripts they do not serve; the axe scan's own is let in.
            context = chromium.new_context(bypass_csp=True)
            contexts.append(context)
            page = context.new_page()
            if as_editor:
                log_in(page, base_url, EDITOR, EDITOR_PASSWORD)
            page.goto(f"{base_url}/language/{language}/?next=/healthz")
            opened[language, as_editor] = page
        return opened[language, as_editor]

    yield tab
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def measured(seeded_site, browsers):
    """What each page, width and language measured, loaded and scanned on first asking."""
    if not AXE.exists():
        message = f"axe-core not installed at {AXE} (run: npm ci)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    base_url, addresses = seeded_site
    found = {}

    def measure(name, width, language):
        if (name, width, language) not in found:
            page = browsers(language, PAGES[name][1])
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(base_url + addresses[name])
            assert response.ok, f"{addresses[name]} answered {response.status}"
            assert page.locator("html").get_attribute("lang") == language
            result = page.evaluate(MEASURE)
            page.add_script_tag(path=str(AXE))
            result["axe"] = [
                f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}×, e.g. "
                f"{violation['nodes'][0]['target']})"
                for violation in page.evaluate("async () => (await axe.run(document)).violations")
            ]
            found[name, width, language] = result
        return found[name, width, language]

    return measure


@pytest.mark.parametrize("name,width,language", cases("fits"))
def test_the_page_is_no_wider_than_the_window(measured, name, width, language):
    result = measured(name, width, language)
    assert result["documentWidth"] <= result["windowWidth"]


@pytest.mark.parametrize("name,width,language", cases("nothing_sticks_out"))
def test_nothing_sticks_out_of_the_window(measured, name, width, language):
    sticking_out = measured(name, width, language)["sticksOut"]
    assert not sticking_out, "\n".join(sticking_out)


@pytest.mark.parametrize("name,width,language", cases("charts"))
def test_chart_labels_are_inside_their_chart_and_apart(measured, name, width, language):
    clipped_or_overlapping = measured(name, width, language)["charts"]
    assert not clipped_or_overlapping, "\n".join(clipped_or_overlapping)


@pytest.mark.parametrize("name,width,language", cases("axe"))
def test_axe_finds_no_violation(measured, name, width, language):
    violations = measured(name, width, language)["axe"]
    assert not violations, "\n".join(violations)
