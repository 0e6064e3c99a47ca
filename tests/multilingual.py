"""A network site in several languages, with chapters the sample content does not have.

English first, then French and Spanish; chapters in German, Arabic and Korean
(Korean has no interface catalog: English labels, Korean dates); an event in
Spanish in an English-language chapter; topics declared across languages.
Built once per test session (``language_network`` in ``tests/conftest.py``).
"""

from __future__ import annotations

SITE = "https://meetups.example.org"
SETTINGS = {
    "DEFAULT_LANG": "en",
    "CHAPTERHOUSE": {"home_upcoming": 4, "page_size": 5, "languages": ["en", "fr", "es"]},
}

HELD_OUT = {
    "chapters/munich.md": """---
title: Python München
city: München
country: DE
timezone: Europe/Berlin
lang: de
rsvp: https://forms.example.org/munich?event={slug}
---
Wir treffen uns jeden Monat.
""",
    "events/munich/stammtisch.md": """---
title: Python-Stammtisch
chapter: munich
start: 2026-12-10 19:00
duration: 2h
venue:
  name: Werkstatt
  address: Hauptstraße 1, 80331 München
rsvp:
  url: https://forms.example.org/munich?event={slug}
  capacity: 1234
  price: 5
topics: [Daten]
speakers:
  - Jana Berg
---
Wir sprechen über Pandas.
""",
    "chapters/cairo.md": """---
title: بايثون القاهرة
city: القاهرة
country: EG
timezone: Africa/Cairo
lang: ar
---
مجتمع بايثون في القاهرة.
""",
    "events/cairo/data-workshop.md": """---
title: ورشة البيانات
chapter: cairo
start: 2027-01-21 18:30
duration: 2h
venue:
  name: مساحة العمل
  address: شارع التحرير، القاهرة
rsvp:
  url: https://forms.example.org/cairo
  price: free
topics: [البيانات]
---
ورشة عملية.
""",
    "chapters/seoul.md": """---
title: Python Seoul
city: Seoul
country: KR
timezone: Asia/Seoul
lang: ko
---
서울 파이썬 모임.
""",
    "events/seoul/meetup.md": """---
title: 파이썬 밋업
chapter: seoul
start: 2027-02-04 19:30
duration: 2h
venue:
  name: 강남 스페이스
  address: 서울 강남구
rsvp: https://forms.example.org/seoul
---
발표와 네트워킹.
""",
    "events/nyc/charla.md": """---
title: Charla de datos
chapter: nyc
lang: es
start: 2026-12-12 18:00
duration: 1h30m
online: https://meet.example.org/charla
topics: [datos]
---
Una charla en español.
""",
    "topics.yml": """data:
  en: data
  fr: données
  es: datos
  de: Daten
  ar: البيانات
""",
}
