"""The palettes ReplyDesk ships: the only place colours are written down (CSS uses variables)."""

from __future__ import annotations

from textual.theme import Theme

REPLYDESK_DARK = Theme(
    name="replydesk-dark",
    primary="#5FA8D3",
    secondary="#8C7AE6",
    accent="#F2A65A",
    warning="#E9C46A",
    error="#E76F51",
    success="#52B788",
    foreground="#E6E8EB",
    background="#15181D",
    surface="#1D2128",
    panel="#252A33",
    dark=True,
)

REPLYDESK_LIGHT = Theme(
    name="replydesk-light",
    primary="#1D6FA5",
    secondary="#5B48C2",
    accent="#A04B12",
    warning="#875A00",
    error="#B3261E",
    success="#1A6E3F",
    foreground="#1B1F24",
    background="#F7F7F4",
    surface="#FFFFFF",
    panel="#E9EAE6",
    dark=False,
)

BUILTIN_THEMES: tuple[Theme, ...] = (REPLYDESK_DARK, REPLYDESK_LIGHT)
