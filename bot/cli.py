"""The `qinqing` command."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from pathlib import Path

from bot import cli_cases, cli_ledger, cli_orders
from bot.settings import get_settings

# What a shell reports for a command stopped by SIGPIPE (128 + 13).
BROKEN_PIPE_STATUS = 141


def main(argv: list[str] | None = None) -> int:
    try:
        status = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`). Point stdout at devnull so the flush at exit finds
        # nowhere to fail, and stop quietly as a shell would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE_STATUS
    return status


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="qinqing", description="亲情连线 bot")
    parser.add_argument("--db", help="database file or URL (default: var/qinqing.db)")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="start the service (console chat when nothing else is set)")
    chat = commands.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--as", dest="name", help="who you are (a name from `qinqing people`)")
    chat.add_argument("--no-clock", action="store_true", help="never run the scheduler here")
    chat.add_argument("--group", help="speak in this group chat (its name), e.g. as a volunteer")
    code = commands.add_parser("code", help="a one-time code to link a chat account or group")
    code.add_argument("name", nargs="?", help="the person on the ledger")
    code.add_argument("--group", metavar="STATION", help="a code for linking a station's group")
    appointments = commands.add_parser("appointments", help="what is booked")
    appointments.add_argument("--json", action="store_true")
    people = commands.add_parser("people", help="who is known")
    people.add_argument("--json", action="store_true")
    cli_ledger.register(commands)
    cli_orders.add_commands(commands)
    cli_cases.add_commands(commands)

    nlp_cmd = commands.add_parser("nlp", help="message understanding tools")
    nlp_sub = nlp_cmd.add_subparsers(dest="nlp_command", required=True)
    parse = nlp_sub.add_parser("parse", help="JSON lines in, understanding out")
    parse.add_argument("--now", help="arrival time, ISO with offset (default: now)")
    evaluate = nlp_sub.add_parser("eval", help="score a folder of labelled JSON lines")
    evaluate.add_argument("directory")

    args = parser.parse_args(argv)
    if args.db:
        os.environ["QINQING_DB"] = args.db
        get_settings.cache_clear()

    if args.command == "nlp":
        from bot import nlpcmd

        if args.nlp_command == "parse":
            return nlpcmd.parse_main(args.now, sys.stdin, sys.stdout)
        return nlpcmd.eval_main(args.directory, sys.stdout)
    if args.command in cli_ledger.COMMANDS:
        return cli_ledger.run(args)
    if args.command == "run":
        return _run()
    if args.command == "chat":
        return _chat(args.name, args.no_clock, args.group)
    if args.command in cli_cases.COMMANDS:
        return cli_cases.run(args)
    if args.command in cli_orders.COMMANDS:
        return cli_orders.run(args)
    if args.command == "code":
        return _code(args.name, args.group)
    if args.command == "appointments":
        return _report("appointments", args.json)
    return _report("people", args.json)


def _app() -> object:
    from bot import log
    from bot.app import App

    settings = get_settings()
    interactive = sys.stdin.isatty()
    log.configure(settings.log_level, Path("var/qinqing.log") if interactive else None)
    app = App(settings)
    app.prepare()
    return app


def _run() -> int:
    from bot.app import App, serve

    app = _app()
    assert isinstance(app, App)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(app, interactive=sys.stdin.isatty()))
    return 0


def _chat(name: str | None, no_clock: bool, group: str | None = None) -> int:
    from bot.app import App
    from bot.transports.repl import Repl

    app = _app()
    assert isinstance(app, App)
    if group is not None and group not in app.console_labels():
        known = "、".join(sorted(app.console_labels())) or "还没有"
        print(
            f"「{group}」还没有绑定站点,单子不会派到这里;在群里发群绑定码就能绑定。"
            f"已绑定的群:{known}",
            file=sys.stderr,
        )

    async def talk() -> None:
        deliverer = app.console_deliverer(lambda text: print(text, flush=True))
        if not no_clock:
            app.start_clock()
        repl = Repl(app, deliverer, name, group)
        try:
            if name is not None and not sys.stdin.isatty():
                await repl.run_script()
            else:
                await repl.run()
        finally:
            app.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(talk())
    return 0


def _code(name: str | None, station_code: str | None) -> int:
    from sqlmodel import select

    from bot.app import App
    from bot.storage.db import transaction
    from bot.storage.models import Station
    from handlers import linking

    if (name is None) == (station_code is None):
        print("请给出一个人名,或用 --group 站点编号", file=sys.stderr)
        return 2
    app = App(get_settings())
    app.prepare()
    with transaction(app.engine) as session:
        now = app.clock.now()
        if station_code is not None:
            station = session.exec(select(Station).where(Station.code == station_code)).first()
            if station is None:
                print(f"没有编号为 {station_code} 的站点", file=sys.stderr)
                return 1
            row = linking.issue(session, now, station_id=station.id)
            what = f"{station.name} 的群绑定码"
        else:
            assert name is not None
            try:
                person = linking.find_person(session, name)
            except linking.UnknownPerson:
                print(f"名册上找不到唯一的 {name}", file=sys.stderr)
                return 1
            row = linking.issue(session, now, person_id=person.id)
            what = f"{person.name} 的绑定码"
        expires = row.expires_at.astimezone(app.tz).strftime("%Y-%m-%d %H:%M")
    print(f"{what}:{row.code}(一次有效,{expires} 前使用)")
    return 0


def _report(what: str, as_json: bool) -> int:
    from bot import reports
    from bot.app import App

    settings = get_settings()
    app = App(settings)
    app.prepare()
    reports.show(app, what, as_json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
