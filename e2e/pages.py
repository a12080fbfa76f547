"""Every web page of the server, with real content behind it, for the browser suites.

`site()` fills the session's server once through the JSON API and the CLI (members, a page and
more of actions, a weekly event, a group with posts, a poll and comments, a long conversation,
notifications, a held text and a report for the moderators, a decision in the log), then
`site().pages()` lists what a browser visits: one `Page` per (route, logged in or not).

A member (Marie) who is moderator and admin walks the logged-in pages, so the menu is the longest
one and every staff page is reached. The home page, which differs by goal (the first-week
checklist), is also walked by a newcomer of each other goal: Karim (asking for help) and Olga
(an organisation, in a département with nothing happening, so her page shows the fallback). A new GET route that is a page must be added to `PAGES`,
and one that is not a page (a download, a socket) to `NOT_PAGES`: `page_routes()` reads the
server's own route list and test_page_budgets.py fails on any route in neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from datetime import datetime, timedelta, timezone
from typing import Callable

import requests

import helpers

# GET routes that are pages: all but the API, static files, probes and the live socket.
NOT_PAGE_PREFIXES = ("/api/", "/static/")
NOT_PAGE_PATHS = {"/api", "/health", "/metrics", "/live"}
# GET routes that answer something other than a page, and why they are not walked.
NOT_PAGES = {
    "/account/export": "a JSON download of the member's data",
    "/manifest.webmanifest": "the web app manifest (JSON), counted as a request of the pages that link it",
    "/sw.js": "the service worker's script",
    "/photos/:userID/:file": "a member's photo (an image), counted as a request of the pages that show it",
    "/rounds/organisations/:organisationID/statistics.csv": "an association's figures as a CSV download",
}

# Where each page's id comes from in the `Site` (route pattern -> a function of the site).
_Url = Callable[["Site"], str]


@dataclass(frozen=True)
class PageSpec:
    route: str                  # as `entraide routes` prints it
    url: _Url
    visitor: bool = False       # a logged-out visitor sees it (else: redirected to /login); members see them all
    member: str = "marie"       # the `Site` member who walks it logged in; another one walks a second view of a route


PAGES: list[PageSpec] = [
    PageSpec("/", lambda s: "/", visitor=True),
    PageSpec("/signup", lambda s: "/signup", visitor=True),
    PageSpec("/login", lambda s: "/login", visitor=True),
    PageSpec("/login/sms", lambda s: "/login/sms", visitor=True),
    PageSpec("/login/code", lambda s: "/login/code", visitor=True),
    PageSpec("/offline", lambda s: "/offline", visitor=True),
    PageSpec("/me", lambda s: "/me"),
    PageSpec("/account", lambda s: "/account"),
    PageSpec("/users/:userID", lambda s: f"/users/{s.karim.id}"),
    PageSpec("/actions", lambda s: "/actions"),
    PageSpec("/actions/new", lambda s: "/actions/new"),
    PageSpec("/actions/:actionID", lambda s: f"/actions/{s.action_id}"),
    PageSpec("/actions/:actionID/edit", lambda s: f"/actions/{s.action_id}/edit"),
    PageSpec("/events", lambda s: "/events"),
    PageSpec("/events/new", lambda s: "/events/new"),
    PageSpec("/events/:eventID", lambda s: f"/events/{s.event_id}"),
    PageSpec("/events/:eventID/edit", lambda s: f"/events/{s.event_id}/edit"),
    PageSpec("/conversations", lambda s: "/conversations"),
    PageSpec("/conversations/:conversationID", lambda s: f"/conversations/{s.conversation_id}"),
    PageSpec("/notifications", lambda s: "/notifications"),
    PageSpec("/notifications/preferences", lambda s: "/notifications/preferences"),
    PageSpec("/groups", lambda s: "/groups"),
    PageSpec("/groups/new", lambda s: "/groups/new"),
    PageSpec("/groups/:groupID", lambda s: f"/groups/{s.group_id}"),
    PageSpec("/groups/:groupID/edit", lambda s: f"/groups/{s.group_id}/edit"),
    PageSpec("/posts/:postID", lambda s: f"/posts/{s.post_id}"),
    PageSpec("/feed", lambda s: "/feed?lat=48.8566&lon=2.3522&radiusKm=5"),
    PageSpec("/moderation", lambda s: "/moderation"),
    PageSpec("/moderation/cases/:caseID", lambda s: f"/moderation/cases/{s.case_id}"),
    PageSpec("/admin/moderation-log", lambda s: "/admin/moderation-log"),
    PageSpec("/people", lambda s: "/people"),
    PageSpec("/rounds", lambda s: "/rounds"),
    PageSpec("/rounds/:roundID", lambda s: f"/rounds/{s.round_id}"),
    PageSpec("/rounds/:roundID/report", lambda s: f"/rounds/{s.round_id}/report"),
    PageSpec("/rounds/organisations/:organisationID", lambda s: f"/rounds/organisations/{s.organisation_id}"),
    PageSpec("/rounds/organisations/:organisationID/statistics", lambda s: f"/rounds/organisations/{s.organisation_id}/statistics"),
    PageSpec("/rounds/organisations/:organisationID/members", lambda s: f"/rounds/organisations/{s.organisation_id}/members"),
    PageSpec("/rounds/organisations/:organisationID/sectors", lambda s: f"/rounds/organisations/{s.organisation_id}/sectors"),
    PageSpec("/rounds/organisations/:organisationID/report-form", lambda s: f"/rounds/organisations/{s.organisation_id}/report-form"),
    PageSpec("/rounds/organisations/:organisationID/people", lambda s: f"/rounds/organisations/{s.organisation_id}/people"),
    PageSpec("/rounds/organisations/:organisationID/access-log", lambda s: f"/rounds/organisations/{s.organisation_id}/access-log"),
    PageSpec("/services", lambda s: "/services?near=75011", visitor=True),
    PageSpec("/services/:placeID", lambda s: f"/services/{s.place_id}", visitor=True),
    PageSpec("/services/suggest", lambda s: "/services/suggest"),
    PageSpec("/services/:placeID/suggest", lambda s: f"/services/{s.place_id}/suggest"),
    PageSpec("/services/review", lambda s: "/services/review"),
    PageSpec("/services/review/:suggestionID", lambda s: f"/services/review/{s.place_suggestion_id}"),
    PageSpec("/learn", lambda s: "/learn", visitor=True),
    PageSpec("/learn/:journey", lambda s: f"/learn/{s.journey}", visitor=True),
    PageSpec("/learn/:journey/:article", lambda s: f"/learn/{s.journey}/{s.article}", visitor=True),
    PageSpec("/staff/learning", lambda s: "/staff/learning"),
    PageSpec("/staff/learning/new", lambda s: "/staff/learning/new"),
    PageSpec("/staff/learning/:journey/:language", lambda s: f"/staff/learning/{s.journey}/fr"),
    PageSpec("/staff/learning/:journey/:language/preview", lambda s: f"/staff/learning/{s.journey}/fr/preview?article={s.article}"),
    PageSpec("/admin/first-week", lambda s: "/admin/first-week"),
    # The home page of a newcomer of each other goal (Marie's is a neighbour's).
    PageSpec("/", lambda s: "/", member="karim"),
    PageSpec("/", lambda s: "/", member="olga"),
    PageSpec("/charter", lambda s: "/charter", visitor=True),
    PageSpec("/committee", lambda s: "/committee"),
    PageSpec("/committee/new/:kind", lambda s: "/committee/new/charter"),
    PageSpec("/committee/proposals/:proposalID", lambda s: f"/committee/proposals/{s.proposal_id}"),
    PageSpec("/committee/proposals/:proposalID/revise", lambda s: f"/committee/proposals/{s.own_proposal_id}/revise"),
]

# Pages that are no route of their own but that people see: the error page (to visitors and members).
EXTRA_PAGES: list[tuple[str, str]] = [
    ("error 404", "/this-page-does-not-exist"),
]


@dataclass(frozen=True)
class Page:
    name: str           # the route pattern, "(visitor)" or "(member)" appended
    route: str
    url: str            # path and query, without the host
    member: str         # who walks it: "" logged out, else a `Site` member's attribute name

    @property
    def logged_in(self) -> bool:
        return bool(self.member)


def page_routes() -> list[str]:
    """The GET routes of the running server's binary that are pages (`entraide routes`)."""
    out = helpers.run_cli("routes")
    routes = []
    for line in out.splitlines():
        match = re.match(r"\|\s*GET\s*\|\s*(\S+)\s*\|", line)
        if match:
            path = match.group(1)
            if not path.startswith(NOT_PAGE_PREFIXES) and path not in NOT_PAGE_PATHS:
                routes.append(path)
    if not routes:
        raise AssertionError(f"`entraide routes` listed no GET page route:\n{out[:2000]}")
    return routes


# --- content ---------------------------------------------------------------------------------

PARIS = {"lat": 48.8566, "lon": 2.3522}

ACTION_TITLES = [
    ("request", "food", "Des courses pour la semaine"),
    ("offer", "services", "Aide pour remplir un dossier CAF"),
    ("request", "clothes", "Un manteau chaud taille L"),
    ("offer", "social", "Un café et une discussion le samedi"),
    ("request", "equipment", "Un sac de couchage"),
    ("offer", "hygiene", "Kits d'hygiène à donner"),
    ("request", "services", "Recharger mon téléphone"),
    ("offer", "food", "Soupe chaude le mardi soir"),
    ("request", "social", "Quelqu'un pour parler"),
    ("offer", "clothes", "Chaussures de marche pointure 42"),
]


def _check(response: requests.Response, what: str) -> dict:
    assert response.status_code in (200, 201), f"{what}: {response.status_code} {response.text[:500]}"
    return response.json() if response.content else {}


def _post(member: helpers.Member, path: str, body: dict, what: str) -> dict:
    return _check(requests.post(helpers.api(path), json=body, headers=member.headers, timeout=30), what)


@dataclass
class Site:
    base_url: str
    marie: helpers.Member = None     # walks the member pages: organiser, moderator and admin
    karim: helpers.Member = None
    lucie: helpers.Member = None
    olga: helpers.Member = None      # signed up as an organisation, where nothing happens yet
    action_id: str = ""
    event_id: str = ""
    group_id: str = ""
    post_id: str = ""
    conversation_id: str = ""
    case_id: str = ""
    round_id: str = ""
    organisation_id: str = ""
    place_id: str = ""
    place_suggestion_id: str = ""
    journey: str = ""
    article: str = ""
    proposal_id: str = ""         # Karim's open word-list proposal: Marie, on the committee, sees the vote form
    own_proposal_id: str = ""     # Marie's own open proposal: she revises it
    notes: list[str] = field(default_factory=list)

    def pages(self) -> list[Page]:
        """Visitor pages first, then member pages (the browser logs in once)."""
        visitor = [Page(f"{spec.route} (visitor)", spec.route, spec.url(self), "") for spec in PAGES
                   if spec.visitor and spec.member == "marie"]
        visitor += [Page(f"{name} (visitor)", name, url, "") for name, url in EXTRA_PAGES]
        member = [Page(_member_name(spec), spec.route, spec.url(self), spec.member) for spec in PAGES]
        member += [Page(f"{name} (member)", name, url, "marie") for name, url in EXTRA_PAGES]
        return visitor + member

    def page(self, name: str) -> Page:
        for page in self.pages():
            if page.name == name:
                return page
        raise KeyError(name)


def _member_name(spec: PageSpec) -> str:
    return f"{spec.route} (member)" if spec.member == "marie" else f"{spec.route} (member {spec.member})"


def page_names() -> list[str]:
    """The names `Site.pages()` gives, in its order, known before any content exists (test ids)."""
    names = [f"{spec.route} (visitor)" for spec in PAGES if spec.visitor and spec.member == "marie"]
    names += [f"{name} (visitor)" for name, _ in EXTRA_PAGES]
    names += [_member_name(spec) for spec in PAGES]
    names += [f"{name} (member)" for name, _ in EXTRA_PAGES]
    return names


_SITE: dict[str, Site | BaseException] = {}


def site() -> Site:
    """The content, built once per server (a failure too: every page test reports it at once)."""
    base = helpers.base_url()
    if base not in _SITE:
        try:
            _SITE[base] = _build(base)
        except Exception as exc:  # noqa: BLE001
            _SITE[base] = exc
    built = _SITE[base]
    if isinstance(built, BaseException):
        raise AssertionError(f"the content the browser suites walk could not be made: {built}") from built
    return built


def _build(base_url: str) -> Site:
    s = Site(base_url=base_url)
    s.marie = helpers.signup_email(first_name="Marie", last_name="Durand", goal="offer_help",
                                   email=helpers.unique_email("walker"))
    s.karim = helpers.signup_email(first_name="Karim", last_name="Benali", goal="ask_for_help")
    s.lucie = helpers.signup_email(first_name="Lucie", last_name="Martin", goal="offer_help")
    for member, about in ((s.marie, "Retraitée, je connais bien le quartier et j'aime cuisiner."),
                          (s.karim, "J'aime le foot, les échecs et la musique."),
                          (s.lucie, "Étudiante, disponible le week-end.")):
        _check(requests.patch(helpers.api("/me"), headers=member.headers, timeout=30, json={
            "about": about, "postalCode": "75011", "city": "Paris", "travelDistanceKm": 5,
            "interests": ["cooking", "conversation", "sport"], "availability": ["weekend_mornings", "weekday_evenings"],
            "languages": ["fr", "ar"],
        }), "profile")
    # Photos, so the profile pages are measured with their (lazy-loaded, server-resized) photo.
    photo = (Path(__file__).resolve().parent.parent / "Tests/EntraideCoreTests/Media/Fixtures/detail-progressive.jpg").read_bytes()
    for member in (s.marie, s.karim):
        _check(requests.put(helpers.api("/me/photo"), headers={**member.headers, "Content-Type": "image/jpeg"},
                            data=photo, timeout=30), "photo")
    # A newcomer organisation in Guéret (23): nothing nearby, so her home page offers online events and
    # the nearest zone with activity.
    s.olga = helpers.signup_email(first_name="Olga", last_name="Petrenko", goal="organisation")
    _check(requests.patch(helpers.api("/me"), headers=s.olga.headers, timeout=30, json={
        "about": "Bénévole d'une petite association.", "postalCode": "23000", "city": "Guéret",
        "interests": ["volunteering"]}), "profile")
    helpers.run_cli("users", "grant-role", s.marie.email, "moderator", "--by", "e2e")
    helpers.run_cli("users", "grant-role", s.marie.email, "admin", "--by", "e2e")
    helpers.run_cli("users", "grant-role", s.marie.email, "committee", "--by", "e2e")
    helpers.run_cli("users", "grant-role", s.karim.email, "animator", "--by", "e2e")

    # Actions: more than a page (20), so the list shows its "more" link.
    actions = []
    for i in range(21):
        kind, category, title = ACTION_TITLES[i % len(ACTION_TITLES)]
        actions.append(_post(s.marie, "/actions", {
            "kind": kind, "category": category, "title": title if i < len(ACTION_TITLES) else f"{title} ({i})",
            "description": "Je peux passer en fin de journée. Merci d'avance à qui pourra m'aider !",
            "location": PARIS, "city": "Paris", "postalCode": "75011",
        }, "action"))
    s.action_id = str(actions[0]["id"])
    # Karim offers his help: a conversation with Marie opens, Marie is notified.
    joined = _post(s.karim, f"/actions/{s.action_id}/membership", {}, "join action")

    # A weekly event, 21 occurrences: the list is full and has its "more" link.
    starts = (datetime.now(timezone.utc) + timedelta(days=2)).replace(hour=16, minute=0, second=0, microsecond=0)
    event = _post(s.marie, "/events", {
        "title": "Foot du jeudi au city stade", "description": "Un match amical, ouvert à tous les niveaux. "
        "Des chasubles et de l'eau sont prévues.",
        "startsAt": starts.isoformat().replace("+00:00", "Z"),
        "endsAt": (starts + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
        "timeZone": "Europe/Paris", "placeName": "City stade Nationale", "address": "Place de la Nation",
        "postalCode": "75011", "city": "Paris", "location": PARIS, "capacity": 14,
        "sportActivity": "football", "partnerClub": "FC Belleville",
        "recurrence": {"frequency": "weekly", "count": 21},
    }, "event")
    s.event_id = str(event["id"])
    # An online event: what the home page offers members with nothing nearby.
    _post(s.marie, "/events", {
        "title": "Atelier en ligne : premiers pas dans l'entraide", "description": "Une heure pour poser vos questions.",
        "startsAt": (starts + timedelta(days=1)).isoformat().replace("+00:00", "Z"),
        "endsAt": (starts + timedelta(days=1, hours=1)).isoformat().replace("+00:00", "Z"),
        "timeZone": "Europe/Paris", "online": True, "onlineUrl": "https://visio.example.org/atelier",
    }, "online event")
    _post(s.karim, f"/events/{s.event_id}/participation", {}, "participate")
    _post(s.lucie, f"/events/{s.event_id}/participation", {}, "participate")

    # A group with more posts than a page (5), a poll, comments and reactions.
    group = _post(s.marie, "/groups", {
        "name": "Voisins solidaires du 11e", "visibility": "public",
        "description": "Entraide entre voisins : repas partagés, coups de main, sorties.",
        "welcomeMessage": "Bienvenue ! Présentez-vous en quelques mots.",
        "charter": "Bienveillance, discrétion, pas d'adresse ni de numéro de téléphone dans les messages.",
        "postalCode": "75011", "city": "Paris", "location": PARIS,
    }, "group")
    s.group_id = str(group["id"])
    _post(s.karim, f"/groups/{s.group_id}/membership", {}, "join group")
    _post(s.lucie, f"/groups/{s.group_id}/membership", {}, "join group")
    posts = []
    for text in ("Repas partagé dimanche midi à la salle paroissiale, chacun apporte un plat.",
                 "Merci à tous pour la collecte de vêtements, nous avons rempli trois cartons !",
                 "Quelqu'un a-t-il une poussette à prêter pour une maman du quartier ?",
                 "Rappel : la permanence du jeudi est décalée à 18 h cette semaine.",
                 "Une sortie au musée le mois prochain, ça vous dit ?"):
        posts.append(_post(s.marie, f"/groups/{s.group_id}/posts", {"body": text}, "post"))
    poll = _post(s.marie, f"/groups/{s.group_id}/posts", {
        "body": "Quel jour pour le prochain repas partagé ?", "poll": ["Samedi midi", "Dimanche midi", "Mercredi soir"],
    }, "poll")
    s.post_id = str(poll["id"])
    _post(s.karim, f"/posts/{s.post_id}/votes", {"option": 1}, "vote")
    _post(s.lucie, f"/posts/{s.post_id}/votes", {"option": 0}, "vote")
    comment = None
    for member, text in ((s.karim, "Dimanche me va très bien."), (s.lucie, "Je peux apporter un dessert."),
                         (s.karim, "Je viendrai avec mon cousin si c'est possible."),
                         (s.marie, "Bien sûr, plus on est de fous…")):
        comment = _post(member, f"/posts/{s.post_id}/comments", {"body": text}, "comment")
    for post in (poll, *posts[-2:]):
        _post(s.karim, f"/posts/{post['id']}/reactions", {"kind": "thanks"}, "reaction")
        _post(s.lucie, f"/posts/{post['id']}/reactions", {"kind": "heart"}, "reaction")
    _post(s.karim, f"/posts/{posts[-1]['id']}/comments", {"body": "Oui, avec plaisir !"}, "comment")

    # The conversation Karim's help opened: more messages than a page (30).
    conversation_id = (joined.get("conversationID") or joined.get("conversation", {}).get("id")
                       if isinstance(joined, dict) else None)
    if not conversation_id:
        conversations = _check(requests.get(helpers.api("/conversations"), headers=s.marie.headers, timeout=30),
                               "conversations")
        items = conversations.get("items", conversations) if isinstance(conversations, dict) else conversations
        conversation_id = items[0]["id"]
    s.conversation_id = str(conversation_id)
    lines = ["Bonjour Marie, je peux vous aider pour les courses.", "Merci beaucoup Karim !",
             "Quel jour vous arrange ?", "Jeudi après 17 h si possible.", "Parfait, on se retrouve à la boulangerie ?",
             "Oui, celle près du métro.", "À jeudi alors !", "À jeudi, bonne soirée."]
    for i in range(32):
        author = s.karim if i % 2 == 0 else s.marie
        _post(author, f"/conversations/{s.conversation_id}/messages", {"body": lines[i % len(lines)]}, "message")
    # A conversation of three.
    _post(s.lucie, "/conversations", {"participantIDs": [s.marie.id, s.karim.id], "title": "Organisation du repas"},
          "group conversation")

    # Moderation: a held text (a phone number in a public action) and a report.
    _post(s.karim, "/actions", {
        "kind": "request", "category": "services", "title": "Besoin d'un coup de main",
        "description": "Appelez-moi au 06 12 34 56 78 pour qu'on s'organise.",
        "location": PARIS, "city": "Paris", "postalCode": "75011",
    }, "held action")
    _post(s.lucie, "/reports", {"subjectType": "comment", "subjectID": str(comment["id"]), "reason": "insult",
                                "message": "Ce commentaire me semble déplacé."}, "report")
    queue = _check(requests.get(helpers.api("/moderation/queue"), headers=s.marie.headers, timeout=30), "queue")
    cases = queue.get("items", queue) if isinstance(queue, dict) else queue
    held = [c for c in cases if c.get("source") == "held"]
    reported = [c for c in cases if c.get("source") == "report"]
    assert held and reported, f"expected a held case and a report in the queue: {cases!r}"
    s.case_id = str(held[0]["id"])
    _post(s.marie, f"/moderation/cases/{reported[0]['id']}/decision",
          {"action": "approve", "reason": "Rien de déplacé dans ce commentaire."}, "decision")
    _build_rounds(s)

    # Services directory: the demo city's places, and a correction waiting for staff.
    helpers.run_cli("places", "import", "Resources/Places/demo-places.csv", "--source", "demo")
    places = _check(requests.get(helpers.api("/places?q=maraude"), timeout=30), "places")
    s.place_id = str(places["items"][0]["id"])
    suggestion = _post(s.karim, "/places/suggestions", {"placeId": s.place_id, "place": {"phone": "06 00 00 00 99"},
                                                        "note": "Nouveau numéro de la maraude."}, "place suggestion")
    s.place_suggestion_id = str(suggestion["id"])

    # The street committee: a charter Karim proposed and Marie (the only committee member)
    # approved, so /charter shows it; an open word-list change by Karim; an open proposal by Marie.
    charter = _post(s.karim, "/committee/proposals", {
        "kind": "charter", "title": "Première charte", "rationale": "Dire comment on se parle ici.", "language": "fr",
        "text": "Chacun est accueilli tel qu'il est.\nOn ne juge personne.\nOn ne dit jamais où dort quelqu'un.\n"
                "On se parle avec respect, en ligne comme dans la rue."}, "charter proposal")
    _post(s.marie, f"/committee/proposals/{charter['proposal']['id']}/votes", {"choice": "approve"}, "charter vote")
    words = _post(s.karim, "/committee/proposals", {
        "kind": "sensitive_words", "title": "Une insulte entendue souvent", "rationale": "Signalée trois fois ce mois-ci.",
        "language": "fr", "add": "cassos", "category": "insult", "match": "stem"}, "word proposal")
    s.proposal_id = str(words["proposal"]["id"])
    own = _post(s.marie, "/committee/proposals", {
        "kind": "other", "title": "Horaires des permanences", "rationale": "Plus tôt le samedi.",
        "before": "Samedi : 10 h – 12 h", "after": "Samedi : 9 h – 12 h"}, "other proposal")
    s.own_proposal_id = str(own["proposal"]["id"])

    # Learning journeys: the shipped ones, and the article with the first quiz.
    helpers.run_cli("learning", "load")
    journeys = _check(requests.get(helpers.api("/learning/journeys"), timeout=30), "journeys")
    s.journey = str(journeys[0]["slug"])
    journey = _check(requests.get(helpers.api(f"/learning/journeys/{s.journey}"), timeout=30), "journey")
    s.article = str(journey["chapters"][0]["articles"][0]["key"])
    return s


def _build_rounds(s: Site) -> None:
    """An association (Marie, a platform admin, opens it), Lucie as a volunteer, a report form, and an
    ongoing round with encounters, open needs, notes and its report."""
    association = _post(s.marie, "/organisations", {"name": "Maraude du Canal"}, "association")
    s.organisation_id = str(association["id"])
    base = f"/organisations/{association['id']}"
    _post(s.marie, f"{base}/members", {"userID": s.lucie.id, "role": "volunteer"}, "association member")
    sector = _post(s.marie, f"{base}/sectors", {"name": "Gare de l'Est"}, "sector")
    started = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    round_ = _post(s.marie, f"{base}/rounds", {"kind": "food", "startsAt": started, "transport": "on_foot",
                                               "sectorID": sector["id"], "team": [s.lucie.id],
                                               "plannedRoute": "Parvis de la gare, canal Saint-Martin, Jaurès"}, "round")
    s.round_id = str(round_["id"])
    _post(s.marie, f"{base}/rounds/{s.round_id}/start", {}, "start round")
    for alias, needs, notes in (("Jojo", [{"need": "shoes", "size": 43}, {"need": "sleeping_bag"}], "Souhaite voir un médecin cette semaine."),
                                ("Nour", [{"need": "hygiene_kit"}, {"need": "someone_to_talk_to"}], "Parle arabe et un peu de français."),
                                ("Malik", [{"need": "blankets"}], None)):
        body = {"person": {"alias": alias}, "needs": needs}
        if notes:
            body["notes"] = notes
        _post(s.marie, f"{base}/rounds/{s.round_id}/encounters", body, "encounter")
    _check(requests.put(helpers.api(f"{base}/report-form"), json={"questions": [
        {"label": "Repas distribués", "kind": "number", "required": True},
        {"label": "Météo", "kind": "choice", "choices": ["Beau", "Pluie", "Froid"]},
        {"label": "Un mot pour l'équipe suivante", "kind": "text"},
    ]}, headers=s.marie.headers, timeout=30), "report form")
    _check(requests.put(helpers.api(f"{base}/rounds/{s.round_id}/report"), json={"answers": {"q1": "14", "q2": "Froid"}},
                        headers=s.marie.headers, timeout=30), "round report")
