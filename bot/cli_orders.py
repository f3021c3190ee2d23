"""`qinqing orders`, `qinqing hours` and `qinqing catalog`: orders, time served, the catalog."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli_files import WriteFailed, writing
from bot.settings import get_settings

if TYPE_CHECKING:
    from bot.app import App

COMMANDS = ("orders", "hours", "catalog")
SETTINGS = ("may_claim", "claim_minutes", "done_minutes", "served_minutes", "active")
CLAIMERS = ("volunteers", "counsellors", "legal")


def add_commands(commands: Any) -> None:
    orders = commands.add_parser("orders", help="service orders and home visits, with state")
    orders.add_argument("--json", action="store_true")
    hours = commands.add_parser("hours", help="volunteer hours served in a month")
    hours.add_argument("--month", required=True, help="YYYY-MM")
    hours.add_argument("--xlsx", metavar="FILE", help="write a spreadsheet instead of a table")
    hours.add_argument("--json", action="store_true")
    catalog = commands.add_parser("catalog", help="the services offered and their settings")
    catalog.add_argument("code", nargs="?", help="an item to change, e.g. M2")
    catalog.add_argument("--may-claim", choices=CLAIMERS)
    catalog.add_argument("--claim-minutes", type=int)
    catalog.add_argument("--done-minutes", type=int)
    catalog.add_argument("--served-minutes", type=int)
    catalog.add_argument("--active", choices=("yes", "no"))
    catalog.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from bot.app import App

    app = App(get_settings())
    app.prepare()
    try:
        if args.command == "orders":
            return _print(orders(app), args.json, "服务单", "orders")
        if args.command == "hours":
            return _hours(app, args.month, args.xlsx, args.json)
        return _catalog(app, args)
    finally:
        app.engine.dispose()


def orders(app: App) -> list[dict[str, Any]]:
    from sqlmodel import Session, col, select

    from bot.storage.models import CatalogItem, Deadline, Order, Person

    with Session(app.engine) as session:
        names = {p.id: p.name for p in session.exec(select(Person))}
        items = {i.code: i.name for i in session.exec(select(CatalogItem))}
        rows = []
        for order in session.exec(select(Order).order_by(col(Order.id))):
            deadlines = session.exec(
                select(Deadline).where(Deadline.order_id == order.id).order_by(col(Deadline.id))
            ).all()
            rows.append(
                {
                    "ref": order.ref,
                    "kind": order.kind,
                    "item": order.item,
                    "name": items.get(
                        order.item or "", "上门探访" if order.kind == "visit" else ""
                    ),
                    "status": order.status,
                    "for": names.get(order.for_id),
                    "asked_by": names.get(order.asked_by),
                    "volunteer": names.get(order.volunteer_id),
                    "wanted_on": order.wanted_on.isoformat() if order.wanted_on else None,
                    "created_at": order.created_at.astimezone(app.tz).isoformat(),
                    "done_at": order.done_at.astimezone(app.tz).isoformat()
                    if order.done_at
                    else None,
                    "rating": order.rating,
                    "deadlines": [
                        {
                            "kind": d.kind,
                            "step": d.step,
                            "due_at": d.due_at.astimezone(app.tz).isoformat(),
                            "status": d.status,
                        }
                        for d in deadlines
                    ],
                }
            )
        return rows


def hours(app: App, month: str) -> list[dict[str, Any]]:
    """Every finished order or visit in the month, one row per volunteer and order."""
    from sqlmodel import Session, col, select

    from bot.storage.models import CatalogItem, Order, Person, Station, VolunteerHours

    start = datetime.strptime(month, "%Y-%m").replace(tzinfo=app.tz)
    end = (start + timedelta(days=32)).replace(day=1)
    with Session(app.engine) as session:
        query = (
            select(VolunteerHours, Person, Order, Station)
            .join(Person, col(Person.id) == VolunteerHours.volunteer_id)
            .join(Order, col(Order.id) == VolunteerHours.order_id)
            .join(Station, col(Station.id) == Order.station_id)
            .where(col(VolunteerHours.served_at) >= start, col(VolunteerHours.served_at) < end)
            .order_by(col(Person.name), col(VolunteerHours.served_at))
        )
        items = {i.code: i.name for i in session.exec(select(CatalogItem))}
        return [
            {
                "volunteer": person.name,
                "station": station.name,
                "date": served.served_at.astimezone(app.tz).date().isoformat(),
                "ref": order.ref,
                "service": items.get(
                    order.item or "", "上门探访" if order.kind == "visit" else "语音待听"
                ),
                "minutes": served.minutes,
            }
            for served, person, order, station in session.exec(query)
        ]


def _hours(app: App, month: str, xlsx: str | None, as_json: bool) -> int:
    try:
        rows = hours(app, month)
    except ValueError:
        print("月份请写成 2026-12 这样", file=sys.stderr)
        return 2
    if xlsx is None:
        return _print(rows, as_json, f"{month} 志愿服务时长", "hours")
    try:
        with writing(Path(xlsx)):
            write_xlsx(Path(xlsx), month, rows)
    except WriteFailed as error:
        print(error, file=sys.stderr)
        return 1
    print(f"已导出 {len(rows)} 条记录到 {xlsx}")
    return 0


def write_xlsx(path: Path, month: str, rows: list[dict[str, Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "汇总"
    summary.append(["志愿者", "次数", "时长(小时)"])
    totals: dict[str, list[int]] = {}
    for row in rows:
        total = totals.setdefault(row["volunteer"], [0, 0])
        total[0] += 1
        total[1] += row["minutes"]
    for name, (count, minutes) in sorted(totals.items()):
        summary.append([name, count, round(minutes / 60, 2)])
    detail = book.create_sheet("明细")
    detail.append(["志愿者", "站点", "日期", "单号", "服务", "时长(小时)"])
    for row in rows:
        detail.append(
            [
                row["volunteer"],
                row["station"],
                row["date"],
                row["ref"],
                row["service"],
                round(row["minutes"] / 60, 2),
            ]
        )
    book.properties.title = f"志愿服务时长 {month}"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _catalog(app: App, args: argparse.Namespace) -> int:
    from sqlmodel import Session, col, select

    from bot.storage.db import transaction
    from bot.storage.models import CatalogItem

    changes = {
        name: getattr(args, name)
        for name in SETTINGS
        if getattr(args, name, None) is not None and name != "active"
    }
    if args.active is not None:
        changes["active"] = args.active == "yes"
    if any(isinstance(v, int) and not isinstance(v, bool) and v <= 0 for v in changes.values()):
        print("分钟数要大于 0", file=sys.stderr)
        return 2
    if args.code is not None and changes:
        with transaction(app.engine) as session:
            item = session.get(CatalogItem, args.code.upper())
            if item is None:
                print(f"目录里没有 {args.code}", file=sys.stderr)
                return 1
            for name, value in changes.items():
                setattr(item, name, value)
            session.add(item)
    with Session(app.engine) as session:
        query = select(CatalogItem).order_by(col(CatalogItem.kind).desc(), col(CatalogItem.code))
        if args.code is not None:
            query = query.where(CatalogItem.code == args.code.upper())
        rows = [item.model_dump() for item in session.exec(query)]
    if args.code is not None and not rows:
        print(f"目录里没有 {args.code}", file=sys.stderr)
        return 1
    return _print(rows, args.json, "服务目录", "catalog")


def _print(rows: list[dict[str, Any]], as_json: bool, title: str, view: str) -> int:
    from bot import tables

    tables.emit(view, title, rows, as_json)
    return 0
