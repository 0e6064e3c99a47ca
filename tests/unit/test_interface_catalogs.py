"""The interface catalogs: every language complete, its placeholders the source's.

A catalog that misses a string shows that string in English in the middle of a
page; a placeholder spelled differently (``%(nom)s``) stops the page with a
``KeyError``; a plural message with the wrong number of forms picks the wrong
one. Each is a failure here, language by language.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

import chapterhouse

ROOT = Path(__file__).resolve().parents[2]
#: The package's catalogs (found through the package: the mutation-testing copy moves it).
LOCALE = Path(chapterhouse.__file__).resolve().parent / "locale"
POT = LOCALE / "chapterhouse.pot"

#: The languages the project promises (issue 13); English is the source.
PROMISED = ("ar", "de", "es", "fr", "it", "ja", "nl", "pl", "pt_BR")

#: gettext's conventional plural forms of each language. CLDR 42 added a "many" form for
#: millions to French, Spanish, Italian and Portuguese; a meetup never counts a million
#: of anything, and translation tools still expect two forms there.
PLURAL_FORMS = {"ar": 6, "de": 2, "es": 2, "fr": 2, "it": 2, "ja": 1, "nl": 2, "pl": 3, "pt_BR": 2}

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _catalog(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain="chapterhouse")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def _languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/chapterhouse.po"))


def test_every_promised_language_has_a_catalog():
    assert set(PROMISED) <= set(_languages())


def test_the_template_holds_every_string_of_the_code_and_theme(tmp_path):
    """`invoke i18n` was run after the last change of an interface string."""
    if not (ROOT / "plugins").is_dir():  # tools/mutation.py's copy keeps the code in src/
        pytest.skip("babel.cfg extracts from plugins/, which this copy of the project lacks")
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "ngettext:1,2",
            "-k",
            "plural_variants:1,2",
            "--no-location",
            "--omit-header",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    extracted = {m.id for m in _catalog(fresh) if m.id}
    recorded = {m.id for m in _catalog(POT) if m.id}
    assert extracted == recorded, "interface strings changed: run `invoke i18n`"


@pytest.mark.parametrize("language", _languages())
def test_a_catalog_translates_every_string_with_the_same_placeholders(language):
    catalog = _catalog(LOCALE / language / "LC_MESSAGES" / "chapterhouse.po", language)
    source = {m.id: m for m in _catalog(POT) if m.id}
    expected_forms = PLURAL_FORMS.get(language) or get_plural(language).num_plurals
    assert catalog.num_plurals == expected_forms, f"{language}: Plural-Forms header"
    problems = []
    translated = {m.id: m for m in catalog if m.id}
    for msgid in source:
        message = translated.get(msgid)
        name = msgid if isinstance(msgid, str) else msgid[0]
        if message is None:
            problems.append(f"missing: {name!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {name!r}")
        if isinstance(msgid, str):
            if not message.string:
                problems.append(f"untranslated: {name!r}")
            elif _placeholders(message.string) != _placeholders(msgid):
                problems.append(f"placeholders differ: {name!r} → {message.string!r}")
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if len(forms) != expected_forms:
            problems.append(f"plural forms: {name!r} has {len(forms)}, wants {expected_forms}")
            continue
        if not all(forms):
            problems.append(f"untranslated plural form: {name!r}")
            continue
        wanted = _placeholders(msgid[1])
        for index, form in enumerate(forms):
            found = _placeholders(form)
            # A form used for exactly one number may spell it out ("the only event").
            may_omit = {"num"} if _numbers_of_form(catalog, index) == 1 else set()
            if not (wanted - may_omit <= found <= wanted):
                problems.append(f"placeholders differ: {name!r} form {index} → {form!r}")
    assert not problems, f"{language}:\n" + "\n".join(problems)


def _numbers_of_form(catalog, index: int) -> int:
    """How many counts from 0 to 999 take plural form ``index`` in ``catalog``'s language."""
    from gettext import c2py

    choose = c2py(catalog.plural_expr)
    return sum(1 for n in range(1000) if choose(n) == index)


def test_french_puts_a_no_break_space_before_double_punctuation():
    catalog = _catalog(LOCALE / "fr" / "LC_MESSAGES" / "chapterhouse.po", "fr")
    loose = []
    for message in catalog:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        loose += [f for f in forms if re.search(r" [:;?!»]|« ", f or "")]
    assert not loose
