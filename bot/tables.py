"""The terminal view of the report commands: Chinese headings, the columns that matter, words
station staff read. `--json` keeps the English keys and every field for scripts."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

from handlers.texts import ORDER_STATUS_WORDS, duration, relation_word

# Roles as the console and the tables name them.
ROLE_NAMES = {
    "relative": "在外亲属",
    "resident": "留守老人/儿童",
    "volunteer": "志愿者",
    "coordinator": "站点负责人",
    "counsellor": "心理辅导员",
    "legal": "法律志愿者",
}

HEADINGS = {
    "ref": "单号",
    "name": "名称",
    "status": "状态",
    "kind": "方式",
    "for": "服务对象",
    "asked_by": "申请人",
    "volunteer": "志愿者",
    "created_at": "申请时间",
    "starts_at": "时间",
    "resident": "老人/儿童",
    "relative": "在外亲属",
    "role": "身份",
    "station": "站点",
    "can_walk": "能走动",
    "relatives": "家人",
    "code": "编号",
    "township": "乡镇",
    "county": "县",
    "groups": "已绑定的群",
    "date": "日期",
    "service": "服务",
    "minutes": "分钟",
    "category": "类别",
    "may_claim": "谁能接",
    "claim_minutes": "接单时限",
    "done_minutes": "完成时限",
    "served_minutes": "记时长",
    "active": "启用",
}
# A heading that reads differently in one view.
VIEW_HEADINGS = {"people": {"name": "姓名"}}
# Which columns each view shows, in order.
COLUMNS = {
    "people": ["name", "role", "station", "can_walk", "relatives"],
    "stations": ["code", "name", "township", "county", "groups"],
    "appointments": ["ref", "starts_at", "status", "kind", "resident", "relative", "volunteer"],
    "orders": ["ref", "name", "status", "for", "volunteer", "created_at"],
    "hours": ["volunteer", "date", "ref", "service", "minutes"],
    "catalog": [
        "code",
        "name",
        "category",
        "may_claim",
        "claim_minutes",
        "done_minutes",
        "active",
    ],
}
WORDS = {
    "role": ROLE_NAMES,
    "status": {
        **ORDER_STATUS_WORDS,
        "booked": "已预约",
        "held": "已进行",
        "no_show": "没有进行",
    },
    "kind": {
        "room": "工作室",
        "home": "上门",
        "service": "服务",
        "visit": "探访",
        "voice": "语音",
    },
    "may_claim": {
        "volunteer": "志愿者",
        "volunteers": "志愿者",
        "counsellor": "心理辅导员",
        "counsellors": "心理辅导员",
        "legal": "法律志愿者",
    },
}


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(
            f"{v['name']}({relation_word(v['relation'])})" if isinstance(v, dict) else str(v)
            for v in value
        )
    if key.endswith("_minutes") and isinstance(value, int):
        return duration(timedelta(minutes=value))
    if key.endswith("_at") and isinstance(value, str) and "T" in value:
        return value[:16].replace("T", " ")
    return WORDS.get(key, {}).get(str(value), str(value))


def show(view: str, title: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        Console().print("(空)")
        return
    keys = [key for key in COLUMNS[view] if key in rows[0]]
    table = Table(title=title)
    for key in keys:
        table.add_column(VIEW_HEADINGS.get(view, {}).get(key) or HEADINGS.get(key, key))
    for row in rows:
        table.add_row(*(_cell(key, row.get(key)) for key in keys))
    Console().print(table)


def emit(view: str, title: str, rows: list[dict[str, Any]], as_json: bool) -> None:
    """Rows as JSON for scripts, or as the terminal table."""
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        show(view, title, rows)
