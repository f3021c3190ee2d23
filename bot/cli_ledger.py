"""`qinqing ledger`, `qinqing stations` and `qinqing person`: the station's data from the console.

Heavy modules (openpyxl, rich's progress) are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli_files import WriteFailed, writing
from bot.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

COMMANDS = ("ledger", "stations", "person")
CONSOLE_ACTOR = "console"
# Below this many rows a progress bar only flickers.
PROGRESS_FROM = 2000


def register(commands: Any) -> None:
    ledger = commands.add_parser("ledger", help="the station ledger (台账): import and export")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", required=True)
    load = ledger_sub.add_parser("import", help="people from a station's .xlsx or .csv")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    load.add_argument("--station", metavar="CODE", help="station for rows without a 站点 column")
    load.add_argument(
        "--skip-rejected", action="store_true", help="apply the good rows even if some are bad"
    )
    save = ledger_sub.add_parser("export", help="the ledger to .xlsx")
    save.add_argument("file", type=Path)
    save.add_argument("--station", metavar="CODE", help="one station only")

    stations = commands.add_parser("stations", help="the organisation: areas and stations")
    stations_sub = stations.add_subparsers(dest="stations_command", required=True)
    load_stations = stations_sub.add_parser("import", help="areas, stations, hours and groups")
    load_stations.add_argument("file", type=Path)
    load_stations.add_argument("--dry-run", action="store_true")
    listing = stations_sub.add_parser("list", help="each station's code, room hours and groups")
    listing.add_argument("--json", action="store_true")

    person = commands.add_parser("person", help="one person's data: export or delete")
    person_sub = person.add_subparsers(dest="person_command", required=True)
    for name, text in (("export", "everything kept about a person"), ("delete", "remove it")):
        one = person_sub.add_parser(name, help=text)
        one.add_argument("name", nargs="?", help="the person's name on the ledger")
        one.add_argument("--id", type=int, dest="person_id", help="the person's number")
        if name == "export":
            one.add_argument("--out", type=Path, help="write JSON here instead of stdout")
        else:
            one.add_argument("--yes", action="store_true", help="do it without asking")


def run(args: argparse.Namespace) -> int:
    if args.command == "ledger" and args.ledger_command == "import":
        return _ledger_import(args.file, args.dry_run, args.station, args.skip_rejected)
    if args.command == "ledger":
        return _ledger_export(args.file, args.station)
    if args.command == "stations" and args.stations_command == "list":
        return _stations_list(args.json)
    if args.command == "stations":
        return _stations_import(args.file, args.dry_run)
    if args.person_command == "export":
        return _person_export(args.name, args.person_id, args.out)
    return _person_delete(args.name, args.person_id, args.yes)


def _engine() -> tuple[Engine, datetime, Any]:
    from zoneinfo import ZoneInfo

    from bot.clock import clock_from_spec
    from bot.storage.db import make_engine, migrate

    settings = get_settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    tz = ZoneInfo(settings.timezone)
    return engine, clock_from_spec(settings.clock).now(), tz


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _station(engine: Engine, code: str | None) -> Any:
    from sqlmodel import Session, select

    from bot.storage.models import Station

    if code is None:
        return None
    with Session(engine) as session:
        station = session.exec(select(Station).where(Station.code == code)).first()
    if station is None:
        raise LookupError(f"没有编号为 {code} 的站点")
    return station


def _progress(total: int | None) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    show = console.is_terminal and (total is None or total >= PROGRESS_FROM)
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not show,
    )


def _ledger_import(path: Path, dry_run: bool, code: str | None, skip_rejected: bool) -> int:
    from sqlmodel import Session

    from bot.ledger import importer
    from bot.ledger.sheets import UnreadableFile
    from bot.storage.db import transaction

    if not path.exists():
        _say(f"找不到文件 {path}")
        return 2
    engine, now, tz = _engine()
    try:
        station = _station(engine, code)
        with _progress(None) as bar:
            reading = bar.add_task("读取", total=None)
            with Session(engine) as session:
                report, plans = importer.plan(
                    session,
                    path,
                    now.astimezone(tz).date(),
                    station,
                    lambda n: bar.advance(reading, n),
                )
            for line in report.lines():
                print(line)
            if dry_run:
                print("(试运行,没有改动数据库)")
                return 0
            importer.refuse_if_rejected(report, skip_rejected)
            writing = bar.add_task("写入", total=len(plans))
            with transaction(engine) as session:
                importer.apply(
                    session, plans, now, CONSOLE_ACTOR, lambda n: bar.advance(writing, n)
                )
    except (LookupError, UnreadableFile) as error:
        _say(str(error))
        return 2
    except importer.ImportRefused as error:
        _say(str(error))
        return 1
    finally:
        engine.dispose()
    print("已导入。")
    return 0


def _ledger_export(path: Path, code: str | None) -> int:
    from sqlmodel import Session

    from bot.ledger import exporter
    from bot.storage.ledger import LedgerAudit

    engine, now, _ = _engine()
    try:
        station = _station(engine, code)
        with Session(engine) as session:
            with writing(path):
                count = exporter.export(session, path, station.id if station else None)
            session.add(
                LedgerAudit(actor=CONSOLE_ACTOR, action="export", detail=f"{count} people", at=now)
            )
            session.commit()
    except LookupError as error:
        _say(str(error))
        return 2
    except WriteFailed as error:
        _say(str(error))
        return 1
    finally:
        engine.dispose()
    print(f"已导出 {count} 人到 {path}")
    return 0


def _stations_list(as_json: bool) -> int:
    from bot import reports
    from bot.app import App

    app = App(get_settings())
    app.prepare()
    reports.show(app, "stations", as_json)
    return 0


def _stations_import(path: Path, dry_run: bool) -> int:
    from bot.ledger import stations
    from bot.ledger.importer import ImportRefused
    from bot.ledger.sheets import UnreadableFile
    from bot.storage.db import transaction

    if not path.exists():
        _say(f"找不到文件 {path}")
        return 2
    engine, _, _ = _engine()
    try:
        with transaction(engine) as session:
            report = stations.import_stations(session, path, apply=False)
            session.rollback()
        for line in report.lines():
            print(line)
        if dry_run:
            print("(试运行,没有改动数据库)")
            return 0
        stations.refuse_if_rejected(report)
        with transaction(engine) as session:
            stations.import_stations(session, path, apply=True)
    except UnreadableFile as error:
        _say(str(error))
        return 2
    except ImportRefused as error:
        _say(str(error))
        return 1
    finally:
        engine.dispose()
    print("已导入。")
    return 0


def _find(session: Any, name: str | None, person_id: int | None) -> Any:
    from sqlmodel import select

    from bot.storage.models import Person

    if person_id is not None:
        return session.get(Person, person_id)
    if name is None:
        return None
    found = session.exec(select(Person).where(Person.name == name)).all()
    if len(found) > 1:
        numbers = "、".join(str(p.id) for p in found)
        raise LookupError(f"名册上有 {len(found)} 位 {name}(编号 {numbers}),请用 --id 指定")
    return found[0] if found else None


def _person_export(name: str | None, person_id: int | None, out: Path | None) -> int:
    from bot.ledger import privacy
    from bot.storage.db import transaction

    engine, now, tz = _engine()
    try:
        with transaction(engine) as session:
            person = _find(session, name, person_id)
            if person is None:
                _say("名册上找不到这个人")
                return 1
            data = privacy.export_person(session, person, now, tz, CONSOLE_ACTOR)
            text = json.dumps(data, ensure_ascii=False, indent=2)
            # Inside the transaction: a file never written is no export to audit.
            if out is not None:
                with writing(out):
                    out.write_text(text + "\n", encoding="utf-8")
    except LookupError as error:
        _say(str(error))
        return 2
    except WriteFailed as error:
        _say(str(error))
        return 1
    finally:
        engine.dispose()
    if out is None:
        print(text)
    else:
        print(f"已导出到 {out}")
    return 0


def _person_delete(name: str | None, person_id: int | None, yes: bool) -> int:
    from bot.ledger import privacy
    from bot.storage.db import transaction

    engine, now, _ = _engine()
    try:
        with transaction(engine) as session:
            person = _find(session, name, person_id)
            if person is None:
                _say("名册上找不到这个人")
                return 1
            if not yes:
                print(privacy.DELETE_WARNING)
                if input("确定删除吗?输入 yes 继续:").strip().lower() != "yes":
                    print("没有删除。")
                    return 1
            result = privacy.delete_person(session, person, now, CONSOLE_ACTOR)
    except LookupError as error:
        _say(str(error))
        return 2
    finally:
        engine.dispose()
    for line in result:
        print(line)
    return 0
