#!/usr/bin/env python3
"""Signed Android-gateway webhooks (`sms:received`) for wrk (scripts/bench.d/sms_inbound.lua).

Writes one file per wrk thread, `<prefix>-<n>.txt`, one request a line:
`<X-Timestamp>\t<X-Signature>\t<body>`, and `<prefix>-warmup-1.txt` for the warm-up. Each
thread gets its own senders, so one person's texts stay in order (a first BONJOUR, then
commands) and are never in flight together: a person waits for the answer before texting
again, and the generator keeps at least `--gap` requests of a thread between two texts of one
number (more than a thread's connections, which is what can be in flight at once).

Every request has its own `messageId`: the server drops a repeated one without answering,
which would be cheaper and inflate the figure. Every request is signed the gateway's way
(hex HMAC-SHA256 of the raw body followed by the timestamp) with the current time, so the
file must be used within the server's 5-minute window.

The mix: joins (`BONJOUR <first name> <postal code>`) from numbers not yet members, texts
from strangers, and members' AIDE, SORTIES, SORTIE n, BESOIN <text>, R <code> <text> and
texts the server does not understand, in French, English and Arabic.
"""
import argparse
import hashlib
import heapq
import hmac
import json
import random
import secrets
import time
from collections import Counter
from datetime import datetime, timezone

POSTAL_CODES = ["75011", "75018", "75020", "93200", "69003", "69008", "13001", "13015", "59000", "44000",
                "31000", "33000", "67000", "35000", "34000", "06000"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

NAMES = {
    "fr": ["Marie", "Jean", "Fatou", "Lucas", "Nadia", "Karim", "Sophie", "Moussa", "Chloé", "Inès", "Mamadou", "Hélène",
           "Jean-Pierre", "Aïcha", "Théo", "Léa"],
    "en": ["John", "Mary", "Grace", "Ahmed", "Emily", "David", "Joy", "Samuel"],
    "ar": ["فاطمة", "محمد", "أمينة", "يوسف", "خديجة", "عمر", "مريم", "علي"],
}
JOINS = {
    "fr": ["BONJOUR {name} {cp}", "Bonjour {name} {cp}", "Salut {name}, {cp}", "bonjour {name} {cp} merci"],
    "en": ["HELLO {name} {cp}", "Hello {name} {cp}", "Hi {name}, {cp}"],
    "ar": ["مرحبا {name} {cp}", "السلام عليكم {name} {cp}", "سلام {name} {cp}"],
}
MENU = {"fr": ["AIDE", "aide", "Aide ?"], "en": ["HELP", "help"], "ar": ["مساعدة", "قائمة"]}
EVENTS = {"fr": ["SORTIES", "sorties", "Sorties"], "en": ["EVENTS", "events"], "ar": ["فعاليات"]}
JOIN_EVENT = {"fr": ["SORTIE {n}", "sortie {n}", "SORTIE{n}"], "en": ["EVENT {n}"], "ar": ["فعالية {n}", "فعالية {ar}"]}
NEEDS = {
    "fr": ["BESOIN aide pour porter mes courses samedi matin",
           "BESOIN quelqu'un pour m'aider à remplir un dossier CAF, je ne comprends pas les papiers",
           "besoin d'une poussette pour mon bébé",
           "BESOIN: un manteau d'hiver taille L pour mon fils de 14 ans",
           "BESOIN accompagnement à la préfecture mardi, je parle peu français",
           "BESOIN appelez-moi au 06 12 34 56 78 pour un déménagement"],
    "en": ["NEED help to fill in a housing form",
           "NEED someone to speak French with me once a week",
           "NEED a lift to the hospital on Thursday morning, I cannot walk far"],
    "ar": ["أحتاج مساعدة في ملء استمارة السكن",
           "أحتاج ملابس شتوية لطفلين",
           "حاجة إلى مترجم للموعد في المستشفى يوم الخميس"],
}
UNKNOWN = {
    "fr": ["merci beaucoup", "ok", "C'est où ?", "je ne comprends pas", "Merci pour tout, à bientôt !"],
    "en": ["thanks", "ok thank you", "where is it?", "I don't understand"],
    "ar": ["شكرا جزيلا", "لم أفهم", "أين المكان؟"],
}
REPLIES = {"fr": ["R ABC merci", "R K7P d'accord pour samedi"], "en": ["R ABC thank you", "R XY9 see you there"],
           "ar": ["R ABC شكرا", "رد ABC شكرا جزيلا"]}
STRANGER = ["AIDE", "SORTIES", "HELP", "c'est quoi ?", "مساعدة", "Allo ?"]

# Share of each kind of text, in percent.
MIX = {"join": 18, "stranger": 6, "menu": 12, "events": 12, "join_event": 8, "need": 14, "unknown": 16, "reply": 14}
LANGUAGES = [("fr", 60), ("en", 15), ("ar", 25)]


def pick(rng, weighted):
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


class Stream:
    """One thread's texts: its own senders, each texting again only `gap` requests later."""

    def __init__(self, rng, numbers, gap):
        self.rng = rng
        self.fresh = list(numbers)          # not members yet, in the order they will join
        self.language = {}
        self.waiting = []                   # (position when ready, number): members who texted recently
        self.ready = []                     # members who may text now
        self.gap = gap
        self.position = 0

    def _release(self):
        while self.waiting and self.waiting[0][0] <= self.position:
            self.ready.append(heapq.heappop(self.waiting)[1])

    def _rest(self, number):
        heapq.heappush(self.waiting, (self.position + self.gap, number))

    def next(self):
        """(kind, number, text)."""
        rng = self.rng
        self._release()
        kinds = dict(MIX)
        if not self.ready:
            kinds = {k: w for k, w in kinds.items() if k in ("join", "stranger")}
        # A stranger is a number that joins much later; none left, no strangers.
        if len(self.fresh) <= self.gap:
            kinds.pop("stranger", None)
        if not self.fresh:
            kinds.pop("join", None)
        if not kinds:
            raise SystemExit("sms_inbound.py: too few numbers for the requests asked (raise --numbers)")
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        self.position += 1
        if kind == "join":
            number = self.fresh.pop(0)
            language = pick(rng, LANGUAGES)
            self.language[number] = language
            code = rng.choice(POSTAL_CODES)
            if language == "ar" and rng.random() < 0.3:
                code = code.translate(ARABIC_INDIC)
            text = rng.choice(JOINS[language]).format(name=rng.choice(NAMES[language]), cp=code)
            self._rest(number)
            return kind, number, text
        if kind == "stranger":
            number = self.fresh[rng.randrange(self.gap, len(self.fresh))]
            return kind, number, rng.choice(STRANGER)
        index = rng.randrange(len(self.ready))
        self.ready[index], self.ready[-1] = self.ready[-1], self.ready[index]
        number = self.ready.pop()
        # Most write in their own language; some use the French keyword they saw on a poster.
        language = self.language[number] if rng.random() < 0.85 else "fr"
        if kind == "menu":
            text = rng.choice(MENU[language])
        elif kind == "events":
            text = rng.choice(EVENTS[language])
        elif kind == "join_event":
            n = rng.randint(1, 3)
            text = rng.choice(JOIN_EVENT[language]).format(n=n, ar=str(n).translate(ARABIC_INDIC))
        elif kind == "need":
            text = rng.choice(NEEDS[language])
        elif kind == "unknown":
            text = rng.choice(UNKNOWN[language])
        else:
            text = rng.choice(REPLIES[language])
        self._rest(number)
        return kind, number, text


def webhook(number, text, message_id, timestamp, secret, received_at):
    envelope = {
        "deviceId": "ffffffffceb0b1db0000018e937c815b",
        "event": "sms:received",
        "id": secrets.token_hex(11)[:21],
        "webhookId": "entraide-sms-received",
        "payload": {"messageId": message_id, "message": text, "phoneNumber": number, "simNumber": 1,
                    "receivedAt": received_at},
    }
    body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
    signature = hmac.new(secret.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    return f"{timestamp}\t{signature}\t".encode() + body + b"\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--prefix", required=True, help="output files: <prefix>-<n>.txt, <prefix>-warmup-1.txt")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--requests", type=int, default=120_000, help="for all threads together")
    parser.add_argument("--numbers", type=int, default=20_000, help="distinct senders, for all threads together")
    parser.add_argument("--warmup", type=int, default=6_000, help="warm-up requests, from 600 other senders")
    parser.add_argument("--gap", type=int, default=100, help="requests of one thread between two texts of one number")
    parser.add_argument("--seed", type=int, default=20_240_611)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    pool = rng.sample(range(10_000_000), args.numbers + 600)
    numbers = [f"+3361{n:07d}" for n in pool]
    timestamp = str(int(time.time()))
    received_at = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
    run = secrets.token_hex(4)
    kinds = Counter()
    languages = Counter()

    def write(path, stream, count, tag):
        with open(path, "wb") as out:
            for i in range(count):
                kind, number, text = stream.next()
                kinds[kind] += tag == "main"
                out.write(webhook(number, text, f"{run}{tag}{i:07d}{secrets.token_hex(4)}", timestamp, args.secret, received_at))

    per_thread = -(-args.requests // args.threads)
    numbers_per_thread = args.numbers // args.threads
    for t in range(args.threads):
        own = numbers[t * numbers_per_thread:(t + 1) * numbers_per_thread]
        stream = Stream(random.Random(args.seed + t + 1), own, args.gap)
        write(f"{args.prefix}-{t + 1}.txt", stream, per_thread, "main")
        languages.update(stream.language.values())
    write(f"{args.prefix}-warmup-1.txt", Stream(random.Random(args.seed - 1), numbers[args.numbers:], args.gap), args.warmup, "warm")

    total = sum(kinds.values())
    mix = ", ".join(f"{kind} {100 * kinds[kind] / total:.0f} %" for kind in MIX)
    joined = sum(languages.values())
    spoken = ", ".join(f"{code} {100 * languages[code] / joined:.0f} %" for code, _ in LANGUAGES)
    print(f"{total} signed webhooks ({per_thread} per wrk thread) from {args.numbers} numbers, signed at {timestamp}: "
          f"{mix}; joins in {spoken}")


if __name__ == "__main__":
    main()
