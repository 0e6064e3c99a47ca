"""Generate a synthetic meetup network in Chapterhouse's content format (deterministic).

    python benchmarks/generate.py --events 10000 --chapters 20 --out benchmarks/sites/n10000

Events spread from a year ago to a year ahead of 2026-11-22; about 5% repeat monthly, 3% are
cancelled, 15% are online, 5% hybrid, 3% last several days; half have an RSVP form; bodies are
~300 words in French and English. The same seed always gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

ZONES = [
    ("Paris", "FR", "Europe/Paris", "fr"), ("Toulouse", "FR", "Europe/Paris", "fr"),
    ("Berlin", "DE", "Europe/Berlin", "de"), ("Madrid", "ES", "Europe/Madrid", "es"),
    ("London", "GB", "Europe/London", "en"), ("Montréal", "CA", "America/Toronto", "fr"),
    ("New York", "US", "America/New_York", "en"), ("Chicago", "US", "America/Chicago", "en"),
    ("Ciudad de México", "MX", "America/Mexico_City", "es"),
    ("São Paulo", "BR", "America/Sao_Paulo", "pt-BR"),
    ("Santiago", "CL", "America/Santiago", "es"), ("Lagos", "NG", "Africa/Lagos", "en"),
    ("Nairobi", "KE", "Africa/Nairobi", "en"), ("Bengaluru", "IN", "Asia/Kolkata", "en"),
    ("Tokyo", "JP", "Asia/Tokyo", "ja"), ("Singapore", "SG", "Asia/Singapore", "en"),
    ("Sydney", "AU", "Australia/Sydney", "en"), ("Auckland", "NZ", "Pacific/Auckland", "en"),
    ("Dublin", "IE", "Europe/Dublin", "en"), ("Lisbon", "PT", "Europe/Lisbon", "en"),
]  # fmt: skip
TOPICS = [
    "python", "data", "web", "django", "flask", "packaging", "testing", "typing", "security",
    "devops",
    "machine learning", "open source", "community", "education", "accessibility", "async", "rust",
    "databases", "cloud", "mobile", "design", "documentation", "career", "diversity", "robotics",
    "science", "finance", "games", "hardware", "linux", "privacy", "performance", "api", "cli",
    "visualisation", "geospatial", "nlp", "music", "climate", "health",
]  # fmt: skip
FR = (  # noqa: SIM905 - a sentence is easier to read than a list of words
    "rencontre atelier conférence communauté logiciel libre développement projet groupe échange "
    "présentation apprendre partager code ordinateur soirée discussion question exemple outil "
    "bibliothèque données réseau serveur application utilisateur équipe public ouvert gratuit"
).split()
EN = (  # noqa: SIM905
    "meetup workshop talk community open source software development project group exchange "
    "presentation learn share code laptop evening discussion question example tool library data "
    "network server application user team public open free speaker slides demo beginner advanced"
).split()
TODAY = date(2026, 11, 22)


def _sentence(rng: random.Random, words: list[str]) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(8, 16))]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _body(rng: random.Random) -> str:
    paragraphs = []
    for index in range(4):
        words = FR if index % 2 == 0 else EN
        paragraphs.append(" ".join(_sentence(rng, words) for _ in range(6)))
    paragraphs.insert(2, "## Programme\n\n- " + "\n- ".join(_sentence(rng, EN) for _ in range(3)))
    return "\n\n".join(paragraphs) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(out: Path, events: int, chapters: int, seed: int = 7) -> None:
    """Write chapters, events and two pages under ``out/content``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fake content, not secrets
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    for folder in ("chapters", "events", "pages"):
        (content / folder).mkdir(parents=True)
    slugs = []
    for index in range(chapters):
        city, country, tz, lang = ZONES[index % len(ZONES)]
        slug = f"chapter-{index:03d}"
        slugs.append((slug, tz))
        (content / "chapters" / f"{slug}.md").write_text(
            f"---\ntitle: {_quote(f'Python {city} #{index}')}\ncity: {_quote(city)}\n"
            f"country: {country}\n"
            f"timezone: {tz}\nlang: {lang}\ntopics: [python, community]\n"
            f"organizers:\n  - name: Organizer {index}\n    url: https://example.org/o/{index}\n"
            f"links:\n  website: https://example.org/chapters/{index}\n"
            f"rsvp: https://forms.example.org/{slug}?event={{slug}}&date={{date}}\n"
            f"summary: {_quote(_sentence(rng, EN))}\n---\n{_body(rng)}",
            encoding="utf-8",
        )
    for index in range(events):
        slug, tz = slugs[index % len(slugs)]
        day = TODAY + timedelta(days=rng.randint(-360, 360))
        roll = rng.random()
        lines = [f"title: {_quote(_sentence(rng, EN)[:-1])}", f"chapter: {slug}"]
        if roll < 0.03:
            lines += [f"start: {day}", f"end: {day + timedelta(days=rng.randint(1, 4))}"]
        else:
            start = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=rng.choice([10, 12, 18, 19]), minutes=rng.choice([0, 30])
            )
            lines += [
                f"start: {start:%Y-%m-%d %H:%M}",
                f"duration: {rng.choice(['90m', '2h', '2h30m', '3h'])}",
            ]
            if 0.03 <= roll < 0.08:
                weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]
                nth = (day.day - 1) // 7 + 1
                if nth <= 4:
                    lines.append(f"repeat: FREQ=MONTHLY;BYDAY={nth}{weekday};COUNT=12")
        mode = rng.random()
        if mode < 0.15:
            lines.append(f"online: https://meet.example.org/{index}")
        else:
            lines += [
                "venue:",
                f"  name: {_quote(f'Venue {index % 97}')}",
                f"  address: {_quote(f'{index % 300} Main Street')}",
            ]
            if rng.random() < 0.5:
                lines.append(f"  geo: [{rng.uniform(-60, 60):.4f}, {rng.uniform(-170, 170):.4f}]")
            if mode < 0.20:
                lines.append(f"online: https://meet.example.org/{index}")
        if rng.random() < 0.03:
            lines.append("event_status: cancelled")
        if rng.random() < 0.5:
            lines += [
                "rsvp:",
                f"  url: https://forms.example.org/e/{index}?t={{title}}",
                f"  capacity: {rng.randint(10, 200)}",
            ]
        lines.append("speakers:")
        lines += [
            f"  - name: Speaker {rng.randint(1, 5000)}\n    role: {rng.choice(EN)}"
            for _ in range(rng.randint(1, 2))
        ]
        lines.append(
            "topics: [" + ", ".join(_quote(t) for t in rng.sample(TOPICS, rng.randint(2, 3))) + "]"
        )
        lines.append(f"summary: {_quote(_sentence(rng, EN))}")
        folder = content / "events" / slug
        folder.mkdir(exist_ok=True)
        (folder / f"e{index:05d}.md").write_text(
            "---\n" + "\n".join(lines) + "\n---\n" + _body(rng), encoding="utf-8"
        )
    for name in ("about", "code-of-conduct"):
        (content / "pages" / f"{name}.md").write_text(
            f"---\ntitle: {name.replace('-', ' ').title()}\n---\n{_body(rng)}", encoding="utf-8"
        )


def main() -> None:
    """Command line: write a network."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--chapters", type=int, default=20)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    generate(arguments.out, arguments.events, arguments.chapters, arguments.seed)


if __name__ == "__main__":
    main()
