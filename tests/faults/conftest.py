from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from bot.app import build_app
from bot.clock import FakeClock
from bot.config import Config
from storage.db import Database
from tests.conftest import MONDAY_MORNING, PG_URL, PgSchema, require_postgres
from tests.faults.proxy import FaultProxy


class ProxiedDatabase:
    """The app on PostgreSQL, every connection through a FaultProxy."""

    def __init__(self, app, proxy: FaultProxy, schema: PgSchema) -> None:  # type: ignore[no-untyped-def]
        self.app, self.proxy, self.schema = app, proxy, schema


@pytest.fixture
async def proxied():
    require_postgres()
    url = make_url(PG_URL)
    proxy = await FaultProxy(url.host or "127.0.0.1", url.port or 5432).start()
    schema = PgSchema()
    await schema.create()
    proxied_url = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    db = Database(proxied_url, connect_args={"server_settings": {"search_path": schema.name}, "timeout": 3})
    app = await build_app(Config(), FakeClock(MONDAY_MORNING), db=db)
    await app.link_console()
    try:
        yield ProxiedDatabase(app, proxy, schema)
    finally:
        proxy.heal()
        await app.close()
        await proxy.close()
        await schema.drop()
