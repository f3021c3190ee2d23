"""`qinqing cases --as NAME`: the counselling cases one counsellor or coordinator may read.

Each case shown is a read, recorded in the case's audit trail with the reader's name.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.settings import get_settings

if TYPE_CHECKING:
    from bot.app import App

COMMANDS = ("cases",)


def add_commands(commands: Any) -> None:
    cases = commands.add_parser("cases", help="counselling cases, paging and relay (audited)")
    cases.add_argument("--as", dest="reader", required=True, help="the counsellor or coordinator")
    cases.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from bot.app import App

    app = App(get_settings())
    app.prepare()
    try:
        try:
            rows = read(app, args.reader)
        except PermissionError as error:
            print(error, file=sys.stderr)
            return 1
    finally:
        app.engine.dispose()
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print(rows)
    return 0


def read(app: App, reader_name: str) -> list[dict[str, Any]]:
    """The cases `reader_name` may see, each read audited in the same transaction."""
    from sqlmodel import col, select

    from bot.storage.cases import Case, CaseMessage, CasePage
    from bot.storage.db import transaction
    from bot.storage.models import OutboxMessage, Person, Station
    from handlers import cases

    with transaction(app.engine) as session:
        readers = session.exec(select(Person).where(Person.name == reader_name)).all()
        if len(readers) != 1 or readers[0].role not in cases.STAFF:
            raise PermissionError(f"{reader_name} 不是唯一登记的辅导员或协调员,不能查看个案")
        reader = readers[0]
        names = {p.id: p.name for p in session.exec(select(Person))}
        stations = {s.id: s.name for s in session.exec(select(Station))}
        now = app.clock.now()
        rows = []
        for case in session.exec(select(Case).order_by(col(Case.id))):
            if not cases.may_handle(session, reader, case):
                continue
            assert case.id is not None
            pages = session.exec(
                select(CasePage)
                .where(CasePage.case_id == case.id)
                .order_by(col(CasePage.round), col(CasePage.id))
            ).all()
            paged = session.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.key).startswith(f"case:{case.id}:page:"))
                .order_by(col(OutboxMessage.id))
            ).all()
            said = session.exec(
                select(CaseMessage)
                .where(CaseMessage.case_id == case.id)
                .order_by(col(CaseMessage.id))
            ).all()

            def local(moment: Any) -> str | None:
                return moment.astimezone(app.tz).isoformat() if moment else None

            rows.append(
                {
                    "ref": case.ref,
                    "severity": case.severity,
                    "status": case.status,
                    "person": names.get(case.person_id) if case.person_id else None,
                    "station": stations.get(case.station_id) if case.station_id else None,
                    "from_group": case.from_group,
                    "mandatory_report": case.mandatory_report,
                    "opened_at": local(case.opened_at),
                    "pages": [
                        {
                            "round": page.round,
                            "due_at": local(page.due_at),
                            "status": page.status,
                            "sent_at": local(page.sent_at),
                            "to": sorted(
                                {
                                    names.get(row.person_id, "")
                                    for row in paged
                                    if row.key.split(":")[4] == str(page.round)
                                }
                            ),
                        }
                        for page in pages
                    ],
                    "taken_by": names.get(case.taken_by) if case.taken_by else None,
                    "taken_at": local(case.taken_at),
                    "relay": case.relay,
                    "messages": [
                        {"direction": m.direction, "at": local(m.at), "text": m.text} for m in said
                    ],
                    "closed_at": local(case.closed_at),
                    "closing_note": case.closing_note,
                    "purged_at": local(case.purged_at),
                }
            )
            cases.audit(session, case.id, reader.id, "cli", now)
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not rows:
        Console().print("(没有可查看的个案)")
        return
    table = Table(title="个案")
    for key in ("ref", "severity", "status", "person", "station", "opened_at", "taken_by"):
        table.add_column(key)
    table.add_column("pages")
    for row in rows:
        table.add_row(
            *(str(row[key] or "") for key in ("ref", "severity", "status", "person", "station")),
            str(row["opened_at"]),
            str(row["taken_by"] or ""),
            str(len([p for p in row["pages"] if p["status"] == "sent"])),
        )
    Console().print(table)
