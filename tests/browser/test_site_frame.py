"""The site's frame and the public pages it adds, as a citizen sees them in Chromium.

The demo, served with a local authority of the test's own (name, logo, colour):
its name and logo in the header, its colour on the page; the footer's legal links
on every public page; on the home page, the legal pages and the pages of a
dialogue's record, in French and in English, at 1280 and 390 px wide: no
horizontal scroll and no axe-core violation of any impact. Screenshots of each
go to ``var/screenshots/public/``.
"""

from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from application.demo import EARLIER_SLUG, MAIN_SLUG, record_demo
from tests.browser.conftest import SCREENSHOTS, Site, served

NAME = "Syndicat mixte de la Lèze (essai)"
COLOUR = "#7a1f5c"
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40">
  <rect width="40" height="40" fill="#7a1f5c"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>"""
WIDTHS = {"wide": (1280, 800), "phone": (390, 844)}
SECTIONS = [
    "framework",
    "diagnosis",
    "agreements",
    "expertise",
    "programmes",
    "population",
    "regulation",
    "evaluation",
]
PAGES = {
    "home": "/",
    "accessibility": "/accessibility",
    "legal-notice": "/legal-notice",
    "personal-data": "/personal-data",
    "sitemap": "/sitemap",
    **{f"section-{name}": f"/dialogues/{MAIN_SLUG}/{name}" for name in SECTIONS},
}
"""The pages this frame owns, held to no violation of any impact."""
FOOTER = {
    "en": ["Accessibility: not compliant", "Legal notice", "Personal data", "Site map"],
    "fr": ["Accessibilité\u00a0: non conforme", "Mentions légales", "Données personnelles", "Plan du site"],
}

SAME_NAME_OTHER_TARGET = """() => {
  const targets = {};
  for (const link of document.querySelectorAll("a[href]")) {
    const name = (link.getAttribute("aria-label") || link.innerText).replace(/\\s+/g, " ").trim();
    (targets[name] = targets[name] || new Set()).add(link.href);
  }
  return Object.fromEntries(Object.entries(targets).filter(([, hrefs]) => hrefs.size > 1)
    .map(([name, hrefs]) => [name, [...hrefs]]));
}"""
"""The accessible names (text or aria-label) that two links with different targets share."""


@pytest.fixture(scope="module")
def framed_site(tmp_path_factory: pytest.TempPathFactory, cheap_hashing: None) -> Iterator[Site]:
    """The demo, published by the test's authority."""
    folder = tmp_path_factory.mktemp("framed")
    logo = folder / "logo.svg"
    logo.write_text(LOGO)
    settings = {"ORGANISATION_NAME": NAME, "ORGANISATION_LOGO": str(logo), "ORGANISATION_COLOUR": COLOUR}
    with served(folder / "dialogue.sqlite3", **settings) as site:
        record_demo(site.dialogues)
        site.settle()
        yield site


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def visit(person: Callable[..., Page], site: Site, path: str, language: str, width: str) -> Page:
    page = person(site, None, language=language)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    return page


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_fits_the_screen_and_axe_finds_nothing(
    framed_site: Site, person: Callable[..., Page], axe: Axe, name: str, language: str, width: str
) -> None:
    page = visit(person, framed_site, PAGES[name], language, width)

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    violations = axe.run(page).response["violations"]
    targets = page.evaluate(SAME_NAME_OTHER_TARGET)

    folder = SCREENSHOTS / "public"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}-{language}-{WIDTHS[width][0]}.png"), full_page=True)
    assert overflow <= 0, f"{PAGES[name]} is {overflow} px wider than the screen"
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    assert targets == {}, "links of the same name lead to different pages"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "path",
    [
        f"/dialogues/{MAIN_SLUG}",
        f"/dialogues/{EARLIER_SLUG}",
        "/transparency",
        "/transparency/proof/inclusion?position=5",
        "/login",
    ],
)
def test_no_other_public_page_scrolls_sideways_on_a_phone(
    framed_site: Site, person: Callable[..., Page], path: str, language: str
) -> None:
    """The style sheet's rules for every page: long words wrap, media shrink, wide tables scroll."""
    page = visit(person, framed_site, path, language, "phone")

    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"][0]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "path", ["/", f"/dialogues/{MAIN_SLUG}", f"/dialogues/{MAIN_SLUG}/framework", "/transparency", "/sitemap"]
)
def test_every_public_page_has_the_legal_links_in_its_footer(
    framed_site: Site, person: Callable[..., Page], path: str, language: str
) -> None:
    page = visit(person, framed_site, path, language, "wide")

    footer = page.locator("footer nav")
    links = [footer.get_by_role("link", name=text, exact=True) for text in FOOTER[language]]

    assert [link.count() for link in links] == [1, 1, 1, 1]
    links[0].click()
    assert page.locator("h1").inner_text() in ("Accessibility statement", "Déclaration d'accessibilité")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_header_shows_the_authority_of_the_settings(
    framed_site: Site, person: Callable[..., Page], width: str
) -> None:
    page = visit(person, framed_site, "/", "fr", width)

    header = page.locator("header .brand")
    logo = header.locator("img")

    assert NAME in header.inner_text()
    assert NAME in page.title()
    assert logo.evaluate("image => image.complete && image.naturalWidth") == 40
    assert header.bounding_box()["height"] <= 80  # type: ignore[index]  # compact on a phone too
    accent = page.locator(".brand-site").evaluate("element => getComputedStyle(element).color")
    assert accent == "rgb(122, 31, 92)"


def test_the_dialogue_page_links_each_page_of_its_record(
    framed_site: Site, person: Callable[..., Page]
) -> None:
    page = visit(person, framed_site, f"/dialogues/{MAIN_SLUG}", "fr", "wide")

    record = page.get_by_role("navigation", name="Tout ce que publie ce dialogue")
    record.get_by_role("link", name="Accords et plan d'action provisoire").click()

    assert page.locator("h1").inner_text() == "Accords et plan d'action provisoire"
    assert "Plan d'actions provisoire du PTGE de la Vèze" in page.locator("main").inner_text()


def test_the_personal_data_page_says_how_to_ask_for_erasure(
    framed_site: Site, person: Callable[..., Page]
) -> None:
    page = visit(person, framed_site, "/personal-data", "en", "phone")

    text = page.locator("main").inner_text()

    assert NAME in text
    assert "dialogue erase-person" in text
    table = page.get_by_role("region", name="What is collected, why, for how long, and who sees it")
    assert table.count() == 1
