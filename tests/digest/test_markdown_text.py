"""digest.md shows what people typed as text (issue 15, finding 7): an employee's question or a name with HTML
or a Markdown link must not become a script or a clickable link in the file a coordinator opens."""
from __future__ import annotations

import re
from dataclasses import replace

from bot.digest.content import CoachActivity, Week, build_digest
from bot.digest.rendering import render_all
from tests.bot.harness import ask_coach

HOSTILE = "<script>alert(1)</script> [klik](http://evil.example) mijn badge & de poort werken niet"


async def test_a_question_and_a_name_with_html_and_a_link_stay_text_in_digest_md(chat, app):
    await chat.say("jan", "hallo")
    await chat.say("jan", "Groendienst, ploeg Citadelpark")
    await ask_coach(chat, "jan", HOSTILE)  # nobody answers it: a gap the digest shows as an example
    week = Week.containing(chat.clock.now(), app.engine.tz)
    async with app.db.session() as session:
        digest = await build_digest(session, week, app.engine.tz, ())
    assert any("evil.example" in gap.example for gap in digest.gaps), "the question is in the digest"
    digest = replace(digest, coaches=[CoachActivity("anna", "Anna <img src=x onerror=alert(1)> [mij](http://evil.example)", 1, 0, 0)])

    markdown = render_all(digest, "nl").markdown

    assert "<script" not in markdown and "<img" not in markdown, "raw HTML passes through Markdown"
    unescaped_link = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")
    assert not unescaped_link.search(markdown), "a Markdown link would be clickable"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[klik\\](http://evil.example) mijn badge &amp; de poort" in markdown
    assert "| Anna &lt;img src=x onerror=alert(1)&gt; \\[mij\\](http://evil.example) | 1 |" in markdown
