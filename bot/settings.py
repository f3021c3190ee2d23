"""Configuration from environment variables (QINQING_*) or a settings file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="QINQING_",
        env_file="qinqing.env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    db: str = Field(
        default="var/qinqing.db",
        description="A SQLite file path or a SQLAlchemy URL (postgresql+psycopg://...).",
    )
    timezone: str = "Asia/Shanghai"
    clock: str = Field(
        default="real",
        description="'real', 'fixed:<ISO time>' or 'file:<path>' (a file holding an ISO time).",
    )
    sweep_seconds: float = Field(default=15.0, gt=0)
    quiet_start: str = "22:00"
    quiet_end: str = "07:00"
    console_transcript: Path = Path("var/console-transcript.jsonl")
    demo: bool = Field(default=True, description="Fill an empty database with the demo station.")
    log_level: str = "INFO"
    fault: str | None = Field(
        default=None,
        description="Test-only: name of a crash point at which the process kills itself.",
    )

    crisis_hotlines: str = Field(
        default="全国心理援助热线=12356;希望24热线=400-161-9995;青少年服务台=12355;"
        "有危险报警=110;急病急救=120",
        description="Hotlines in the crisis reply: 'label=number' pairs separated by ';'.",
    )
    page_minutes: float = Field(
        default=5.0, gt=0, description="Minutes before an unanswered crisis page repeats."
    )
    concern_hours: float = Field(
        default=24.0, gt=0, description="Hours for a first response to a concern case."
    )
    case_retention_days: float = Field(
        default=30.0, ge=0, description="Days after closing before relayed messages go."
    )

    telegram_token: SecretStr | None = None
    telegram_api: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    matrix_homeserver: str | None = None
    matrix_user: str | None = None
    matrix_password: SecretStr | None = None
    matrix_store: Path = Field(
        default=Path("var/matrix"),
        description="Folder for the Matrix login (user, device, token) and encryption keys.",
    )
    matrix_pickle_key: SecretStr | None = Field(
        default=None,
        description="Secret that encrypts the Matrix key store; required when encryption is on.",
    )
    matrix_encryption: bool = True
    matrix_allowed_homeservers: str = Field(
        default="",
        description="Comma-separated servers whose users may open direct rooms with the bot "
        "(default: the bot's own server).",
    )

    @property
    def database_url(self) -> str:
        if "://" in self.db:
            return self.db
        return f"sqlite:///{Path(self.db).expanduser()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
