"""Signing in: only a coordinator's fresh link, once; sessions end; forms need their token."""
from __future__ import annotations

from datetime import timedelta

from aiohttp import ClientSession

from tests.web.conftest import csrf_of, link_for, signed_in


async def test_a_link_signs_in_once_and_sign_out_ends_the_session(chat, server):
    client = await signed_in(chat, server)
    async with client:
        page = await client.get(f"{server}/console/now")
        html = await page.text()
        assert page.status == 200 and "Vragen op dit moment" in html
        cookie = client.signin_cookie
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["secure"]
        out = await client.post(f"{server}/console/signout", data={"csrf": csrf_of(html)})
        assert out.status == 200 and "afgemeld" in (await out.text())
        again = await client.get(f"{server}/console/now")
        assert again.status == 401


async def test_a_used_expired_or_forged_link_is_refused(chat, server):
    link = await link_for(chat)
    token = link.split("token=", 1)[1]
    async with ClientSession() as client:
        first = await client.post(f"{server}/console/signin", data={"token": token}, allow_redirects=False)
        assert first.status == 303
    async with ClientSession() as client:
        reused = await client.post(f"{server}/console/signin", data={"token": token}, allow_redirects=False)
        assert reused.status == 403 and "/web" in await reused.text()
        forged = await client.post(f"{server}/console/signin", data={"token": token[:-2] + "xx"}, allow_redirects=False)
        assert forged.status == 403
        late = (await link_for(chat)).split("token=", 1)[1]
        chat.clock.advance(timedelta(minutes=11))
        expired = await client.post(f"{server}/console/signin", data={"token": late}, allow_redirects=False)
        assert expired.status == 403
        assert (await client.get(f"{server}/console/now")).status == 401


async def test_opening_the_link_does_not_use_it_up(chat, server):
    """A chat app fetching the link for a preview must not spend it."""
    link = await link_for(chat)
    async with ClientSession() as client:
        preview = await client.get(link)
        assert preview.status == 200 and 'name="token"' in await preview.text()
        assert (await client.post(f"{server}/console/signin", data={"token": link.split("token=")[1]},
                                  allow_redirects=False)).status == 303


async def test_employees_and_coaches_get_no_link(chat, server):
    await chat.say("jan", "hallo")
    for actor in ("jan", "coach:anna"):
        out = await chat.say(actor, "/web")
        text = " ".join(m.text for a, m in out if a == actor)
        assert "coördinatoren" in text and "token=" not in text


async def test_a_session_expires(chat, server):
    client = await signed_in(chat, server)
    async with client:
        assert (await client.get(f"{server}/console/now")).status == 200
        chat.clock.advance(timedelta(hours=8, minutes=1))
        assert (await client.get(f"{server}/console/now")).status == 401


async def test_a_form_without_its_token_is_refused(chat, server):
    await chat.say("jan", "hallo")
    client = await signed_in(chat, server)
    async with client:
        refused = await client.post(f"{server}/console/signout", data={})
        assert refused.status == 403
        assert (await client.get(f"{server}/console/now")).status == 200, "the refused sign-out changed nothing"
        wrong = await client.post(f"{server}/console/signout", data={"csrf": "not-it"})
        assert wrong.status == 403
        page = await (await client.get(f"{server}/console/now")).text()
        other_site = await client.post(f"{server}/console/signout", data={"csrf": csrf_of(page)},
                                       headers={"Origin": "https://evil.example"})
        assert other_site.status == 403


async def test_retention_deletes_old_links_sessions_and_audit_lines(chat, server, app):
    from sqlalchemy import func, select

    from storage.models import AuditEntry, WebLink, WebSession
    from storage.privacy import apply_retention

    client = await signed_in(chat, server)
    await client.close()
    await link_for(chat)  # one more, never used
    chat.clock.advance(timedelta(days=200))
    async with app.db.session() as session:
        counts = await apply_retention(session, app.clock.now(), app.config.privacy.retention_days)
    async with app.db.session() as session:
        left = [(await session.execute(select(func.count()).select_from(t))).scalar_one() for t in (WebLink, WebSession, AuditEntry)]
    assert left == [0, 0, 0] and counts["web_sessions_deleted"] == 3 and counts["audit_entries_deleted"] == 1
