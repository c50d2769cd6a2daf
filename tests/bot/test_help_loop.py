"""The whole help loop through the real engine, on SQLite and PostgreSQL."""
from __future__ import annotations


from sqlalchemy import select

from storage.models import Offer, Ticket, TicketEvent
from storage.reports import ticket_rows
from tests.bot.harness import buttons_to, payloads_to, text_to, to


async def onboard(chat, actor="jan", site="Groendienst, ploeg Citadelpark"):
    await chat.say(actor, "hallo")
    return await chat.say(actor, site)


async def tickets(app):
    async with app.db.session() as s:
        return list((await s.execute(select(Ticket).order_by(Ticket.id))).scalars())


async def test_new_employee_is_greeted_and_asked_for_their_site(chat):
    out = await chat.say("jan", "hallo")
    text = text_to(out, "jan")
    assert "Digicoach" in text and "Op welke plek werk je" in text
    assert "Groendienst, ploeg Citadelpark" in buttons_to(out, "jan")


async def test_misspelled_site_is_matched_and_remembered(chat):
    await chat.say("jan", "hallo")
    out = await chat.say("jan", "groendienst citadelpak")
    assert "Groendienst, ploeg Citadelpark" in text_to(out, "jan")
    out = await chat.say("jan", "/help")
    assert "Op welke plek" not in text_to(out, "jan")  # not asked again


async def test_unknown_site_gets_buttons_again_not_a_dead_end(chat):
    await chat.say("jan", "hallo")
    out = await chat.say("jan", "xyz")
    assert "ken ik niet" in text_to(out, "jan")
    assert len(buttons_to(out, "jan")) >= 5


async def test_question_typed_before_the_site_is_answered_after_it(chat):
    await chat.say("jan", "waar vind ik mijn loonbrief")
    out = await chat.say("jan", "1")  # first site button
    assert "Heeft dit geholpen?" in text_to(out, "jan")


async def test_faq_answer_and_yes_closes_as_self_served(chat, app):
    await onboard(chat)
    out = await chat.say("jan", "waar vind ik mijn loonbrief")
    assert buttons_to(out, "jan")[-2:] == ["Ja", "Nee"]
    out = await chat.say("jan", "ja")
    assert "Fijn" in text_to(out, "jan")
    [ticket] = await tickets(app)
    assert ticket.state == "self_served" and ticket.faq_entry


async def test_english_first_message_gets_english_buttons(chat):
    out = await chat.say("kim", "hello, where can I find my payslip?")
    assert "Where do you usually work?" in text_to(out, "kim")


async def test_no_after_an_answer_ends_with_a_coach_or_suggestions(chat, app):
    await onboard(chat)
    await chat.say("jan", "waar vind ik mijn loonbrief")
    out = await chat.say("jan", "nee")
    text = text_to(out, "jan")
    if "Bedoelde je" in text:  # other suggestions first, then "none of these" routes
        assert buttons_to(out, "jan")[-1] == "Geen van deze"
        out = await chat.say("jan", "Geen van deze")
        text = text_to(out, "jan")
    assert "Ik zoek een digicoach" in text
    assert "Nieuwe vraag" in text_to(out, "coach:anna")


async def test_full_loop_route_accept_relay_close_rate(chat, app):
    await onboard(chat)
    out = await chat.say("jan", "de koffieautomaat in de kantine geeft geen wisselgeld")
    assert "Ik zoek een digicoach" in text_to(out, "jan")
    offer = to(out, "coach:anna")
    assert offer, "the nearest coach (same site) gets the offer"
    assert "Jan" in offer[0].text and "Citadelpark" in offer[0].text and "koffieautomaat" in offer[0].text
    assert [b.payload.split(":")[0] for b in offer[0].buttons] == ["accept", "decline"]

    out = await chat.say("coach:anna", "1")  # accept is the first button
    assert "Anna helpt je" in text_to(out, "jan")
    assert "Je helpt Jan" in text_to(out, "coach:anna")

    out = await chat.say("jan", "het is de printer naast de kantine")
    assert text_to(out, "coach:anna") == "Jan: het is de printer naast de kantine"
    out = await chat.say("coach:anna", "ik kom om 10u langs")
    assert text_to(out, "jan") == "Anna: ik kom om 10u langs"

    await chat.tick(12)
    out = await chat.say("coach:anna", "/close resolved 15")
    assert "afgesloten" in text_to(out, "coach:anna")
    assert buttons_to(out, "jan") == ["1", "2", "3", "4", "5"]
    out = await chat.say("jan", "4")
    assert "Bedankt voor je score" in text_to(out, "jan")

    [ticket] = await tickets(app)
    assert (ticket.state, ticket.outcome, ticket.minutes, ticket.rating, ticket.coach_id) == ("closed", "resolved", 15, 4, "anna")
    async with app.db.session() as s:
        [row] = await ticket_rows(s)
        kinds = [e.kind for e in (await s.execute(select(TicketEvent).order_by(TicketEvent.id))).scalars()]
    assert kinds[:3] == ["created", "offered", "offer"] and "accepted" in kinds and "closed" in kinds
    assert row.wait_seconds == 0 and row.handling_seconds == 12 * 60


async def test_close_by_outcome_buttons(chat, app):
    await onboard(chat)
    await chat.say("jan", "de koffieautomaat in de kantine geeft geen wisselgeld")
    await chat.say("coach:anna", "Ik help")
    out = await chat.say("coach:anna", "Afsluiten")
    assert "Opgelost" in buttons_to(out, "coach:anna")
    out = await chat.say("coach:anna", "Naar servicedesk")
    assert "Hoe goed werd je geholpen" in text_to(out, "jan")
    [ticket] = await tickets(app)
    assert ticket.outcome == "referred_servicedesk"


async def test_decline_offers_the_next_nearest_and_never_the_decliner_again(chat, app):
    await onboard(chat)
    await chat.say("jan", "de deur van de loods klemt en het alarm gaat af")
    out = await chat.say("coach:anna", "Niet nu")
    assert "iemand anders" in text_to(out, "coach:anna")
    assert "Nieuwe vraag" in text_to(out, "coach:lotte")  # Administratief Centrum Zuid is next nearest
    out = await chat.say("coach:anna", "Geen tijd")
    assert "genoteerd" in text_to(out, "coach:anna")
    async with app.db.session() as s:
        offers = list((await s.execute(select(Offer).order_by(Offer.id))).scalars())
    assert [(o.coach_id, o.status, o.reason) for o in offers] == [("anna", "declined", "busy"), ("lotte", "pending", None)]


async def test_offer_time_out_moves_to_the_next_coach_once(chat, app):
    await onboard(chat)
    out = await chat.say("jan", "de deur van de loods klemt en het alarm gaat af")
    old_accept = payloads_to(out, "coach:anna")[0]
    out = await chat.tick(9)
    assert not to(out, "coach:lotte")
    out = await chat.tick(2)
    assert "niet op vraag" in text_to(out, "coach:anna")
    assert "Nieuwe vraag" in text_to(out, "coach:lotte")
    out = await chat.tick(1)
    assert not to(out, "coach:lotte"), "a second sweep must not offer again"
    out = await chat.say("coach:anna", payload=old_accept)  # the old button, pressed late
    assert "aan iemand anders gegeven" in text_to(out, "coach:anna")


async def test_second_accept_gets_already_taken(app, chat):
    app.engine.routing = app.engine.routing.__class__(offers_at_once=2)
    await onboard(chat)
    out = await chat.say("jan", "de deur van de loods klemt en het alarm gaat af")
    assert to(out, "coach:anna") and to(out, "coach:lotte")
    annas_accept = payloads_to(out, "coach:anna")[0]
    out = await chat.say("coach:lotte", "Ik help")
    assert "al opgenomen" in text_to(out, "coach:anna"), "the other coach is told at once"
    out = await chat.say("coach:anna", payload=annas_accept)
    assert "al opgenomen" in text_to(out, "coach:anna")


async def test_forged_accept_of_a_ticket_offered_to_someone_else(chat, app):
    await onboard(chat)
    out = await chat.say("jan", "de deur van de loods klemt en het alarm gaat af")
    accept = payloads_to(out, "coach:anna")[0]
    out = await chat.say("coach:wout", payload=accept)
    assert "niet aan jou aangeboden" in text_to(out, "coach:wout")
    [ticket] = await tickets(app)
    assert ticket.state == "offered" and ticket.coach_id is None


async def test_employee_cancel_withdraws_the_offer(chat, app):
    await onboard(chat)
    out = await chat.say("jan", "de deur van de loods klemt en het alarm gaat af")
    accept = payloads_to(out, "coach:anna")[0]
    out = await chat.say("jan", "/cancel")
    assert "geannuleerd" in text_to(out, "jan")
    assert "geannuleerd" in text_to(out, "coach:anna")
    out = await chat.say("coach:anna", payload=accept)
    assert "niet meer open" in text_to(out, "coach:anna")
    [ticket] = await tickets(app)
    assert ticket.state == "cancelled"


async def test_nobody_available_queues_with_position_and_offers_on_resume(chat, app):
    for coach in ("anna", "bram", "lotte", "jens", "wout", "sofie"):
        await chat.say(f"coach:{coach}", "/pause")
    await onboard(chat)
    out = await chat.say("jan", "de deur van de loods klemt en het alarm gaat af")
    assert "je bent nummer 1" in text_to(out, "jan")
    await onboard(chat, "piet")
    out = await chat.say("piet", "de koffieautomaat in de kantine geeft geen wisselgeld")
    assert "je bent nummer 2" in text_to(out, "piet")
    out = await chat.say("coach:wout", "/resume")
    offered = text_to(out, "coach:wout")
    assert "#1" in offered and "#2" not in offered, "first come, first served; Wout has capacity 1"


async def test_wrong_role_commands_answer_plainly(chat):
    await onboard(chat)
    assert "voor digicoaches" in text_to(await chat.say("jan", "/pause"), "jan")
    assert "voor digicoaches" in text_to(await chat.say("jan", "/close resolved"), "jan")
    assert "voor collega's met een vraag" in text_to(await chat.say("coach:anna", "/cancel"), "coach:anna")
    assert "voor digicoaches" in text_to(await chat.say("coordinator:tom", "/resume"), "coordinator:tom")


async def test_bad_input_gets_a_plain_answer(chat, app):
    await onboard(chat)
    assert "leeg bericht" in text_to(await chat.say("jan", "   "), "jan")
    assert "ken ik niet" in text_to(await chat.say("jan", "/frobnicate"), "jan")
    await chat.say("jan", "ja")  # no buttons pending any more after /frobnicate
    assert "niets om te kiezen" in text_to(await chat.say("jan", "3"), "jan")
    out = await chat.say("jan", "x" * 5000)
    assert "erg lang" in text_to(out, "jan")
    assert "niet meer geldig" in text_to(await chat.say("jan", payload="accept:999"), "jan")
    assert "niet meer geldig" in text_to(await chat.say("jan", payload="garbage"), "jan")
    rows = await tickets(app)
    assert all(len(t.question or "") <= 2000 for t in rows)


async def test_duplicate_delivery_is_handled_once(chat, app):
    await onboard(chat)
    first = await chat.say("jan", "de deur van de loods klemt", message_id="42")
    again = await chat.say("jan", "de deur van de loods klemt", message_id="42")
    assert first and again == []
    assert len(await tickets(app)) == 1


async def test_coach_close_usage_and_nothing_to_close(chat):
    assert "/close UITKOMST" in text_to(await chat.say("coach:anna", "/close"), "coach:anna")
    assert "geen open vraag" in text_to(await chat.say("coach:anna", "/close resolved"), "coach:anna")


async def test_language_command_switches_language(chat):
    await onboard(chat)
    assert "English" in text_to(await chat.say("jan", "/lang en"), "jan")
    out = await chat.say("jan", "/help")
    assert "Type your question" in text_to(out, "jan")
    assert "Choose a language" in text_to(await chat.say("jan", "/lang de"), "jan")
