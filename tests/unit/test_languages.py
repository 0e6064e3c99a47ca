"""Languages: tags, suggestions, catalogs, the interface of a language, topics, URLs, menus."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

import chapterhouse
from chapterhouse.config import ChapterhouseSettings, SettingError
from chapterhouse.core.languages import (
    REGIONAL_CATALOGS,
    LanguageError,
    is_right_to_left,
    language_tag,
)
from chapterhouse.core.model import Event, Source
from chapterhouse.core.topics import load_topics
from chapterhouse.render.i18n import Interfaces, available_catalogs, catalog_for
from chapterhouse.site.languages import language_menu
from chapterhouse.site.schedule import Timeline, Topic
from chapterhouse.site.urls import Urls

SOURCE = Source("content/events/x.md", "events/x.md")


# Tags ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "canonical"),
    [("fr", "fr"), ("ES-mx", "es-MX"), ("pt-br", "pt-BR"), ("zh-hant", "zh-Hant"), ("ar", "ar")],
)
def test_valid_tags_are_written_the_canonical_way(written, canonical):
    assert language_tag(written) == canonical


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("fr_FR", "fr"),
        ("pt_BR", "pt-BR"),
        ("en_GB", "en-GB"),
        ("French", "fr"),
        ("français", "fr"),
        ("fre", "fr"),
        ("iw", "he"),
        ("jp", "ja"),
        ("esp", "es"),
        ("zh_Hant", "zh-Hant"),
        ("sr_Latn_RS", "sr-Latn"),
        ("uz_Cyrl_UZ", "uz-Cyrl"),
        ("de_AT", "de-AT"),
    ],
)
def test_a_wrong_tag_is_refused_with_the_tag_that_was_meant(written, meant):
    with pytest.raises(LanguageError) as refused:
        language_tag(written)
    assert repr(written) in refused.value.message
    assert refused.value.hint == f"did you mean {meant!r}?"


@pytest.mark.parametrize(
    "value", ["", "  ", None, 12, ["fr"], "xx-YY-zz", "klingon", "und", "en-Zzzz", "zxx"]
)
def test_nonsense_is_refused_without_crashing(value):
    with pytest.raises(LanguageError):
        language_tag(value)


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        ("klingon", "'klingon' is not a language tag known to the Unicode CLDR",
         "for example fr, en, es or pt-BR"),
        ("", "'' is not a language tag", "for example fr, en or es"),
        ("fr_FR", "'fr_FR' is not a language tag (tags use '-', not '_')", "did you mean 'fr'?"),
        ("xx", "'xx' is not a language tag known to the Unicode CLDR",
         "for example fr, en, es or pt-BR"),
    ],
)  # fmt: skip
def test_a_refused_tag_says_why_and_what_to_write(value, message, hint):
    with pytest.raises(LanguageError) as refused:
        language_tag(value)
    assert refused.value.message.startswith(message), refused.value.message
    assert refused.value.hint == hint


def test_regional_suggestions_follow_the_shipped_regional_catalogs():
    regional = {tag for tag in map(_tag, available_catalogs()) if "-" in tag}
    assert regional == set(REGIONAL_CATALOGS)


def _tag(catalog: str) -> str:
    return catalog.replace("_", "-")


@pytest.mark.parametrize(
    ("tag", "rtl"), [("ar", True), ("he", True), ("fa", True), ("ur", True), ("fr", False)]
)
def test_right_to_left_languages(tag, rtl):
    assert is_right_to_left(tag) is rtl


# Settings -------------------------------------------------------------------------------------
def test_the_languages_setting_is_validated_with_the_fix():
    base = {"SITEURL": "https://meetups.example.org", "TIMEZONE": "UTC", "DEFAULT_LANG": "fr"}
    config = ChapterhouseSettings.from_settings(
        {**base, "CHAPTERHOUSE": {"languages": ["fr", "ES"]}}
    )
    assert config.languages == ("fr", "es") and config.site_language == "fr"
    assert ChapterhouseSettings.from_settings(base).languages == ("fr",)
    for value, said in (
        ("fr, en", "the text 'fr, en' is not a list of language tags (write ['fr', 'en'])"),
        ([], "is not a list of language tags"),
        (["fr", "jp"], "'jp' is not a language tag known to the Unicode CLDR (did you mean 'ja'?)"),
        (["fr", "fr"], "'fr' is listed twice"),
    ):
        with pytest.raises(SettingError) as refused:
            ChapterhouseSettings.from_settings({**base, "CHAPTERHOUSE": {"languages": value}})
        assert said in str(refused.value)
        assert refused.value.setting == "languages"
    with pytest.raises(SettingError, match="DEFAULT_LANG: 'fr_FR'"):
        ChapterhouseSettings.from_settings({**base, "DEFAULT_LANG": "fr_FR"})


# Catalogs and interfaces ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tag", "catalog"),
    [
        ("fr", "fr"),
        ("fr-CA", "fr"),
        ("en-GB", "en"),
        ("pt", "pt-BR"),
        ("pt-PT", "pt-BR"),
        ("es-MX", "es"),
        ("ko", None),
        ("sr-Latn", None),  # Serbian in Latin letters: not the Cyrillic catalog
        ("sr", "sr"),
        ("zh-TW", "zh-Hant"),  # Taiwan writes Traditional Chinese
        ("zh", None),  # Simplified: not the Traditional catalog
        ("zh-Hant-HK", "zh-Hant"),
    ],
)
def test_the_catalog_that_serves_a_language(tag, catalog):
    assert catalog_for(tag, ["fr", "es", "pt-BR", "sr", "zh-Hant"]) == catalog


def test_an_interface_writes_words_numbers_and_plurals_the_language_way():
    interfaces = Interfaces()
    german, polish, korean = interfaces("de"), interfaces("pl"), interfaces("ko")
    assert german.gettext("RSVP") == "Anmelden"
    assert german.ngettext("%(num)d place", "%(num)d places", 1234) == "1.234 Plätze"
    assert polish.ngettext("%(num)d place", "%(num)d places", 2).startswith("2 ")
    assert polish.ngettext("%(num)d place", "%(num)d places", 2) != polish.ngettext(
        "%(num)d place", "%(num)d places", 5
    ).replace("5", "2")
    assert korean.falls_back and korean.gettext("RSVP") == "RSVP"
    assert not german.falls_back
    assert interfaces("ar").direction == "rtl" and german.direction == "ltr"
    assert interfaces("es").own_name == "Español" and interfaces("ar").own_name == "العربية"
    assert interfaces("fr").og_locale == "fr_FR" and interfaces("pt-BR").og_locale == "pt_BR"
    assert interfaces("de") is german  # made once per build


def test_filling_markup_escapes_the_values_not_the_message():
    french = Interfaces()("fr")
    filled = french.fill(Markup("Groupe : %(name)s"), {"name": "<b>x</b>"})
    assert filled == Markup("Groupe : &lt;b&gt;x&lt;/b&gt;")


def test_plural_variants_give_each_category_its_form():
    arabic = Interfaces()("ar").plural_variants(
        "{count} result for “{query}”", "{count} results for “{query}”"
    )
    assert set(arabic) == {"zero", "one", "two", "few", "many", "other"}
    assert len(set(arabic.values())) >= 3
    english = Interfaces()("en").plural_variants("{count} result", "{count} results")
    assert english == {"one": "{count} result", "other": "{count} results"}


# Topics ---------------------------------------------------------------------------------------
TOPICS = b"""data:
  en: data
  fr: donn\xc3\xa9es
  es: datos
community: {en: community, es: comunidad}
"""


def test_declared_topics_gather_their_spellings():
    index, problems = load_topics(TOPICS, "content/topics.yml", 10_000, "r1")
    assert not problems
    assert index.slug_of("Datos") == "data"
    assert index.slug_of("DONNÉES") == "data"
    assert index.slug_of("community") == "community"
    assert index.slug_of("Open Source") == "open-source"  # undeclared: its own slug
    topic = Topic("data", "données", Timeline(), index.declared["data"].labels)
    assert topic.name_in("es") == "datos"
    assert topic.name_in("es-MX") == "datos"
    assert topic.name_in("de", "fr") == "données"
    assert Topic("x", "x", Timeline()).name_in("es") == "x"


def test_every_topic_problem_is_reported_with_its_line_and_value():
    text = """data: {en: data, fr: données}
Big Data: {en: big data}
stats: [stats]
news: {jp: ニュース}
other: {en: ""}
more: {en: Data}
twice: {en: twice, EN: again}
""".encode()
    index, problems = load_topics(text, "content/topics.yml", 10_000, "r1")
    assert [p.format() for p in problems] == [
        "content/topics.yml:2: Big Data: 'Big Data' is not a topic slug (write it in lowercase "
        "letters, digits and hyphens: 'big-data')",
        "content/topics.yml:3: stats: the topic's labels must map languages to labels, not a "
        "list ['stats'] (for example stats: {en: stats, fr: …})",
        "content/topics.yml:4: news.jp: 'jp' is not a language tag known to the Unicode CLDR "
        "(did you mean 'ja'?)",
        "content/topics.yml:5: other.en: '' is not a label (write the topic's name in that "
        "language)",
        "content/topics.yml:6: more.en: the label 'Data' is already a label of the topic 'data' "
        "(line 1) (one label names one topic)",
        "content/topics.yml:7: twice.EN: the language 'en' has two labels",
    ]
    assert set(index.declared) == {"data"} and index.source == "r1"
    assert index.__fingerprint__() == "topics:r1"


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (
            b"- data\n",
            "t.yml:1: topics: the file must map each topic to its labels "
            "(data: {en: data, fr: donn\u00e9es})",
        ),
        (b"data: [\n", "t.yml:2: topics: YAML syntax error: did not find expected node content"),
        (b"x" * 200, "t.yml:1: file: the file is 200 bytes; the limit is 100"),
        (b"data: {en: data}\ndata: {fr: x}\n", "t.yml:2: data: "),
    ],
)
def test_a_broken_topics_file_is_refused_with_its_place(raw, said):
    _index, problems = load_topics(raw, "t.yml", 100, "r")
    assert problems and problems[0].format().startswith(said), [p.format() for p in problems]


# URLs and the language menu -------------------------------------------------------------------
def test_site_wide_pages_of_other_languages_live_in_their_folder():
    urls = Urls("https://x.org", "", ("fr", "en", "pt-BR"))
    assert urls.for_language("fr").shared("events/") == "events/"
    assert urls.for_language("pt-BR").shared("events/") == "pt-br/events/"
    assert urls.for_language("en-GB").shared("") == "en/"
    assert urls.for_language("ko").shared("") == ""  # no such site language: the first
    assert urls.for_language("en").topic_path("Open Source") == "en/topics/open-source/"
    assert urls.for_language("en").calendar_path() == "en/calendar.ics"
    assert urls.for_language("en").calendar_path("chapters", "x") == "chapters/x/calendar.ics"
    assert urls.for_language("en").event_path("x") == "events/x/"
    one = Urls("https://x.org", "", ("fr",))
    assert one.for_language("es").shared("events/") == "events/"


def test_the_language_menu():
    urls = Urls("https://x.org", "/meetup", ("fr", "ar"))
    names = {"fr": "Français", "ar": "العربية"}.get
    menu = language_menu(urls, names, "events/", "ar")
    assert [(m.tag, m.href, m.current, m.direction) for m in menu] == [
        ("fr", "/meetup/events/", False, "ltr"),
        ("ar", "/meetup/ar/events/", True, "rtl"),
    ]
    assert all(m.same_page for m in menu)
    homes = language_menu(urls, names, None, "fr")
    assert [m.href for m in homes] == ["/meetup/", "/meetup/ar/"]
    assert not any(m.current or m.same_page for m in homes)
    assert language_menu(Urls("https://x.org", "", ("fr",)), names, "events/", "fr") == ()


def test_every_catalog_file_is_where_the_interfaces_look():
    folder = Path(chapterhouse.__file__).resolve().parent / "locale"
    assert set(available_catalogs(folder)) >= {"fr", "es", "de", "pt-BR", "ar", "ja"}


# Dates -----------------------------------------------------------------------------------------
PARIS = ZoneInfo("Europe/Paris")
WINTER = datetime(2027, 1, 20, 18, 30, tzinfo=PARIS)
SUMMER = datetime(2027, 7, 4, 9, 5, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "mercredi 20 janvier 2027, 18:30",
                "mer. 20 janv. 2027, 18:30",
                ("20", "janv."),
                "heure normale d’Europe centrale (UTC+01:00)",
                "dimanche 4 juillet 2027, 09:05",
                "dim. 4 juil. 2027, 09:05",
                ("4", "juil."),
                "heure d’été d’Europe centrale (UTC+02:00)",
            ],
        ),
        (
            "en",
            [
                "Wednesday, January 20, 2027, 6:30\u202fPM",
                "Wed, Jan 20, 2027, 6:30\u202fPM",
                ("20", "Jan"),
                "Central European Standard Time (GMT+01:00)",
                "Sunday, July 4, 2027, 9:05\u202fAM",
                "Sun, Jul 4, 2027, 9:05\u202fAM",
                ("4", "Jul"),
                "Central European Summer Time (GMT+02:00)",
            ],
        ),
        (
            "ja",
            [
                "2027年1月20日水曜日 18:30",
                "2027年1月20日(水) 18:30",
                ("20", "1月"),
                "中央ヨーロッパ標準時 (GMT+01:00)",
                "2027年7月4日日曜日 9:05",
                "2027年7月4日(日) 9:05",
                ("4", "7月"),
                "中央ヨーロッパ夏時間 (GMT+02:00)",
            ],
        ),
    ],
)
def test_dates_times_and_zones_are_written_the_language_way(language, expected):
    dates = Interfaces()(language).dates
    for _ in range(2):  # the second time from what the formatter remembers
        found = []
        for moment in (WINTER, SUMMER):
            found += [
                dates.date_time(moment),
                dates.short_date_time(moment),
                dates.day_and_month(moment),
                dates.zone(moment),
            ]
        assert found == expected


def test_zones_with_the_same_offset_keep_their_own_names():
    """Paris and Lagos are both at +01:00 in January: one must not be named after the other."""
    from babel.dates import get_timezone_name

    dates = Interfaces()("en").dates
    names = []
    for zone_name in ("Europe/Paris", "Africa/Lagos"):
        moment = datetime(2027, 1, 20, 18, 30, tzinfo=ZoneInfo(zone_name))
        own = get_timezone_name(moment, "long", locale="en")  # CLDR's name, whatever its version
        assert dates.zone(moment) == f"{own} (GMT+01:00)"
        names.append(own)
    assert names[0] != names[1]
    # A zone whose only name is its offset is not named twice.
    assert dates.zone(datetime(2027, 1, 20, 18, 30, tzinfo=ZoneInfo("Etc/GMT-3"))) == "GMT+03:00"


def test_an_event_across_a_clock_change_names_both_offsets():
    new_york = ZoneInfo("America/New_York")
    start = datetime(2027, 11, 7, 1, 30, tzinfo=new_york)  # EDT, first pass
    end = datetime(2027, 11, 7, 1, 30, fold=1, tzinfo=new_york)  # EST, an hour later
    event = Event(
        slug="x", title="x", start=start, end=end, timezone="America/New_York", source=SOURCE
    )
    text = Interfaces()("en").dates.range_text(event.occurrence_at(start))
    assert text == (
        "Sunday, November 7, 2027, 1:30\u202fAM – 1:30\u202fAM, Eastern Daylight Time "
        "(GMT-04:00) – Eastern Standard Time (GMT-05:00)"
    )


def test_a_catalog_mistake_is_reported_with_its_line_and_never_stops_a_page(tmp_path):
    locale = tmp_path / "locale" / "sv" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / "chapterhouse.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "When"\nmsgstr "När"\n\n'
        'msgid "Price: %(amount)s"\nmsgstr "Pris: %(belopp)s"\n\n'
        'msgid "Where"\nmsgstr ""\n',
        encoding="utf-8",
    )
    swedish = Interfaces(tmp_path / "locale")("sv")
    assert swedish.gettext("When") == "När"
    assert swedish.gettext("Price: %(amount)s", amount="5 kr") == "Price: 5 kr"  # not a KeyError
    path = (locale / "chapterhouse.po").as_posix()
    assert swedish.catalog_problems == (
        f"{path}:9: the translation of 'Price: %(amount)s' names a placeholder the source does "
        "not have (amount): shown in English",
        f"{path}: 2 of 3 interface strings are translated: the others are shown in English "
        "(see docs/languages.md)",
    )
    (locale / "chapterhouse.po").write_text('msgid "x"\nmsgstr "y"\nbroken\n', encoding="utf-8")
    broken = Interfaces(tmp_path / "locale")("sv")
    assert broken.gettext("When") == "When"
    assert broken.catalog_problems[0].startswith(f"{path}: the catalog cannot be read (")


def test_a_label_of_another_topic_in_any_language_is_refused_and_big_files_are_read():
    text = "alpha: {en: alpha, fr: alphée}\nbeta: {en: Alphée, fr: bêta}\n".encode()
    index, problems = load_topics(text, "t.yml", 10_000, "r")
    assert [p.format() for p in problems] == [
        "t.yml:2: beta.en: the label 'Alphée' is already a label of the topic 'alpha' (line 1) "
        "(one label names one topic)"
    ]
    assert set(index.declared) == {"alpha"}
    # Thousands of topics (more than the 10,000 values front matter may hold) are one file.
    many = "\n".join(f"t{i}: {{en: e{i}, fr: f{i}, es: s{i}}}" for i in range(3000)).encode()
    index, problems = load_topics(many, "t.yml", 1_000_000, "r")
    assert not problems and len(index.declared) == 3000


def test_every_label_problem_of_a_topic_is_reported_and_its_labels_answer_for_regions():
    text = b"alpha: {en: first}\nbeta: {fr: Alpha, jp: x, de: ''}\nx:\nn: 3\n"
    index, problems = load_topics(text, "t.yml", 10_000, "r")
    assert [p.format() for p in problems] == [
        "t.yml:2: beta.jp: 'jp' is not a language tag known to the Unicode CLDR "
        "(did you mean 'ja'?)",
        "t.yml:2: beta.de: '' is not a label (write the topic's name in that language)",
        "t.yml:3: x: the topic's labels must map languages to labels, not nothing "
        "(for example x: {en: x, fr: …})",
        "t.yml:4: n: the topic's labels must map languages to labels, not '3' "
        "(for example n: {en: n, fr: …})",
    ]
    _, clash = load_topics(b"alpha: {en: first}\nbeta: {fr: Alpha}\n", "t.yml", 10_000, "r")
    assert [p.format() for p in clash] == [
        "t.yml:2: beta.fr: the label 'Alpha' is already a label of the topic 'alpha' (line 1) "
        "(one label names one topic)"
    ]
    (declared,) = index.declared.values()
    assert declared.label("en") == "first"
    assert declared.label("en-GB") == "first"
    assert declared.label("es", "primero") == "primero"
    assert declared.label("es") == ""


def test_a_pelican_page_speaks_the_default_language_as_a_tag_not_lowercased():
    from types import SimpleNamespace

    from chapterhouse.adapters.reader import page_language

    assert page_language(SimpleNamespace(lang="pt-br"), "pt-BR") == "pt-BR"  # Pelican's default
    assert page_language(SimpleNamespace(lang=""), "pt-BR") == "pt-BR"
    assert page_language(SimpleNamespace(lang="ar"), "pt-BR") == "ar"


def test_a_wrong_setting_is_placed_on_its_own_line_not_on_an_equal_value_elsewhere(
    tmp_path, monkeypatch
):
    from chapterhouse.adapters import runner
    from chapterhouse.config import SettingError

    settings = tmp_path / "conf.py"
    settings.write_text(
        'SITENAME = "x"\nDEFAULT_LANG = "fr"\nA = B = ""\nLANGS = [\n  "fr_FR",\n]\n'
    )
    monkeypatch.setattr(runner.sys, "argv", ["pelican", "-s", str(settings)])
    # -e DEFAULT_LANG='""' on the command line: the file says "fr", another line says "".
    empty = SettingError("DEFAULT_LANG", "DEFAULT_LANG: '' is not a language tag", "")
    assert runner._settings_place(empty) == f"{settings}:2: "
    listed = SettingError("LANGS", "LANGS: 'fr_FR'", "fr_FR")
    assert runner._settings_place(listed) == f"{settings}:5: "


def test_english_fallback_strings_on_a_right_to_left_page_are_isolated_left_to_right():
    """Without a Hebrew catalog, "Price:" must not be shown as ":Price" on a Hebrew page."""
    from jinja2 import Environment

    from chapterhouse.adapters.templating import language_helpers

    def rendered(language: str) -> str:
        env = Environment(autoescape=True)
        env.globals.update(language_helpers(Interfaces()(language), urls=None))
        return env.from_string(
            '{{ _("When") }}|{{ ngettext("%(num)d place", "%(num)d places", 3) }}|'
            '{{ _("Registration closes %(when)s.", when="<יום>") }}'
        ).render()

    # The message left to right, the date in it in its own direction, escaped all the same.
    assert rendered("he") == (
        "\u2066When\u2069|\u20663 places\u2069|"
        "\u2066Registration closes \u2068&lt;יום&gt;\u2069.\u2069"
    )
    assert rendered("ko") == "When|3 places|Registration closes &lt;יום&gt;."  # left to right
    assert "\u2066" not in rendered("ar")  # Arabic has its catalog: nothing in English
