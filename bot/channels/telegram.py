"""The Telegram channel: a python-telegram-bot `Application` with thin handlers around the engine.

Each handler turns one kind of update into an `Incoming` (the update_id is
the message id, so the engine drops a second delivery of the same update),
hands it to the engine and renders the replies. Messages for other people
(an offer to a coach, a relayed photo) go through the outbox, which calls
`send` here. We own the event loop: polling runs `updater.start_polling`
inside it, and webhook mode is a route on the project's own aiohttp server.
PTB's Bot API calls go over aiohttp too (telegram_http), not httpx.

Only private chats are served; the bot ignores groups it is added to.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from typing import Any, Awaitable, Callable, Coroutine, Mapping

from aiohttp import web
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InputFile,
    Message,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import App
from bot.channels.combine import combine
from bot.channels.request_body import BadBody, read_json
from bot.channels.telegram_http import AiohttpRequest
from bot.channels.telegram_limits import NO_RETRY, ChatRateLimiter, retry_seconds
from bot.channels.telegram_render import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    CallbackData,
    inline_keyboard,
    location_keyboard,
    pressed_label,
    split_text,
    tg_len,
    with_choice,
)
from bot.config import ConfigError, TelegramConfig
from bot.engine.accounts import menu
from bot.inbox import reply_key
from bot.messages import Attachment, Incoming, Location, Outgoing
from bot.outbox import DeliveryError, Sender
from bot.texts import LANGUAGES, t

log = logging.getLogger("digicoach.telegram")

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # edits, reactions, groups: not for us
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE

def bot_commands(role: str, lang: str) -> list[BotCommand]:
    """Telegram's menu objects for the engine's command menu of this role (bot/engine/accounts.py)."""
    return [BotCommand(command, description) for command, description in menu(role, lang)]


def api_urls(base_url: str) -> tuple[str, str]:
    """PTB's base_url/base_file_url for a Bot API server root such as http://localhost:8081."""
    root = base_url.rstrip("/")
    root = root[: -len("/bot")] if root.endswith("/bot") else root
    return f"{root}/bot", f"{root}/file/bot"


def fits_one_message(text: str) -> bool:
    return tg_len(text) <= TEXT_LIMIT


def media_kind(message: Message) -> tuple[str, str]:
    """What the engine calls a non-photo message, and its file_id if it has one."""
    if message.voice or message.audio:
        return "voice", (message.voice or message.audio).file_id  # type: ignore[union-attr]
    if message.sticker:
        return "sticker", message.sticker.file_id
    if message.video or message.video_note or message.animation:
        return "video", (message.video or message.video_note or message.animation).file_id  # type: ignore[union-attr]
    if message.document:
        return "file", message.document.file_id
    return "other", ""  # contact, poll, dice...: the engine still answers


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates from different chats are handled side by side, those from one chat one after the other.

    PTB's default handles every update in turn, so one replica answered one
    person at a time (each waiting on its Bot API calls); per-chat order is
    what the conversation needs, and it is kept (asyncio locks are FIFO).
    """

    __slots__ = ("_chats", "_finished")

    def __init__(
        self, max_concurrent_updates: int = 64, finished: Callable[[object], Awaitable[None]] | None = None
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id -> lock, updates holding or awaiting it
        self._finished = finished  # called after every update, whichever handler took it (or none)

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        try:
            await self._in_chat_order(update, coroutine)
        finally:
            if self._finished is not None:
                await self._finished(update)

    async def _in_chat_order(self, update: object, coroutine: Any) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._chats.get(chat.id) or (asyncio.Lock(), 0)
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users <= 1:
                del self._chats[chat.id]
            else:
                self._chats[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


class TelegramChannel:
    name = "telegram"
    local_only = False

    def __init__(
        self,
        app: App,
        token: str,
        config: TelegramConfig,
        *,
        secret: str = "",
        rate_limiter: ChatRateLimiter | None = None,
    ) -> None:
        self.app = app
        self.config = config
        self.secret = secret
        self.callback_data = CallbackData()
        self._location_keyboards: set[int] = set()  # chats that still show the "share location" keyboard
        self._inbox_ids: dict[int, int] = {}  # update_id -> its inbox row, from the webhook until the update is done
        self._unsent: dict[int, list[Outgoing]] = {}  # update_id -> replies that failed, for the outbox
        if rate_limiter is None:
            rate_limiter = ChatRateLimiter() if config.flood_limits else ChatRateLimiter(1e9, 1e9, 1e9)
        builder = (
            ApplicationBuilder().token(token).rate_limiter(rate_limiter).job_queue(None)
            .concurrent_updates(PerChatUpdateProcessor(finished=self._finished))
            .request(AiohttpRequest()).get_updates_request(AiohttpRequest.for_get_updates())
        )
        if config.base_url:
            api, files = api_urls(config.base_url)
            builder = builder.base_url(api).base_file_url(files)
        if config.mode == "webhook":
            builder = builder.updater(None)  # updates arrive on our own aiohttp server
        self.application: Application = builder.build()
        self._add_handlers()

    @classmethod
    def from_config(cls, app: App, env: Mapping[str, str]) -> "TelegramChannel":
        config = app.config.telegram
        secret = env.get("DIGICOACH_TELEGRAM_SECRET", "")
        if config.mode == "webhook" and not SECRET_FORMAT.match(secret):
            raise ConfigError(
                "DIGICOACH_TELEGRAM_SECRET: webhook mode needs a secret of 1-256 characters from A-Z, a-z, 0-9, _ and -"
            )
        return cls(app, env["DIGICOACH_TELEGRAM_TOKEN"], config, secret=secret)

    # -- the Channel protocol ---------------------------------------------------

    @property
    def sender(self) -> Sender:
        return self

    def add_routes(self, web_app: web.Application) -> None:
        if self.config.mode == "webhook":
            web_app.router.add_post(self.config.webhook_path, self._on_webhook)

    async def start(self) -> None:
        if self.config.mode == "webhook" and self.app.inbox is not None:
            self.app.inbox.register(self.name, self._replay)
        await self.application.initialize()  # getMe: checks the token
        log.info("Telegram bot @%s, %s mode", self.config.bot_username or self.application.bot.username, self.config.mode)
        if self.config.mode == "webhook":
            await self.application.bot.set_webhook(
                self.config.webhook_url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES
            )
        await self.application.start()
        if self.application.updater is not None:
            await self.application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        self.application.create_task(self._set_all_commands())

    async def stop(self) -> None:
        """Finish the updates already received, then close; the webhook stays set for other replicas."""
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def send(self, address: str, message: Outgoing) -> None:
        """Deliver an outbox message; tell the dispatcher whether retrying can help."""
        try:
            await self.render(int(address), message, limits=NO_RETRY)
        except Forbidden as exc:  # blocked the bot, or deleted their account
            raise DeliveryError(f"telegram {address}: {exc}", permanent=True) from exc
        except RetryAfter as exc:
            raise DeliveryError(f"telegram {address}: {exc}", retry_after=retry_seconds(exc)) from exc
        except BadRequest as exc:
            gone = "chat not found" in str(exc).lower()
            raise DeliveryError(f"telegram {address}: {exc}", permanent=gone) from exc
        except TelegramError as exc:  # network trouble, timeouts: try again later
            raise DeliveryError(f"telegram {address}: {exc}") from exc

    # -- webhook ---------------------------------------------------------------

    async def _on_webhook(self, request: web.Request) -> web.Response:
        """Telegram's POST: the secret before the body is read; the update stored (the inbox), then 200.

        Telegram resends an update it got no 200 for, so a database that cannot
        store it is a 503 and nothing is lost; after the 200 the stored row is
        what survives this process.
        """
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("Telegram webhook call without the right secret from %s", request.remote)
            return web.Response(status=403)
        try:
            data, body = await read_json(request)
            update = Update.de_json(data, self.application.bot) if isinstance(data.get("update_id"), int) else None
        except BadBody as exc:
            return web.Response(status=exc.status)
        except (ValueError, TypeError, KeyError, AttributeError):
            update = None
        if update is None:
            return web.Response(status=400)
        if self.app.inbox is not None:
            chat = update.effective_chat or update.effective_user
            try:
                item = await self.app.inbox.accept(self.name, str(update.update_id), str(chat.id if chat else ""), body)
            except Exception as exc:  # not stored: not acknowledged, Telegram sends it again
                log.error("could not store a Telegram update: %s", exc)
                return web.Response(status=503)
            if item is None:  # sent again while a replica still holds it: that one answers it
                return web.Response()
            self._inbox_ids[update.update_id] = item
        await self.application.update_queue.put(update)
        return web.Response()

    async def _replay(self, item: Any) -> None:
        """An update a stopped replica stored but did not finish: handled here as if it had just come in."""
        update = Update.de_json(json.loads(item.body), self.application.bot)
        self._inbox_ids[update.update_id] = item.id
        await self.application.update_queue.put(update)

    async def _finished(self, update: object) -> None:
        """After every update: its inbox row goes, and replies that could not be sent go to the outbox."""
        if not isinstance(update, Update) or self.app.inbox is None:
            return
        item = self._inbox_ids.pop(update.update_id, None)
        unsent = self._unsent.pop(update.update_id, [])
        if item is None and not unsent:
            return
        chat = update.effective_chat or update.effective_user
        await self.app.inbox.settle(self.name, str(chat.id if chat else ""), item, unsent, reply_key(self.name, str(update.update_id)))
        if unsent:
            await self._background(self._flush_outbox())

    # -- handlers: one per kind of update ----------------------------------------

    def _add_handlers(self) -> None:
        add = self.application.add_handler
        add(CommandHandler("start", self._on_start, filters=PRIVATE))
        add(CallbackQueryHandler(self._on_button))
        add(MessageHandler(PRIVATE & filters.LOCATION, self._on_location))
        add(MessageHandler(PRIVATE & filters.PHOTO, self._on_photo))
        add(MessageHandler(PRIVATE & filters.TEXT, self._on_text))
        add(MessageHandler(PRIVATE & ~filters.StatusUpdate.ALL, self._on_other))
        self.application.add_error_handler(self._on_error)

    async def _on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/start` opens the chat; `/start CODE` (an invitation deep link) links a coach or coordinator."""
        code = context.args[0] if context.args else None
        await self._handle(update, self._incoming(update, text="/start", start_code=code))
        await self._background(self._set_chat_commands(update.effective_chat.id))  # type: ignore[union-attr]

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.effective_message.text or ""  # type: ignore[union-attr]
        await self._handle(update, self._incoming(update, text=text))
        if text.lower().startswith("/lang"):
            await self._background(self._set_chat_commands(update.effective_chat.id))  # type: ignore[union-attr]

    async def _on_location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        where = update.effective_message.location  # type: ignore[union-attr]
        await self._handle(update, self._incoming(update, location=Location(where.latitude, where.longitude)))  # type: ignore[union-attr]

    async def _on_photo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A screenshot: inside an accepted ticket the engine relays it to the coach by file_id."""
        message = update.effective_message
        largest = message.photo[-1]  # type: ignore[union-attr]
        attachment = Attachment("photo", largest.file_id, message.caption)  # type: ignore[union-attr]
        await self._handle(update, self._incoming(update, attachment=attachment))

    async def _on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Voice notes, stickers, files...: the engine answers with a friendly plain text, never silence."""
        kind, ref = media_kind(update.effective_message)  # type: ignore[arg-type]
        await self._handle(update, self._incoming(update, attachment=Attachment(kind, ref)))

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed inline button: stop its spinner, mark the choice on that message, then act."""
        query = update.callback_query
        assert query is not None
        await self._quietly(query.answer())
        if update.effective_chat is None or update.effective_chat.type != "private":
            return
        data = query.data or ""
        payload = self.callback_data.decode(data) or await self._payload_from_storage(update.effective_chat.id, data)
        await self._show_choice(update)
        await self._handle(update, self._incoming(update, payload=payload or data))

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error handling a Telegram update: %s", context.error, exc_info=context.error)

    # -- the glue ----------------------------------------------------------------

    def _incoming(self, update: Update, **values: object) -> Incoming:
        user = update.effective_user
        return Incoming(
            channel=self.name,
            address=str(update.effective_chat.id),  # type: ignore[union-attr]
            message_id=str(update.update_id),
            inbox_id=self._inbox_ids.get(update.update_id),
            display_name=user.first_name if user else None,
            locale=user.language_code if user else None,
            **values,  # type: ignore[arg-type]
        )

    async def _handle(self, update: Update, incoming: Incoming) -> None:
        """Engine in, replies out; notifications for others are delivered right after, in the background.

        A plain text reply goes in one message with the reply after it (see
        combine): an FAQ answer and "Heeft dit geholpen?" are one notification
        with the buttons under the answer, and one Bot API call instead of two.
        """
        chat_id = update.effective_chat.id  # type: ignore[union-attr]
        replies = combine(await self.app.engine.handle(incoming), fits_one_message)
        for n, reply in enumerate(replies):
            try:
                await self.render(chat_id, reply)
            except TelegramError as exc:  # the turn is committed: this and the rest go through the outbox, in order
                log.info("reply to a Telegram sender failed (%s); queued for the outbox", exc)
                self._unsent.setdefault(update.update_id, []).extend(replies[n:])
                break
        if self.app.db.outbox_pending:  # most turns (an FAQ answer) queue nothing: no task to start
            await self._background(self._flush_outbox())

    async def _background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` without holding up the next update; while stopping (PTB awaits no new tasks) run it now."""
        if self.application.running:
            self.application.create_task(work)
        else:
            await work

    async def _flush_outbox(self) -> None:
        try:
            await self.app.dispatcher.flush_if_pending()
        except Exception:  # the outbox job tries again within seconds
            log.exception("outbox flush after a Telegram update failed")

    async def _show_choice(self, update: Update) -> None:
        """Edit the pressed message: the choice is shown and its buttons are gone, so it cannot be pressed twice."""
        query = update.callback_query
        message = query.message if query else None
        if not isinstance(message, Message):  # too old: Telegram no longer shows it to us
            return
        label = pressed_label(message.reply_markup, query.data or "")  # type: ignore[union-attr]
        edited = with_choice(message.text, label) if message.text and label else None
        if edited:
            await self._quietly(message.edit_text(edited))  # no reply_markup: the keyboard is removed
        else:
            await self._quietly(message.edit_reply_markup(None))

    async def _quietly(self, call: object) -> None:
        """A best-effort call (a button's spinner, marking the choice, the menu) that fails is logged, not raised."""
        try:
            await call  # type: ignore[misc]
        except TelegramError as exc:
            log.info("Telegram call failed: %s", exc)

    async def _payload_from_storage(self, chat_id: int, data: str) -> str | None:
        """A long payload's short key after a restart: find it among the buttons the engine stored."""
        return CallbackData.resolve_from(data, await self.app.accounts.stored_payloads(self.name, str(chat_id)))

    async def _language_of(self, chat_id: int) -> str:
        return await self.app.accounts.language_of(self.name, str(chat_id))

    # -- rendering -----------------------------------------------------------------

    async def render(self, chat_id: int, message: Outgoing, *, limits: dict | None = None) -> None:
        """Send one engine message: photo or image with caption, text in <=4096 chunks, buttons on the last.

        Plain text, no parse_mode (see telegram_render). `limits` are the
        rate limiter's arguments for these calls (NO_RETRY from the outbox).
        """
        bot = self.application.bot
        limits = {"rate_limit_args": limits} if limits else {}
        markup = None
        if message.buttons:
            markup = inline_keyboard(message.buttons, self.callback_data)
        elif message.request_location:
            markup = location_keyboard(t("location_button", await self._language_of(chat_id)))
            self._location_keyboards.add(chat_id)
        elif chat_id in self._location_keyboards:
            markup = ReplyKeyboardRemove()  # the location question is answered: hide its keyboard
            self._location_keyboards.discard(chat_id)

        text = message.text.strip()
        photo = message.attachment.ref if message.attachment and message.attachment.kind == "photo" else message.image
        if photo is not None:
            caption = "\n".join(p for p in (text, message.attachment.caption if message.attachment else None) if p)
            fits = tg_len(caption) <= CAPTION_LIMIT
            await bot.send_photo(chat_id, photo, caption=caption if fits else None, reply_markup=markup if fits else None, **limits)
            text = "" if fits else caption
        if text:
            chunks = split_text(text)
            for n, chunk in enumerate(chunks, 1):
                await bot.send_message(chat_id, chunk, reply_markup=markup if n == len(chunks) else None, **limits)
        if message.document:
            name, content = message.document
            await bot.send_document(chat_id, InputFile(content, filename=name), **limits)
        if message.buttons and message.request_location:  # one message holds one keyboard: the location one follows
            lang = await self._language_of(chat_id)
            await bot.send_message(chat_id, t("location_hint", lang), reply_markup=location_keyboard(t("location_button", lang)), **limits)
            self._location_keyboards.add(chat_id)

    # -- the command menu -------------------------------------------------------------

    async def _set_all_commands(self) -> None:
        """Employees get the default menu in their app's language; every linked coach and coordinator their own."""
        bot = self.application.bot
        try:
            for lang in LANGUAGES:
                await bot.set_my_commands(bot_commands("employee", lang), scope=BotCommandScopeDefault(), language_code=lang)
            await bot.set_my_commands(bot_commands("employee", self.app.engine.default_language))
            chats = [int(a) for a in await self.app.accounts.staff_addresses(self.name)]
        except TelegramError as exc:
            log.warning("could not set the Telegram command menu: %s", exc)
            return
        for chat_id in chats:
            await self._set_chat_commands(chat_id)

    async def _set_chat_commands(self, chat_id: int) -> None:
        """The menu for this chat's role and language (after an invitation, /lang, or at start-up)."""
        found = await self.app.accounts.role_and_language(self.name, str(chat_id))
        if found is None:
            return
        role, lang = found
        await self._quietly(
            self.application.bot.set_my_commands(bot_commands(role, lang), scope=BotCommandScopeChat(chat_id))
        )
