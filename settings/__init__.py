"""Where ReplyDesk keeps its files and what the user configured (no Textual, no SQL)."""
