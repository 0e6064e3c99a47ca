"""The interface in French: strings, dates and <html lang>."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURE_SITE, run_pelican
from tests.e2e.helpers import page, text


@pytest.fixture(scope="module")
def french_site(tmp_path_factory, fixture_content):
    output = tmp_path_factory.mktemp("fr") / "output"
    result = run_pelican(
        fixture_content, output, FIXTURE_SITE / "fixtureconf.py", overrides={"DEFAULT_LANG": "fr"}
    )
    assert result.returncode == 0, result.stderr
    return output


def test_french_interface_strings_and_dates(french_site):
    workshop = page(french_site, "/events/workshop/")
    assert workshop.html["lang"] == "fr"
    facts = text(workshop.select_one(".facts"))
    assert "Quand jeudi 10 décembre 2026, 18:30 – 21:00" in facts
    assert "heure normale d’Europe centrale (UTC+01:00)" in facts
    assert workshop.select_one(".rsvp a.button").get_text() == "S’inscrire"
    assert "30 places" in text(workshop.select_one(".rsvp"))
    assert text(workshop.select_one(".rsvp .price")) == "Prix : 12,50 €"


def test_english_content_in_a_french_site_is_marked(french_site):
    conference = page(french_site, "/events/conference/")
    assert conference.h1["lang"] == "en"
    assert conference.html["lang"] == "fr"
