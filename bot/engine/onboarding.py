"""Where does a new employee work? The nearest coach is found from their site (or a shared location)."""
from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from bot.engine.work import Turn
from bot.messages import Button
from bot.texts import t
from storage import sites
from storage.models import Site

SITE_MATCH_CUTOFF = 75
MAX_SITE_BUTTONS = 8


async def site_buttons(turn: Turn) -> list[Button]:
    known = await sites.all_sites(turn.session)
    return [Button(s.name, f"site:{s.id}") for s in known[:MAX_SITE_BUTTONS]]


async def ask_site(turn: Turn, pending_question: str | None = None) -> None:
    turn.say(t("ask_site", turn.lang), await site_buttons(turn), request_location=True)
    turn.set_state("ask_site", pending=pending_question)


async def match_site(turn: Turn, text: str) -> Site | None:
    """A typed, misspelled site name (\"groendienst kerkstrat\") still finds the site."""
    known = await sites.all_sites(turn.session)
    choices = {s.id: f"{s.name} {s.id.replace('-', ' ')} {s.department or ''}" for s in known}
    best = process.extractOne(text, choices, scorer=fuzz.partial_token_sort_ratio, processor=utils.default_process)
    if best is None or best[1] < SITE_MATCH_CUTOFF or len(utils.default_process(text)) < 3:
        return None
    return next(s for s in known if s.id == best[2])
