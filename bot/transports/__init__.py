"""Transports: how messages reach people (console, Telegram, Matrix)."""
