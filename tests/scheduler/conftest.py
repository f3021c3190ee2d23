from tests.handlers.conftest import bot  # noqa: F401
