"""`digicoach bench load`: the real server under many concurrent simulated employees.

The bot runs as one or two `python -m bot.cli run` processes on a throw-away
SQLite file or PostgreSQL database; this process plays Teams (a fake
connector the replies go to), Telegram (a fake Bot API) and the employees,
and times each question from the POST to the bot's reply arriving at the
fake. A bare aiohttp endpoint that only answers 200, driven by the same
generator, shows what the machine and the generator cost by themselves.
"""
