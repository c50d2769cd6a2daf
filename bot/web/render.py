"""Rendering a console page: the template, the viewer's language and CSRF token, and a note from the last form.

After a form the browser is sent on to a page (POST, redirect, GET), so reloading
never repeats an action; the result travels in a short-lived cookie and is shown once.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

import aiohttp_jinja2
from aiohttp import web

from bot.web.guard import redirect
from bot.web.viewer import viewer
from bot.web.words import words_for

NOTE = "digicoach_note"


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    me = viewer(request)
    note = unquote(request.cookies.get(NOTE, ""))[:1000]
    context.update(viewer=me, lang=me.lang, _=words_for(me.lang), csrf=me.csrf, note=note, path=request.path)
    response = aiohttp_jinja2.render_template(template, request, context, status=status)
    if note:
        response.del_cookie(NOTE, path="/console")
    return response


def done(request: web.Request, to: str, note: str = "") -> web.Response:
    """Where to go after a form, with the line to show there (the chat's own reply, when the action was a chat rule)."""
    response = redirect(to)
    if note:
        response.set_cookie(NOTE, quote(note[:1000]), path="/console", httponly=True, samesite="Strict", max_age=60)
    return response
