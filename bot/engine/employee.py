"""What an employee's text does: a question the FAQ answers, suggests for, or hands to a coach; onboarding's
site; a message while their question waits. Buttons that answer a prompt are in bot/engine/prompts.py,
the site question in bot/engine/onboarding.py, writing to a coach and /cancel in bot/engine/with_coach.py.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from time import perf_counter

from bot.engine import message_language, offers, onboarding, scan, small_talk, waiting, with_coach
from bot.engine.work import Turn, Work
from bot.messages import Button, Outgoing
from bot.texts import t
from faq.acts import Act, ActKind
from faq.kb import Entry
from faq.matcher import Decision, Match, Matcher
from storage import sites, tickets
from storage.models import Site, Ticket
from storage.states import ASKED_FOR_PERSON, NO_REPLY, OTHER_QUESTION, REJECTED, REPHRASED, SILENCE

PERSON_WITHOUT_TOPIC = 6  # "ik wil iemand spreken": a request this short says nothing of what about


async def save_site(turn: Turn, site: Site) -> None:
    pending = turn.data.get("pending")
    turn.person.site_id = site.id
    turn.say(t("site_saved", turn.lang, site=site.name))
    turn.set_state("idle")
    if pending:
        await ask(turn, pending)
    else:
        turn.say(t("ask_question", turn.lang))


async def on_site_text(turn: Turn, text: str) -> None:
    site = await onboarding.match_site(turn, text)
    if site is not None:
        await save_site(turn, site)
        return
    pending = turn.data.get("pending")
    if len(text.split()) >= 3 and not pending:
        pending = text  # a question typed before the site: answer it once we know where they work
    turn.say(t("site_unknown", turn.lang), await onboarding.site_buttons(turn), request_location=True)
    turn.set_state("ask_site", pending=pending)


async def on_text(turn: Turn, text: str, act: Act = Act(ActKind.QUESTION)) -> None:
    if turn.conv.state == scan.SCANNING and await scan.on_text(turn, text, act):
        return  # typed instead of pressed during the self-scan: the question again (a real question goes on below)
    if turn.conv.state == "ask_site" or turn.person.site_id is None and turn.person.lat is None:
        message_language.follow(turn, text)
        if turn.conv.state != "ask_site":
            # a question typed before the site is answered once the site is known; "hallo" or "ok" is not one
            await onboarding.ask_site(turn, text if act.kind in (ActKind.QUESTION, ActKind.PERSON) else None)
            return
        await on_site_text(turn, text)
        return
    open_tickets = await tickets.open_tickets_of_employee(turn.session, turn.person.id)
    ticket = open_tickets[0] if open_tickets else None
    if ticket is not None and ticket.state == "accepted":
        await with_coach.relay_to_coach(turn, ticket, text)  # thanks and all: the coach and colleague are talking
        return
    if act.kind not in (ActKind.QUESTION, ActKind.PERSON):
        await small_talk.on_act(turn, act, text)
        return
    if act.kind is ActKind.PERSON and await _person_instead_of_answer(turn):
        return
    wants_person = act.kind is ActKind.PERSON or turn.conv.state == "describe"
    if act.kind is ActKind.PERSON and len(text.split()) <= PERSON_WITHOUT_TOPIC and ticket is None:
        turn.say(t("describe_for_person", turn.lang))  # a coach gets a question with its story, never "iemand aub"
        turn.set_state("describe")
        return
    if ticket is not None and ticket.state in tickets.WAITING_FOR_COACH:
        if act.kind is ActKind.PERSON:
            turn.say(t("waiting_for_coach_already", turn.lang, ticket=ticket.id))
            return
        message_language.follow(turn, text)
        await while_waiting(turn, ticket, text)
        return
    await ask(turn, text, [x for x in open_tickets if x.state == "new"], wants_person=wants_person)


async def _person_instead_of_answer(turn: Turn) -> bool:
    """"help", "iemand aub" right after an answer or suggestions: that answer did not do it; the coach gets
    that question with what the bot tried, not the word "help"."""
    from bot.engine import prompts  # whose handlers need this module's

    ticket_id = str(turn.data.get("ticket", ""))
    if turn.conv.state == "feedback" and ticket_id:
        return await prompts.on_no(turn, ticket_id, straight_to_coach=True)
    if turn.conv.state == "choose" and ticket_id:
        return await prompts.on_none(turn, ticket_id)
    return False


async def while_waiting(turn: Turn, ticket: Ticket, text: str) -> None:
    """A new message while a coach is being found: the FAQ answers it when it can; what it cannot answer is
    part of the waiting question, and the coach sees it with the rest."""
    kb, matcher = turn.engine.faq.current()
    match = matcher.match(text, turn.lang)
    entry = kb.entry(match.entry_id, turn.lang) if match.decision == Decision.ANSWER and match.entry_id else None
    if entry is not None:
        turn.decision = match.decision.value
        answer_beside(turn, ticket, entry)
        return
    ticket.question = ((ticket.question or "") + "\n" + text)[: turn.engine.max_question_chars]
    ticket.last_activity_at = turn.now
    turn.say(t("waiting_for_coach", turn.lang))


def answer_beside(turn: Turn, busy: Ticket, entry: Entry) -> None:
    """An FAQ answer while a coach has, or is being found for, another question: no ticket of its own (one
    open ticket per employee), and a word that the other question still stands."""
    say_in_its_language(turn, entry)
    turn.say(entry.answer.strip())
    if busy.state in tickets.WAITING_FOR_COACH:
        turn.say(t("still_waiting_after_answer", turn.lang, ticket=busy.id))


def say_in_its_language(turn: Turn, entry: Entry) -> None:
    """An answer the FAQ has only in another language says so first, rather than switch language unannounced."""
    if entry.lang != turn.lang:
        turn.say(t("answer_only_in", turn.lang, language=t(f"language_{entry.lang}", turn.lang)))


async def finish_previous(
    turn: Turn, previous: list[Ticket] | None = None, *, topic: str | None = None, wants_person: bool = False
) -> None:
    """A new question ends the employee's unjudged FAQ answers, by what the new question says about them.

    Asked again about the same FAQ entry (`topic`, see `topic_of`), or a person asked for right after
    (`wants_person`): the answer did not help, so it is cancelled, never self-served. About something else:
    self-served but not confirmed (`settle_unanswered`). One open ticket per employee is why it cannot wait
    for the silence rule: the new question's ticket is about to open.

    `previous`: the employee's "new" tickets when the caller has just read them.
    """
    if previous is None:
        previous = await tickets.new_tickets_of_employee(turn.session, turn.person.id)
    for ticket in previous:
        if ticket.faq_entry and (wants_person or topic == ticket.faq_entry):
            ticket.closed_at = turn.now
            await turn.move(ticket, "cancelled", detail=ASKED_FOR_PERSON if wants_person else REPHRASED)
        else:
            await settle_unanswered(turn, ticket, OTHER_QUESTION)


async def settle_unanswered(work: Work, ticket: Ticket, how: str = SILENCE) -> None:
    """An answer nobody judged: self-served, but not confirmed (`how`: SILENCE from the sweep after
    `[routing] feedback_minutes`, OTHER_QUESTION from a new question), unless the employee said no to it;
    suggestions nobody chose were abandoned. Only a "yes" (`on_yes`) makes a confirmed self-service."""
    ticket.closed_at = work.now
    if not ticket.faq_entry:
        await work.move(ticket, "cancelled", detail=NO_REPLY)
    elif await tickets.answer_rejected(work.session, ticket):
        await work.move(ticket, "cancelled", detail=REJECTED)  # a "no", then suggestions left unchosen
    else:
        await work.move(ticket, "self_served", detail=how)


def topic_of(match: Match, matcher: Matcher) -> str | None:
    """The FAQ entry a question is about: the one answered, else the best-scoring one if the matcher would at
    least suggest it. A routed question's weak best guess (a shared word) names no topic: that would turn an
    unrelated question into a "rephrasing" of the answer before it."""
    if match.decision == Decision.ANSWER and match.entry_id:
        return match.entry_id
    if not match.scores:
        return None
    best = max(match.scores, key=lambda e: match.scores[e])
    return best if match.scores[best] >= matcher.thresholds.suggest else None


async def ask(turn: Turn, text: str, previous: list[Ticket] | None = None, *, wants_person: bool = False) -> None:
    """A question (matched in its own language when that is clear): the FAQ answers, suggests, asks once what
    a word or two means, or a coach is found.

    `wants_person`: the employee asked for a person; no FAQ in between, and the coach sees what came before.
    """
    message_language.follow(turn, text)
    clarified = turn.conv.state == "clarify" and turn.data.get("vague")
    kb, matcher = turn.engine.faq.current()
    started = perf_counter()
    match = matcher.match(text, turn.lang)
    turn.engine.metrics.faq_seconds.observe(perf_counter() - started)
    if clarified:
        text = f"{turn.data['vague']}\n{text}"  # the coach, if it comes to one, sees both
    elif not wants_person and match.decision == Decision.ROUTE and small_talk.is_vague(text):
        await small_talk.clarify(turn, text, list(match.scores))  # a word or two the FAQ cannot place: ask once
        return
    await finish_previous(turn, previous, topic=topic_of(match, matcher), wants_person=wants_person)
    person = turn.person
    site = await sites.site(turn.session, person.site_id)  # held: point_of finds it loaded
    lat, lon = await point_of(turn)
    turn.decision = match.decision.value
    answer = match.entry_id if match.decision == Decision.ANSWER and match.entry_id and kb.entry(match.entry_id, turn.lang) else None
    ticket = await tickets.create(
        turn.session, turn.now, employee_id=person.id, question=text, language=turn.lang, site_id=person.site_id,
        department=site.department if site else None, lat=lat, lon=lon,
        faq_decision=match.decision.value, faq_entry=answer,
    )
    if wants_person:
        await hand_to_coach(turn, ticket)
    elif match.decision == Decision.ANSWER and match.entry_id:
        await show_answer(turn, ticket, match.entry_id, list(match.suggestions))
    elif match.decision == Decision.SUGGEST and match.suggestions:
        await show_suggestions(turn, ticket, list(match.suggestions)[:3])
    else:
        await hand_to_coach(turn, ticket)


async def point_of(turn: Turn) -> tuple[float | None, float | None]:
    """Where the employee is: a location shared in the last hour, else their site."""
    person = turn.person
    if location_is_recent(turn.engine, person.lat, person.location_at, turn.now):
        return person.lat, person.lon
    if person.site_id:
        site = await sites.site(turn.session, person.site_id)
        if site:
            return site.lat, site.lon
    return None, None


def location_is_recent(engine, lat: float | None, location_at: datetime | None, now: datetime) -> bool:  # type: ignore[no-untyped-def]
    """A shared location counts for routing for a while (the employee moves on), then their site does."""
    max_age = timedelta(minutes=engine.routing.location_max_age_minutes)
    return lat is not None and location_at is not None and now - location_at <= max_age


async def show_answer(turn: Turn, ticket: Ticket, entry_id: str, alternatives: list[str]) -> None:
    kb, _ = turn.engine.faq.current()
    entry = kb.entry(entry_id, turn.lang)
    if entry is None:
        await hand_to_coach(turn, ticket)
        return
    ticket.faq_entry = entry_id
    say_in_its_language(turn, entry)
    turn.replies.extend(answer_messages(entry.answer, turn.lang, ticket.id))
    turn.set_state("feedback", **feedback_data(turn.data, ticket.id, entry_id, alternatives))


def answer_messages(answer: str, lang: str, ticket_id: int | str) -> list[Outgoing]:
    """An FAQ answer, then "did it help?" with yes/no buttons for this ticket."""
    buttons = (Button(t("yes", lang), f"yes:{ticket_id}"), Button(t("no", lang), f"no:{ticket_id}"))
    return [Outgoing(text=answer.strip()), Outgoing(text=t("did_it_help", lang), buttons=buttons)]


def feedback_data(data: dict, ticket_id: int | str, entry_id: str, alternatives: list[str]) -> dict:
    """The conversation after an answer: which ticket a yes/no is about, what a "no" may suggest next."""
    shown = list(data.get("shown", [])) + [entry_id]
    return {"ticket": ticket_id, "alternatives": [a for a in alternatives if a not in shown], "shown": shown}


async def show_suggestions(turn: Turn, ticket: Ticket, entry_ids: list[str]) -> None:
    kb, _ = turn.engine.faq.current()
    # a suggestion the FAQ has in the reader's language beats one shown in another language
    entry_ids = [e for e in entry_ids if turn.lang in kb.languages_of(e)] or entry_ids
    shown = [e for e in entry_ids if kb.entry(e, turn.lang)]
    buttons = [Button(kb.title(e, turn.lang), f"faq:{ticket.id}:{e}") for e in shown]
    buttons.append(Button(t("none_of_these", turn.lang), f"none:{ticket.id}"))
    await tickets.add_event(turn.session, ticket.id, "suggested", turn.now, detail=",".join(shown))
    turn.say(t("did_you_mean", turn.lang), buttons)
    turn.set_state("choose", ticket=ticket.id, shown=list(turn.data.get("shown", [])))


async def hand_to_coach(turn: Turn, ticket: Ticket) -> None:
    turn.set_state("idle")
    turn.say(t("looking_for_coach", turn.lang))
    state = await offers.route(turn, ticket, tell_employee=False)
    if state in tickets.WAITING_STATES:
        turn.say(await waiting.waiting_text(turn, ticket, turn.lang))


async def on_site(turn: Turn, site_id: str) -> bool:
    site = await sites.site(turn.session, site_id)
    if site is None:
        return False
    await save_site(turn, site)
    return True
