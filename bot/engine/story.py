"""A ticket's whole story, for the coach: what the bot answered or suggested, what the employee said was
wrong, what they wrote later. A volunteer should never get a bare "wachtwoord" without its context."""
from __future__ import annotations

from bot.engine.work import Work
from bot.texts import t
from storage import scans, tickets
from storage.models import Ticket

MAX_LINE = 300


async def story(work: Work, ticket: Ticket, lang: str) -> str:
    """The question, then one line per thing that happened before a coach was asked (nothing when nothing did)."""
    kb, _ = work.engine.faq.current()

    def titles(detail: str | None) -> str:
        return ", ".join(kb.title(e, ticket.language) for e in (detail or "").split(",") if e)

    first, *later = (ticket.question or "").split("\n")
    lines = [f"“{_short(first)}”"]
    for event in await tickets.events_of(work.session, ticket.id, ("suggested", "suggestion_used", "faq_rejected", "suggestions_rejected")):
        if event.kind == "suggested":
            lines.append(t("story_suggested", lang, titles=titles(event.detail)))
        elif event.kind == "suggestion_used":
            lines.append(t("story_picked", lang, title=titles(event.detail)))
        elif event.kind == "faq_rejected":
            lines.append(t("story_rejected", lang, title=titles(event.detail)))
        else:
            lines.append(t("story_none_fit", lang))
    lines += [t("story_later", lang, text=_short(text)) for text in later if text.strip()]
    if ticket.scan_id is not None:
        lines += await _learning(work, ticket, lang)
    return "\n".join(lines)


async def _learning(work: Work, ticket: Ticket, lang: str) -> list[str]:
    """A learning question after the self-scan: its result only if the colleague said the coach may see it."""
    scan = await scans.shared_with_coach(work.session, ticket)
    if scan is None:
        return [t("story_learning", lang), t("story_learning_private", lang)]
    definition = work.engine.scan
    profile = definition.profile(scan.profile or "")
    weak = [a.name(lang) for a in (definition.area(x) for x in scans.area_list(scan.weak)) if a is not None]
    return [t("story_learning", lang), t("story_learning_profile", lang, profile=profile.name(lang) if profile else "?",
                                         areas=", ".join(weak) or t("scan_nothing", lang))]


def _short(text: str) -> str:
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"
