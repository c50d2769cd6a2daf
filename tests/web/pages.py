"""Browser helpers: sign a Chromium page in through the chat's link, screenshots, and the axe-core check."""
from __future__ import annotations

from pathlib import Path

from tests.bot.harness import Harness
from tests.web.conftest import link_for

AXE = (Path(__file__).parent / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


async def signed_in_page(browser, chat: Harness, actor: str = "coordinator:tom", viewport: dict = PHONE):  # type: ignore[no-untyped-def]
    """A new browser context, signed in as a coordinator does it: the link from /web, then the button."""
    context = await browser.new_context(viewport=viewport)
    page = await context.new_page()
    await page.goto(await link_for(chat, actor))
    await page.get_by_role("button").first.click()
    await page.wait_for_url("**/console/now")
    return page


async def serious_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical findings on the page as it is now (vendored axe, no network)."""
    await page.evaluate(AXE + "\n;0")  # through the debugger, not a <script>: the console's CSP stays on
    result = await page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


async def shoot(page, folder: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Phone and desktop screenshots under the test's own folder, for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{name}.png"
    await page.screenshot(path=str(out), full_page=True)
    return out
