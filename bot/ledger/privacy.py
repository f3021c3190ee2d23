"""A person's own data: everything kept about them, and removing it.

Removal keeps what the station must keep as a record of work done or of a child's safety — the
calls that were held, service orders and safeguarding cases — tied to a nameless stub, and says
so plainly; everything that identifies the person goes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, col, select

from bot.storage.ledger import Area, LedgerAudit
from bot.storage.models import (
    Account,
    Appointment,
    BindingAttempt,
    BindingCode,
    Conversation,
    InboxMessage,
    Kinship,
    OutboxMessage,
    Person,
    Station,
)

LEDGER_COLUMNS = (
    "name",
    "role",
    "category",
    "sex",
    "birth_date",
    "id_number",
    "address",
    "phone",
    "guardian_name",
    "guardian_relation",
    "guardian_phone",
    "workplace",
    "health",
    "disability",
    "can_walk",
    "lives_alone",
    "mood",
    "notes",
    "school",
    "grade",
    "risk_level",
    "team",
    "skills",
    "availability",
)
# What delete_person blanks on a person it has to keep as a stub.
BLANKED = {
    "category": "",
    "sex": "",
    "birth_date": None,
    "id_number": None,
    "address": "",
    "phone": None,
    "guardian_name": "",
    "guardian_relation": "",
    "guardian_phone": None,
    "workplace": "",
    "health": "",
    "disability": "",
    "lives_alone": None,
    "mood": "",
    "notes": "",
    "school": "",
    "grade": "",
    "risk_level": "",
    "team": "",
    "skills": "",
    "availability": "",
    "area_id": None,
    "counsellor_id": None,
}
GONE = "(已删除)"
DELETE_WARNING = (
    "将删除此人的台账信息、家属关系、聊天账号绑定和聊天记录内容。\n"
    "会保留(不含姓名、电话、身份证号):已发生的视频预约记录、服务工单、心理关爱个案和查阅记录,"
    "这些是站点工作和未成年人保护必须留存的记录。"
)


def _value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def ledger_record(session: Session, person: Person) -> dict[str, Any]:
    """The ledger fields, normalised (ISO dates, phones as digits), with family and places."""
    record = {key: _value(getattr(person, key)) for key in LEDGER_COLUMNS}
    record["id"] = person.id
    station = session.get(Station, person.station_id) if person.station_id else None
    record["station"] = station.name if station else None
    area = session.get(Area, person.area_id) if person.area_id else None
    record["area"] = area.name if area else None
    record["relatives"] = family(session, person)
    return record


def family(session: Session, person: Person) -> list[dict[str, Any]]:
    found = []
    as_resident = select(Kinship, Person).join(Person, col(Person.id) == Kinship.relative_id)
    for kin, other in session.exec(as_resident.where(Kinship.resident_id == person.id)):
        found.append(_tie(other, kin.relative_is))
    as_relative = select(Kinship, Person).join(Person, col(Person.id) == Kinship.resident_id)
    for kin, other in session.exec(as_relative.where(Kinship.relative_id == person.id)):
        found.append(_tie(other, kin.relation))
    return found


def _tie(other: Person, relation: str) -> dict[str, Any]:
    return {
        "name": other.name,
        "relation": relation,
        "phone": other.phone,
        "workplace": other.workplace,
    }


def audit(
    session: Session,
    person_id: int | None,
    action: str,
    now: datetime,
    actor: str,
    actor_id: int | None = None,
    detail: str = "",
) -> None:
    session.add(
        LedgerAudit(
            person_id=person_id,
            actor_id=actor_id,
            actor=actor,
            action=action,
            detail=detail,
            at=now,
        )
    )


def references(session: Session, person_id: int) -> dict[str, int]:
    """Rows in every table that point at the person, found from the schema itself so tables
    added later are counted too."""
    counts: dict[str, int] = {}
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "person" for fk in column.foreign_keys):
                if table.name == "person" and column.name == "id":
                    continue
                query = select(func.count()).select_from(table).where(column == person_id)
                number = session.exec(query).one()
                if number:
                    counts[table.name] = counts.get(table.name, 0) + number
    return counts


def export_person(
    session: Session, person: Person, now: datetime, tz: ZoneInfo, actor: str
) -> dict[str, Any]:
    assert person.id is not None
    accounts = session.exec(select(Account).where(Account.person_id == person.id)).all()
    addresses = [(a.transport, a.address) for a in accounts]
    messages = []
    for transport, address in addresses:
        for row in session.exec(
            select(InboxMessage)
            .where(InboxMessage.transport == transport, InboxMessage.sender == address)
            .order_by(col(InboxMessage.id))
        ):
            messages.append({"at": row.received_at.astimezone(tz).isoformat(), "text": row.text})
    calls = []
    for call in session.exec(
        select(Appointment)
        .where(
            (Appointment.resident_id == person.id)
            | (Appointment.relative_id == person.id)
            | (Appointment.volunteer_id == person.id)
        )
        .order_by(col(Appointment.starts_at))
    ):
        calls.append(
            {
                "ref": call.ref,
                "starts_at": call.starts_at.astimezone(tz).isoformat(),
                "status": call.status,
                "kind": call.kind,
                "rating": call.rating,
            }
        )
    reads = [
        {"at": row.at.astimezone(tz).isoformat(), "by": row.actor, "action": row.action}
        for row in session.exec(
            select(LedgerAudit)
            .where(LedgerAudit.person_id == person.id)
            .order_by(col(LedgerAudit.id))
        )
    ]
    audit(session, person.id, "export", now, actor)
    return {
        "ledger": ledger_record(session, person),
        "accounts": [{"transport": t, "address": a} for t, a in addresses],
        "messages": messages,
        "calls": calls,
        "record_reads": reads,
        "other_records": references(session, person.id),
    }


def delete_person(session: Session, person: Person, now: datetime, actor: str) -> list[str]:
    """Remove what identifies the person; returns plain sentences on what went and what stayed."""
    assert person.id is not None
    pid = person.id
    accounts = session.exec(select(Account).where(Account.person_id == pid)).all()
    for account in accounts:
        session.exec(
            update(InboxMessage)
            .where(
                col(InboxMessage.transport) == account.transport,
                col(InboxMessage.sender) == account.address,
            )
            .values(text=GONE, attachment=None)
        )
        for row in session.exec(
            select(BindingAttempt).where(
                BindingAttempt.transport == account.transport,
                BindingAttempt.address == account.address,
            )
        ):
            session.delete(row)
        conversation = session.get(Conversation, account.id)
        if conversation is not None:
            session.delete(conversation)
        session.exec(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.transport) == account.transport,
                col(OutboxMessage.address) == account.address,
            )
            .values(text=GONE, attachment=None)
        )
    session.flush()
    for account in accounts:
        session.delete(account)
    session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.person_id) == pid)
        .values(text=GONE, attachment=None, person_id=None)
    )
    for kin in session.exec(
        select(Kinship).where((Kinship.relative_id == pid) | (Kinship.resident_id == pid))
    ):
        session.delete(kin)
    for code in session.exec(select(BindingCode).where(BindingCode.person_id == pid)):
        session.delete(code)
    session.exec(update(Person).where(col(Person.counsellor_id) == pid).values(counsellor_id=None))
    session.flush()

    kept = references(session, pid)
    said = [f"已删除:台账信息、{len(accounts)} 个聊天账号绑定、家属关系、聊天记录的内容。"]
    if kept:
        for key, value in BLANKED.items():
            setattr(person, key, value)
        person.name = f"已删除#{pid}"
        person.updated_at = now
        session.add(person)
        tables = "、".join(f"{name}({count})" for name, count in sorted(kept.items()))
        said.append(
            "保留(已去掉姓名、电话、身份证号):" + tables + "。这些是已发生的服务和"
            "未成年人保护的工作记录,按规定留存。"
        )
    else:
        session.delete(person)
        said.append("此人没有需要留存的工作记录,已整条删除。")
    audit(session, pid, "delete", now, actor)
    said.append("查阅记录(谁在何时看过)保留,不含个人信息。")
    return said
