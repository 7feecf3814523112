#!/usr/bin/env python3
"""Write a large, realistic, deterministic relnotes vault for benchmarks.

    python benchmarks/generate_vault.py OUT_DIR --contacts N --events M [--seed 1]
                                        [--profile backlog|kept-up]

The vault follows /work/shared/SPEC.md sections 2 and 3: contacts under ``contacts/``,
event debriefs under ``events/``, a few daily notes at the root, an empty ``relnotes.toml``.
All dates are relative to the fixed anchor 2026-11-23 (never the real clock), and all
randomness comes from one ``random.Random(seed)``, so the same arguments give a
byte-identical vault.

Two profiles: ``backlog`` (the default, the vault of someone who never acts on the list: nearly
every contact is owed a keep-in-touch, a follow-up or a review) and ``kept-up`` (someone who
acts on the list every morning: recent touchpoints within every cadence, past promises
ticked, reviews written, so a morning's list is about 20 items at 10k + 10k). Files are written one at a time (nothing but names and a few
integers per note is kept in memory), so 100k contacts + 100k events take seconds.

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time
import unicodedata

GENERATOR_VERSION = 1
ANCHOR = dt.date(2026, 11, 23)  # the benchmarks' "today"; RELNOTES_TODAY uses the same date
SPAN_DAYS = 3 * 365  # events and first meetings spread over the three years before ANCHOR
MARKER = ".benchvault.json"  # hidden, not Markdown: relnotes ignores it
PROFILES = ("backlog", "kept-up")
# days per cadence, as relnotes reads them (months and years are near enough for a generator)
CADENCE_DAYS = {"2w": 14, "3w": 21, "30d": 30, "45d": 45, "2m": 59, "3m": 89, "6m": 180, "1y": 365,
                "none": None}
TIER_DAYS = {"ally": 21, "strategic": 45, "active": 90, "casual": None}
REVIEW_DAYS = (30, 60, 90)
KEPT_UP_WINDOW = 8  # kept-up: the next keep-in-touch lies beyond the 7-day upcoming window
KEPT_UP_SLIP = 0.0015  # kept-up: the share of contacts let slip (overdue keep-in-touch)

FIRST = ["Aaliyah", "Aaron", "Abigail", "Adam", "Adebayo", "Aditi", "Adrian", "Ahmed", "Aiko", "Alejandro", "Alex", "Alice", "Amara", "Amelia", "Amir", "Ana", "Andre", "Andrea", "Angela", "Anika", "Anna", "Anthony", "Aria", "Arjun", "Astrid", "Ava", "Ayesha", "Ben", "Bianca", "Bjorn", "Brandon", "Brianna", "Camila", "Carlos", "Carmen", "Caroline", "Chen", "Chiara", "Chloe", "Chris", "Claire", "Connor", "Dana", "Daniel", "Daria", "David", "Deepa", "Diego", "Dmitri", "Elena", "Eli", "Elif", "Elijah", "Emeka", "Emily", "Emma", "Ethan", "Fatima", "Felix", "Fiona", "Gabriel", "Grace", "Hannah", "Haruto", "Hassan", "Helena", "Hiro", "Ibrahim", "Imani", "Ines", "Isaac", "Isabel", "Ivan", "Jack", "Jamal", "James", "Jana", "Javier", "Jenna", "Jessica", "Jin", "Joanna", "Jonas", "Jordan", "José", "Julia", "Kai", "Kamala", "Karim", "Kate", "Keisha", "Kenji", "Kevin", "Kofi", "Lars", "Laura", "Layla", "Leah", "Leo", "Liam", "Lina", "Lucas", "Lucía", "Luis", "Maya", "Mei", "Mia", "Michael", "Miguel", "Mina", "Mohammed", "Nadia", "Naomi", "Nathan", "Nia", "Nikhil", "Nina", "Noah", "Nora", "Olga", "Oliver", "Omar", "Paolo", "Priya", "Rachel", "Rafael", "Rahul", "Ravi", "Rebecca", "Renée", "Rosa", "Ryan", "Sakura", "Samuel", "Sara", "Sebastian", "Shreya", "Sofia", "Sophie", "Stefan", "Sunita", "Tariq", "Thomas", "Tomás", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zane", "Zara", "Zoë"]

LAST = ["Abbott", "Achebe", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Anderson", "Baker", "Banerjee", "Bauer", "Becker", "Bennett", "Bianchi", "Brooks", "Brown", "Campbell", "Castillo", "Chang", "Chen", "Clarke", "Cohen", "Costa", "Cruz", "Dang", "Davies", "Diaz", "Dubois", "Duarte", "Edwards", "Evans", "Fernandes", "Fischer", "Fitzgerald", "Flores", "Foster", "Garcia", "Goldberg", "Gomez", "Gonzalez", "Gupta", "Hansen", "Harris", "Hayashi", "Hernandez", "Hoffmann", "Hughes", "Ibrahim", "Ito", "Iyer", "Jackson", "Jensen", "Johansson", "Johnson", "Kang", "Kapoor", "Kaur", "Kelly", "Khan", "Kim", "Kowalski", "Kumar", "Larsen", "Lee", "Lopez", "Martin", "Martinez", "Mehta", "Mendoza", "Meyer", "Miller", "Mitchell", "Moreau", "Morales", "Müller", "Murphy", "Nakamura", "Nguyen", "Nielsen", "Novak", "O'Brien", "O'Connor", "Okafor", "Oliveira", "Olsen", "Ortiz", "Park", "Patel", "Perez", "Petrov", "Pham", "Phillips", "Popescu", "Quinn", "Ramirez", "Reddy", "Reyes", "Richter", "Rivera", "Roberts", "Rodriguez", "Romano", "Rossi", "Russo", "Santos", "Sato", "Schmidt", "Schneider", "Shah", "Silva", "Singh", "Smith", "Sokolova", "Suzuki", "Tanaka", "Taylor", "Thompson", "Torres", "Tran", "Turner", "Vargas", "Walker", "Wang", "Weber", "Williams", "Wilson", "Wong", "Wright", "Yamamoto", "Yilmaz", "Young", "Zhang", "Zhou"]

COMPANIES = """
Acme Analytics|Brightpath Capital|Cobalt Health|Corvid Labs|Delta Ledger|Evergreen Ventures|
Fathom AI|Fieldstone Bank|Forge Robotics|Glasshouse Media|Granite Partners|Harbor Logistics|
Helix Bio|Ironwood Consulting|Juniper Payments|Keystone Insurance|Lattice Data|Lumen Energy|
Maple & Co|Meridian Health|Northwind Traders|Nova Fintech|Oakline Legal|Orbit Systems|
Parallax Studio|Pinecrest Realty|Quarry Security|Quill Publishing|Redwood Education|
Riverbend Foods|Sable Semiconductors|Sapphire Cloud|Signal Hill Ventures|Solstice Solar|
Summit Recruiting|Tandem HR|Tidewater Shipping|Trellis Software|Umbra Games|Vantage Point PR|
Verdant Agritech|Waypoint Travel|Willow Wealth|Yellowtail Mobility|Zenith Telecom|
Freelance|Stealth startup|City of Atlanta|Georgia Tech|Emory University
""".replace("\n", "").split("|")

ROLES = """
Founder|Co-founder & CEO|CTO|VP Engineering|Head of Product|Product Manager|Engineering Manager|
Staff Engineer|Data Scientist|Designer|Head of Design|Recruiter|Talent Partner|Partner|
Principal|Associate|Analyst|Investor|Angel investor|Account Executive|Head of Sales|
Marketing Lead|Community Manager|Developer Advocate|Consultant|Attorney|Professor|PhD student|
Journalist|Podcast host|Operations Lead|CFO|COO|Chief of Staff|Board member|Advisor
""".replace("\n", "").split("|")

TOPICS = """
hiring for fintech|raising a seed round|moving to Austin|their podcast launch|open-source licensing|
the new payments API|remote team rituals|AI in underwriting|the Series A deck|a sales playbook|
community-led growth|climate tech grants|conference speaking|mentoring juniors|pricing strategy|
data privacy rules|their book draft|a board seat|angel syndicates|developer relations|
partnership with a bank|a product hunt launch|customer discovery calls|unit economics|
the housing market|kids and school choices|marathon training|a role on their team|
going freelance|design systems|career change into product|their newsletter|a conference CFP|
investor updates|churn in SMB SaaS|a speaking slot next spring|the local meetup scene|
hiring a head of sales|an intro to a VC|their accelerator cohort|compliance tooling
""".replace("\n", "").split("|")

TAGS = ["fintech", "investor", "founder", "engineer", "design", "hiring", "community", "podcast", "climate", "health", "ai", "sales", "marketing", "atlanta", "austin", "nyc", "remote", "mentor", "speaker", "recruiter", "vc", "angel", "open-source", "b2b", "saas"]

EVENT_KINDS = """
Fintech Breakfast|Tech Mixer|Founders Dinner|AI Meetup|Product Circle|Design Crit Night|
Startup Pitch Night|Women in Tech Lunch|Angel Investor Forum|Climate Tech Summit|
DevRel Roundtable|Data Science Meetup|SaaS Growth Workshop|Open Source Sprint|Hiring Fair|
Alumni Happy Hour|Chamber of Commerce Luncheon|Podcast Live Taping|Leadership Retreat|
Python User Group|Healthtech Salon|Marketing Mastermind|Real Estate Tech Panel|
Accelerator Demo Day|Coffee & Code|Sales Leaders Breakfast|Security BSides|Book Club
""".replace("\n", "").split("|")

CITIES = """
Atlanta|Austin|Boston|Chicago|Denver|Miami|Nashville|New York|Raleigh|San Francisco|
Seattle|Toronto|London|Berlin|Lisbon|Remote
""".replace("\n", "").split("|")

VENUES = """
Octane|the Hub|WeWork Midtown|Ponce City Market|the library|a rooftop bar|the hotel lobby|
Switchyards|the university|Blue Bottle|their office|my office|Zoom
""".replace("\n", "").split("|")

TASK_YOURS = [
    "Send [[{n}]] the deck",
    "Send [[{n}]] the podcast link",
    "Intro [[{n}]] to {o}",
    "Share the hiring doc with [[{n}]]",
    "Book coffee with [[{n}]]",
    "Review [[{n}]]'s pitch deck",
    "Forward the job post to [[{n}]]",
    "Send [[{n}]] notes from the panel",
]
TASK_THEIRS = [
    "[[{n}]] to intro me to their CTO #waiting",
    "Waiting on [[{n}]] for the pricing sheet #waiting",
    "[[{n}]] promised a referral #waiting",
    "[[{n}]] to send the event photos #waiting",
]
PROSE = [
    "{f} spent four years at {c} before the current role and still knows the team there well.",
    "Strong opinions on {t}; worth a longer conversation over coffee at {v}.",
    "Mentioned a move to {x} next year, so timing matters for any intro.",
    "Very responsive on email, slow on LinkedIn; mornings work best for {f}.",
    "Could be a good match for someone working on {t}, keep in mind for intros.",
    "{f} offered to help with {t} and asked nothing in return, which is rare.",
    "We overlapped at {c} a while back without ever meeting, small world.",
    "Runs a small monthly dinner in {x} and said I should come to the next one.",
    "Was candid about what went wrong with {t}; the lessons were useful.",
    "Follow-up should be short: one link and one concrete question about {t}.",
]
EVENT_PROSE = [
    "Registration was smooth and the name tags had company names, which helped a lot.",
    "The organizers from {c} kept the talks short and left real time for conversation.",
    "Most people came in pairs and stayed in their circles; next time arrive early.",
    "The breakout on {t} was the best part, small enough for everyone to speak.",
    "Too many vendors pitching, not enough practitioners; the hallway track made up for it.",
    "Good mix of founders and operators from around {x}, fewer investors than advertised.",
    "I asked two questions in the Q&A and three people came up afterwards to continue.",
    "Food ran out early and the room was loud, but the people were worth the trip.",
]
GAVE = ["#gave/intro", "#gave/insight", "#gave/referral", "#gave", "#gave/resource"]
GOT = ["#got/intro", "#got/referral", "#got/advice", "#got", "#got/lead"]
LOG_TEXT = {
    "met": ["at [[{e}]], talked about {t}", "at [[{e}]], {t}", "introduced by a friend, {t}"],
    "sent": [
        "follow-up email about {t}",
        "LinkedIn message re {t}",
        "thank-you note with the link on {t}",
        "the article on {t}",
    ],
    "received": [
        "replied, suggests coffee next week",
        "thanked me for the intro",
        "asked about {t}",
        "sent their deck",
    ],
    "call": ["30 min on {t}", "quick call about {t}", "phone catch-up, {t}"],
    "meeting": ["coffee at {v}, {t}", "lunch at {v}", "walk around {v}, {t}"],
    "note": ["heard they are {t}", "their colleague mentioned {t}", "remember: {t}"],
}
CADENCES = ["2w", "3w", "30d", "45d", "2m", "3m", "6m", "1y", "none"]
GAPS = [0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90]  # days between log entries
FORMATS = ["open", "managed", "educational", "peer-group", "open", "panel"]
MISSES = ["arrived late", "too loud", "no name tags", "left early", "nothing"]
LOG_KINDS = ["met", "sent", "received", "call", "meeting", "note"]
LOG_WEIGHTS = [10, 25, 20, 12, 15, 18]
LATER_WEIGHTS = [1, 25, 20, 12, 15, 18]  # a second "met" is rare (another event)

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .,&()/-]*[A-Za-z0-9.)]$")


def q(s: str) -> str:
    """A YAML scalar for s: plain when obviously safe, else double-quoted (JSON is valid YAML)."""
    if _PLAIN.match(s) and ": " not in s and " #" not in s and s.lower() not in (
        "yes", "no", "true", "false", "on", "off", "null", "none", "y", "n"
    ):
        return s
    return json.dumps(s, ensure_ascii=False)


def ascii_slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def iso(d: dt.date) -> str:
    return d.isoformat()


class Gen:
    def __init__(self, out: str, contacts: int, events: int, seed: int,
                 profile: str = "backlog") -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
        self.out = out
        self.kept_up = profile == "kept-up"
        self.profile = profile
        self.n_contacts = contacts
        self.n_events = events
        self.seed = seed
        self.rng = random.Random(seed)
        self.bytes = 0
        self.files = 0

    # -- helpers ---------------------------------------------------------------------------
    def write(self, rel: str, text: str) -> None:
        data = text.encode("utf-8")
        # os.open/os.write: three system calls a file, which matters at 200k files
        fd = os.open(os.path.join(self.out, rel), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self.bytes += len(data)
        self.files += 1

    def date_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        span = (hi - lo).days
        return lo + dt.timedelta(days=self.rng.randint(0, max(0, span)))

    def ydate(self, d: dt.date) -> str:
        """A date as YAML: mostly a bare YAML date, sometimes a quoted string."""
        return iso(d) if self.rng.random() < 0.85 else f'"{iso(d)}"'

    # -- names -----------------------------------------------------------------------------
    def make_names(self) -> None:
        rng = self.rng
        used: set[str] = set()
        names: list[str] = []
        # people listed in debriefs without a note of their own (about 1 per 40 events)
        total = self.n_contacts + max(1, self.n_events // 40)
        for _ in range(total):
            base = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            name = base
            k = 2
            while name.casefold() in used:
                name = f"{base} {k}"
                k += 1
            used.add(name.casefold())
            names.append(name)
        self.names = names[: self.n_contacts]
        self.ghosts = names[self.n_contacts :]

    def make_events(self) -> None:
        rng = self.rng
        start = ANCHOR - dt.timedelta(days=SPAN_DAYS)
        self.ev_stem: list[str] = []
        self.ev_title: list[str] = []
        self.ev_date: list[dt.date] = []
        counter: dict[str, int] = {}
        for _ in range(self.n_events):
            # a few events lie just ahead of the anchor (planned, not yet debriefed)
            d = self.date_between(start, ANCHOR + dt.timedelta(days=10))
            kind = rng.choice(EVENT_KINDS)
            if rng.random() < 0.3:
                kind = f"{rng.choice(CITIES)} {kind}"
            counter[kind] = counter.get(kind, 0) + 1
            title = f"{kind} {counter[kind]}"
            self.ev_stem.append(f"{iso(d)} {title}")
            self.ev_title.append(title)
            self.ev_date.append(d)
        self.ev_people: list[list[int]] = [[] for _ in range(self.n_events)]

    # -- contacts --------------------------------------------------------------------------
    def tier(self) -> str:
        r = self.rng.random()
        if r < 0.03:
            return "ally"
        if r < 0.12:
            return "strategic"
        if r < 0.37:
            return "active"
        return "casual"

    def contact(self, i: int) -> str:
        rng = self.rng
        name = self.names[i]
        first = name.split(" ")[0]
        last = name.split(" ")[1]
        company = rng.choice(COMPANIES)
        fm: list[str] = ["---"]
        if rng.random() < 0.7:
            fm.append(f"name: {q(name)}")
        if rng.random() < 0.05:
            fm.append("type: contact")
        if rng.random() < 0.08:
            nick = first[:3] if len(first) > 4 else first + "y"
            fm.append(f"aliases: [{q(nick + ' ' + last[0])}]")
        if rng.random() < 0.92:
            dom = ascii_slug(company) or "example"
            local = ".".join(ascii_slug(w) for w in name.split(" "))  # unique: names are
            email = f"{local}@{dom}.com"
            if rng.random() < 0.1:
                fm.append("email:")
                fm.append(f"  - {email}")
                fm.append(f"  - {ascii_slug(first)}{ascii_slug(last)[:1]}{i}@gmail.com")
            else:
                fm.append(f"email: {email}")
        if rng.random() < 0.3:
            fm.append(f'phone: "+1 404 555 {rng.randint(0, 9999):04d}"')
        fm.append(f"company: {q(company)}")
        role = rng.choice(ROLES)
        fm.append(f"role: {q(role)}")
        if rng.random() < 0.4:
            fm.append(f"location: {q(rng.choice(CITIES))}")
        if rng.random() < 0.35:
            slug = f"{ascii_slug(first)}-{ascii_slug(last)}"
            fm.append(f"linkedin: https://www.linkedin.com/in/{slug}")
        tier = self.tier()
        if tier != "casual" or rng.random() < 0.6:
            fm.append(f"tier: {tier}")
        ntags = rng.choice([0, 1, 2, 2, 3])
        if ntags:
            tags = rng.sample(TAGS, ntags)
            style = rng.random()
            if style < 0.5:
                fm.append("tags:")
                fm.extend(f"  - {t}" for t in tags)
            elif style < 0.8:
                fm.append(f"tags: [{', '.join(tags)}]")
            else:
                fm.append(f'tags: "{" ".join("#" + t for t in tags)}"')
        # where and when we met
        met: dt.date | None = None
        ev = -1
        if self.n_events and rng.random() < 0.85:
            ev = rng.randrange(self.n_events)
            self.ev_people[ev].append(i)
            met = self.ev_date[ev]
            if rng.random() < 0.8:
                fm.append(f"met: {self.ydate(met)}")
            fm.append(f'met_at: "[[{self.ev_stem[ev]}]]"')
        elif rng.random() < 0.5:
            met = self.date_between(ANCHOR - dt.timedelta(days=SPAN_DAYS), ANCHOR)
            fm.append(f"met: {self.ydate(met)}")
        if rng.random() < 0.12:
            fu = self.date_between(ANCHOR - dt.timedelta(days=40), ANCHOR + dt.timedelta(days=30))
            if self.kept_up:  # planned ones lie ahead; past ones were done (a touchpoint below)
                fu = self.date_between(ANCHOR + dt.timedelta(days=KEPT_UP_WINDOW),
                                       ANCHOR + dt.timedelta(days=90))
            fm.append(f"follow_up: {self.ydate(fu)}")
            if rng.random() < 0.6:
                fm.append(f"follow_up_note: {q('ask about ' + rng.choice(TOPICS))}")
        if rng.random() < 0.04:
            sn = self.date_between(ANCHOR - dt.timedelta(days=20), ANCHOR + dt.timedelta(days=45))
            fm.append(f"snooze_until: {self.ydate(sn)}")
        r = rng.random()
        if r < 0.05:
            fm.append("status: paused")
        elif r < 0.07:
            fm.append("status: archived")
        elif r < 0.2:
            fm.append("status: active")
        if rng.random() < 0.15:
            bd = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(366))
            form = rng.random()
            if form < 0.4:
                fm.append(f"birthday: {rng.randint(1960, 2002)}-{bd.month:02d}-{bd.day:02d}")
            elif form < 0.8:
                fm.append(f'birthday: "{bd.month:02d}-{bd.day:02d}"')
            else:
                fm.append(f'birthday: "--{bd.month:02d}-{bd.day:02d}"')
        cadence = TIER_DAYS[tier]
        if rng.random() < 0.1:
            cad = rng.choice(CADENCES)
            fm.append(f"cadence: {cad}")
            cadence = CADENCE_DAYS[cad]
        if rng.random() < 0.2:
            fm.append(f"needs: [{q(rng.choice(TOPICS))}]")
        if rng.random() < 0.2:
            fm.append(f"offers: [{q(rng.choice(TOPICS))}]")
        if rng.random() < 0.1:
            fm.append(f"uid: bench-{self.seed}-{i:07d}")
        fm.append("---")

        body: list[str] = ["", f"# {name}", ""]
        body.append(
            f"{first} works at {company} ({role}). "
            f"We talked about {rng.choice(TOPICS)}; follow up on {rng.choice(TOPICS)}."
        )
        if rng.random() < 0.4 and len(self.names) > 1:
            body[-1] += f" Introduced by [[{self.names[rng.randrange(len(self.names))]}]]."
        body.append("")
        body.append(self.prose(first))
        body.append("")
        level = "##" if rng.random() < 0.9 else "###"
        body.append(f"{level} Log" if rng.random() < 0.95 else f"{level} log")
        body.append("")
        n = rng.choice([0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8])
        base = met or self.date_between(ANCHOR - dt.timedelta(days=SPAN_DAYS), ANCHOR)
        d = base
        entries: list[str] = []
        for k in range(n):
            if k == 0 and ev >= 0 and rng.random() < 0.7:
                kind = "met"
            else:
                kind = rng.choices(LOG_KINDS, LOG_WEIGHTS if k == 0 else LATER_WEIGHTS)[0]
                d = d + dt.timedelta(days=rng.choice(GAPS))
                if d > ANCHOR + dt.timedelta(days=7):
                    break  # a few entries lie ahead of the anchor, not years of them
            e = self.ev_stem[ev] if ev >= 0 else (
                self.ev_stem[rng.randrange(self.n_events)] if self.n_events else "Coffee"
            )
            text = rng.choice(LOG_TEXT[kind]).format(
                e=e, t=rng.choice(TOPICS), v=rng.choice(VENUES)
            )
            if kind in ("sent", "call", "meeting") and rng.random() < 0.2:
                text += " " + rng.choice(GAVE)
            elif kind in ("received", "meeting") and rng.random() < 0.15:
                text += " " + rng.choice(GOT)
            bullet = "-" if rng.random() < 0.9 else rng.choice("*+")
            entries.append(f"{bullet} {iso(d)} {kind}: {text}")
        if n and rng.random() < 0.06 and not self.kept_up:
            value = rng.choice(["yes", "no", "unsure"])
            entries.append(f"- {iso(d)} review: day=30 responsive=yes value={value}"
                           f" intros=no delivers=unsure — good start")
        if self.kept_up:
            d = self.kept_up_log(entries, met, d, cadence)
        if len(entries) > 2 and rng.random() < 0.2:
            entries.reverse()  # newest first: allowed anywhere
        body.extend(entries)

        # tasks: promises and things we wait for
        tasks: list[str] = []
        if rng.random() < 0.3:
            for _ in range(rng.choice([1, 1, 2])):
                tasks.append(self.task(name, d))
        if tasks:
            if rng.random() < 0.5:
                body.append("")
                body.append("## Tasks")
                body.append("")
            else:
                body.append("")
            body.extend(tasks)
        if rng.random() < 0.9:
            body.append("")
            body.append("## Notes")
            body.append("")
            body.append(f"- best topic to open with: {rng.choice(TOPICS)}")
            channel = rng.choice(["email", "text", "LinkedIn", "a call"])
            body.append(f"- prefers {channel} for anything that needs an answer")
            body.append(f"- kids: {rng.choice(['two', 'one', 'none', 'a toddler'])}; "
                        f"likes {rng.choice(['running', 'jazz', 'chess', 'hiking', 'coffee'])}")
        return "\n".join(fm) + "\n" + "\n".join(body) + "\n"

    def kept_up_log(self, entries: list[str], met: dt.date | None, last: dt.date,
                    cadence: int | None) -> dt.date:
        """Kept-up: reviews written for the checkpoints passed, then one recent touchpoint (never
        a `sent`, strictly after every other entry) that puts the next keep-in-touch beyond the
        upcoming window, except for a few contacts let slip. Returns the touchpoint's date."""
        rng = self.rng
        first = met
        for e in entries:
            if e[2:].split(" ", 2)[1] == "met:":
                day = dt.date.fromisoformat(e[2:12])
                first = day if first is None or day < first else first
        if first is not None:
            for n in REVIEW_DAYS:
                day = first + dt.timedelta(days=n)
                if day <= ANCHOR + dt.timedelta(days=KEPT_UP_WINDOW):
                    entries.append(f"- {iso(day)} review: day={n} responsive=yes value=yes"
                                   f" intros=no delivers=yes — keep going")
        entries.sort(key=lambda e: e[2:12])  # stable: same-day entries keep their order
        room = (cadence or 60) - KEPT_UP_WINDOW
        when = ANCHOR - dt.timedelta(days=rng.randint(0, max(0, room)))
        if cadence and rng.random() < KEPT_UP_SLIP:
            when = ANCHOR - dt.timedelta(days=cadence + rng.randint(1, 10))
        latest = max([dt.date.fromisoformat(e[2:12]) for e in entries] + [last] + ([met] if met else []))
        when = max(when, latest + dt.timedelta(days=1))
        kind = rng.choice(["call", "meeting", "received"])
        text = rng.choice(LOG_TEXT[kind]).format(t=rng.choice(TOPICS), v=rng.choice(VENUES))
        entries.append(f"- {iso(when)} {kind}: {text}")
        return when

    def task(self, name: str, around: dt.date) -> str:
        """A task line linking name, due shortly after the date around (old ones mostly done)."""
        rng = self.rng
        due = around + dt.timedelta(days=rng.randint(1, 21))
        other = self.names[rng.randrange(len(self.names))] if self.names else "someone"
        if rng.random() < 0.25:
            text = rng.choice(TASK_THEIRS).format(n=name)
        else:
            text = rng.choice(TASK_YOURS).format(n=name, o=other)
        due_s = f"📅 {iso(due)}" if rng.random() < 0.85 else f"[due:: {iso(due)}]"
        r = rng.random()
        if due < ANCHOR - dt.timedelta(days=60) and r < 0.8:
            r = 1.0  # old promises are mostly kept
        if self.kept_up and due < ANCHOR + dt.timedelta(days=KEPT_UP_WINDOW) and r < 0.997:
            r = 1.0  # kept-up: promises come due and are kept (a few are not)
        if r < 0.55:
            return f"- [ ] {text} {due_s}"
        if r < 0.6:
            return f"- [/] {text} {due_s}"
        if r < 0.65:
            return f"- [ ] {text}"  # no due date: tracked, never due
        if r < 0.7:
            return f"- [-] {text} {due_s}"
        done = min(due - dt.timedelta(days=rng.randint(-3, 5)), ANCHOR)
        box = "x" if rng.random() < 0.9 else "X"
        return f"- [{box}] {text} {due_s} ✅ {iso(done)}"

    def prose(self, first: str) -> str:
        rng = self.rng
        parts = [
            tpl.format(f=first, t=rng.choice(TOPICS), c=rng.choice(COMPANIES),
                       v=rng.choice(VENUES), x=rng.choice(CITIES))
            for tpl in rng.sample(PROSE, rng.randint(2, 4))
        ]
        return " ".join(parts)

    # -- events ----------------------------------------------------------------------------
    def event(self, j: int) -> str:
        rng = self.rng
        title, d = self.ev_title[j], self.ev_date[j]
        people = list(self.ev_people[j])
        # a few more people met there who never got met_at set
        extra = rng.choice([0, 0, 1, 1, 2])
        if self.kept_up and d > ANCHOR - dt.timedelta(days=REVIEW_DAYS[-1] + 40):
            extra = 0  # kept-up: whoever was met lately got met_at, a follow-up and reviews
        for _ in range(extra):
            if self.names:
                people.append(rng.randrange(len(self.names)))
        names = [self.names[p] for p in people]
        if self.ghosts and rng.random() < (0.01 if self.kept_up else 0.05):
            names.append(self.ghosts[rng.randrange(len(self.ghosts))])  # no contact note
        seen: set[str] = set()
        names = [n for n in names if not (n in seen or seen.add(n))]
        fm = ["---"]
        if rng.random() < 0.9:
            fm.append(f"title: {q(title)}")
        if rng.random() < 0.05:
            fm.append("type: event")
        fm.append(f"date: {self.ydate(d)}")
        fm.append(f"purpose: {rng.choice(['content', 'community', 'both', 'community'])}")
        if rng.random() < 0.6:
            fm.append(f"goal: {q('meet people working on ' + rng.choice(TOPICS))}")
        fm.append(f"format: {rng.choice(FORMATS)}")
        cost = rng.choice([0, 0, 0, 15, 20, 25, 40, 75, 150, 499])
        fm.append(f"cost: {cost}" if rng.random() < 0.8 else f"cost: {cost}.00")
        fm.append(f"hours: {rng.choice([1, 1.5, 2, 2, 3, 4, 8])}")
        if rng.random() < 0.85:
            fm.append(f"rating: {rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5])}")
        if names:
            fm.append("people:")
            for n in names:
                shown = f"[[{n}|{n.split(' ')[0]}]]" if rng.random() < 0.05 else f"[[{n}]]"
                fm.append(f"  - {json.dumps(shown, ensure_ascii=False)}")
        else:
            fm.append("people: []")
        fm.append("---")
        city = rng.choice(CITIES)
        body = ["", f"# {title}", "", f"{iso(d)} in {city}, at {rng.choice(VENUES)}.", ""]
        body += ["## Debrief", ""]
        body.append(
            f"Crowd of about {rng.choice([12, 20, 35, 60, 120, 300])}, mostly "
            f"{rng.choice(ROLES).lower()}s and {rng.choice(ROLES).lower()}s. "
            f"Best conversation was about {rng.choice(TOPICS)}; "
            f"the panel on {rng.choice(TOPICS)} was "
            f"{rng.choice(['great', 'too long', 'useful', 'thin', 'the highlight'])}."
        )
        body.append("")
        body.append(" ".join(
            tpl.format(t=rng.choice(TOPICS), c=rng.choice(COMPANIES), x=city)
            for tpl in rng.sample(EVENT_PROSE, rng.randint(3, 5))
        ))
        body.append("")
        body.append(f"- What worked: {rng.choice(TOPICS)}")
        body.append(f"- What did not: {rng.choice(MISSES)}")
        body.append(f"- Go again? {rng.choice(['yes', 'no', 'maybe', 'only with a goal'])}")
        body.append(f"- Useful conversations: {rng.randint(0, 6)}; worth the time: "
                    f"{rng.choice(['yes', 'no', 'barely', 'clearly'])}")
        if names and rng.random() < 0.75:
            body.append("")
            body.append("## People")
            body.append("")
            for n in names[:4]:
                body.append(f"- [[{n}]] — {rng.choice(TOPICS)}")
        body.append("")
        body.append("## Next")
        body.append("")
        for _ in range(rng.choice([1, 1, 2])):
            if names and rng.random() < 0.75:
                body.append(self.task(rng.choice(names), d))
            else:
                due = self.date_between(d, d + dt.timedelta(days=14))
                box = "[ ]" if rng.random() < 0.6 else "[x]"
                if self.kept_up and due < ANCHOR + dt.timedelta(days=KEPT_UP_WINDOW):
                    box = "[x]"
                tail = f" ✅ {iso(due)}" if box == "[x]" else ""
                body.append(f"- {box} Post the write-up of {title} 📅 {iso(due)}{tail}")
        return "\n".join(fm) + "\n" + "\n".join(body) + "\n"

    # -- daily notes -----------------------------------------------------------------------
    def daily(self, d: dt.date) -> str:
        rng = self.rng
        lines = [f"# {iso(d)}", ""]
        for _ in range(rng.randint(2, 5)):
            if not self.names:
                break
            n = self.names[rng.randrange(len(self.names))]
            r = rng.random()
            if r < 0.6:
                lines.append(f"- Ran into [[{n}]] at {rng.choice(VENUES)}, {rng.choice(TOPICS)}")
            elif r < 0.7:
                # an open task: not a mention
                lines.append(f"- [ ] Ask [[{n}]] about {rng.choice(TOPICS)}")
            elif r < 0.8:
                lines.append(f"> [[{n}]] said: \"{rng.choice(TOPICS)}\"")  # quote: no mention
            elif r < 0.9:
                lines.append(f"- Texted [[{n}|{n.split(' ')[0]}]] about {rng.choice(TOPICS)}")
            else:
                lines.append(f"- Note to self: `[[{n}]]` is how the link looks")  # inline code
        lines.append("")
        lines.append(f"Worked on {rng.choice(TOPICS)}.")
        return "\n".join(lines) + "\n"

    # -- main ------------------------------------------------------------------------------
    def run(self) -> None:
        os.makedirs(os.path.join(self.out, "contacts"), exist_ok=True)
        os.makedirs(os.path.join(self.out, "events"), exist_ok=True)
        self.mark(complete=False)  # so an interrupted run can be recognised and replaced
        self.write("relnotes.toml", "")
        self.make_names()
        self.make_events()
        for i, name in enumerate(self.names):
            self.write(os.path.join("contacts", name + ".md"), self.contact(i))
        for j, stem in enumerate(self.ev_stem):
            self.write(os.path.join("events", stem + ".md"), self.event(j))
        n_daily = min(200, max(3, self.n_contacts // 100))
        days = sorted(self.rng.sample(range(1, 366), min(n_daily, 365)))
        for k in days:
            d = ANCHOR - dt.timedelta(days=k)
            self.write(iso(d) + ".md", self.daily(d))
        self.mark(complete=True)

    def mark(self, complete: bool) -> None:
        p = params(self.n_contacts, self.n_events, self.seed, self.profile)
        p["complete"] = complete
        with open(os.path.join(self.out, MARKER), "w", encoding="utf-8") as f:
            json.dump(p, f, sort_keys=True)
            f.write("\n")


def params(contacts: int, events: int, seed: int, profile: str = "backlog") -> dict:
    p = {
        "generator_version": GENERATOR_VERSION,
        "contacts": contacts,
        "events": events,
        "seed": seed,
        "anchor": iso(ANCHOR),
    }
    if profile != "backlog":  # so a backlog vault written before profiles is still recognised
        p["profile"] = profile
    return p


def is_generated(out: str, contacts: int, events: int, seed: int, profile: str = "backlog") -> bool:
    """True when OUT holds a complete vault written by this generator with these arguments."""
    try:
        with open(os.path.join(out, MARKER), encoding="utf-8") as f:
            return json.load(f) == dict(params(contacts, events, seed, profile), complete=True)
    except (OSError, ValueError):
        return False


def generate(out: str, contacts: int, events: int, seed: int = 1, force: bool = False,
             profile: str = "backlog") -> dict:
    """Write the vault; returns {"files", "bytes", "seconds"}.

    OUT must be missing or empty, unless it is a vault this generator wrote (it has the
    marker file) and force is true: then it is deleted and written afresh.
    """
    if os.path.isdir(out) and os.listdir(out):
        if not force:
            raise SystemExit(
                f"generate_vault: {out} is not empty (use --force to replace a generated vault)"
            )
        if not os.path.exists(os.path.join(out, MARKER)):
            raise SystemExit(f"generate_vault: refusing to delete {out}: it has no {MARKER}")
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    t0 = time.perf_counter()
    g = Gen(out, contacts, events, seed, profile)
    g.run()
    return {"files": g.files, "bytes": g.bytes, "seconds": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", metavar="OUT_DIR")
    ap.add_argument("--contacts", type=int, required=True)
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", choices=PROFILES, default="backlog",
                    help="backlog (default: nearly everyone is owed something) or kept-up "
                    "(a morning's list of about 20 items at 10k + 10k)")
    ap.add_argument("--force", action="store_true",
                    help="replace OUT_DIR if it is a vault this script wrote")
    a = ap.parse_args(argv)
    if a.contacts < 0 or a.events < 0:
        ap.error("--contacts and --events must be >= 0")
    r = generate(a.out, a.contacts, a.events, a.seed, a.force, a.profile)
    print(
        f"wrote {r['files']} files, {r['bytes'] / 1e6:.1f} MB "
        f"({r['bytes'] / max(1, r['files']):.0f} B/file) in {r['seconds']:.1f}s to {a.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
