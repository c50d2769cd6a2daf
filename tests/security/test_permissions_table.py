"""The permissions table on its own: payload shapes and command roles, no database."""
from __future__ import annotations

import pytest

from bot.engine import permissions


@pytest.mark.parametrize(
    "payload, expected",
    [
        ("accept:12", ("accept", ("12",))),
        ("outcome:3:no_show", ("outcome", ("3", "no_show"))),
        ("faq:7:payslip", ("faq", ("7", "payslip"))),
        ("assign:4:anna", ("assign", ("4", "anna"))),
        ("lang:fr", ("lang", ("fr",))),
        ("rate:1:5", ("rate", ("1", "5"))),
    ],
)
def test_our_own_payloads_parse(payload, expected):
    assert permissions.parse(payload) == expected


@pytest.mark.parametrize(
    "payload",
    ["accept:-1", "accept:2147483648", "accept:²", "accept:١", "accept:1:1", "rate:1:6", "outcome:1:x",
     "assign:1:Anna", "assign:1:a b", "site:", "nope:1", "", "accept:" + "1" * 300, "faq:1:-x"],
)
def test_anything_else_is_refused(payload):
    assert permissions.parse(payload) is None


def test_every_button_kind_has_a_handler_and_every_role_a_rule():
    """The table and the engine's handler list must agree, or a kind would be allowed but unhandled."""
    from pathlib import Path

    import bot.engine.buttons as buttons

    text = Path(buttons.__file__).read_text(encoding="utf-8")
    source = text[text.index("EMPLOYEE_HANDLERS = {"):]
    for kind in permissions.BUTTONS:
        assert f'"{kind}"' in source, kind
    for command, roles in permissions.COMMANDS.items():
        assert roles <= permissions.EVERYONE, command


@pytest.mark.parametrize(
    "command, role, refusal",
    [
        ("/pause", "employee", "only_coach"),
        ("/tickets", "employee", "only_coach"),
        ("/cancel", "coach", "only_employee"),
        ("/cancel", "coordinator", "only_employee"),
        ("/tickets", "coordinator", None),
        ("/help", "employee", None),
        ("/frobnicate", "employee", None),
    ],
)
def test_command_refusals(command, role, refusal):
    assert permissions.command_refusal(command, role) == refusal
