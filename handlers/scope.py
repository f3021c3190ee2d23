"""Who may see and act for whom: a relative their own family, a volunteer their station, a
counsellor their cases, a coordinator their area. Every check that handlers make goes here."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.storage.cases import Case, CaseStaff
from bot.storage.ledger import Area
from bot.storage.models import ChatGroup, Kinship, Person, Station
from handlers import texts
from handlers.context import Context

STAFF = ("volunteer", "counsellor", "coordinator")
FAMILY = ("relative", "resident")


def area_ids_under(session: Session, area_id: int) -> set[int]:
    found = {area_id}
    frontier = [area_id]
    while frontier:
        below = session.exec(select(Area.id).where(col(Area.parent_id).in_(frontier))).all()
        frontier = [a for a in below if a is not None and a not in found]
        found.update(frontier)
    return found


def stations_of(session: Session, person: Person) -> set[int]:
    """The stations a volunteer or coordinator answers for (empty for everyone else)."""
    if person.role == "volunteer":
        return {person.station_id} if person.station_id is not None else set()
    if person.role != "coordinator":
        return set()
    if person.area_id is not None:
        areas = area_ids_under(session, person.area_id)
        query = select(Station.id).where(col(Station.area_id).in_(areas))
        return {s for s in session.exec(query) if s is not None}
    # Safeguarding names a coordinator's township or county in words until the area tree is
    # filled in; both must give the same answer.
    staff = session.get(CaseStaff, person.id) if person.id is not None else None
    if staff is not None and staff.level in ("township", "county") and staff.area:
        column = Station.township if staff.level == "township" else Station.county
        return {s for s in session.exec(select(Station.id).where(column == staff.area)) if s}
    return {person.station_id} if person.station_id is not None else set()


def family_ids(session: Session, person: Person) -> set[int]:
    ids = {person.id} if person.id is not None else set()
    for kin in session.exec(
        select(Kinship).where(
            (Kinship.relative_id == person.id) | (Kinship.resident_id == person.id)
        )
    ):
        ids.update((kin.relative_id, kin.resident_id))
    return ids


def case_person_ids(session: Session, counsellor: Person) -> set[int]:
    ids = {
        p
        for p in session.exec(select(Person.id).where(Person.counsellor_id == counsellor.id))
        if p
    }
    query = select(Case.person_id).where(Case.taken_by == counsellor.id)
    ids.update(p for p in session.exec(query) if p is not None)
    return ids


def may_see(session: Session, viewer: Person, target: Person) -> bool:
    if viewer.id is not None and viewer.id == target.id:
        return True
    if viewer.role in FAMILY:
        return target.id in family_ids(session, viewer)
    if viewer.role == "counsellor":
        return target.id in case_person_ids(session, viewer)
    if viewer.role in ("volunteer", "coordinator"):
        return target.station_id in stations_of(session, viewer)
    return False


def may_issue_code(session: Session, viewer: Person, target: Person) -> bool:
    """Coordinators hand out binding codes, for people of the stations they answer for."""
    return viewer.role == "coordinator" and target.station_id in stations_of(session, viewer)


def linked_group(ctx: Context) -> ChatGroup | None:
    incoming = ctx.incoming
    return ctx.session.exec(
        select(ChatGroup).where(
            ChatGroup.transport == incoming.transport, ChatGroup.address == incoming.chat
        )
    ).first()


def refusal(ctx: Context, roles: tuple[str, ...]) -> str | None:
    """Why this sender may not use a command meant for `roles` here, or None if they may.

    In a group the group must be linked to a station the sender answers for.
    """
    person = ctx.person
    if person is None:
        return texts.COMMAND_NOT_LINKED
    if person.role not in roles:
        return texts.command_needs_role(roles)
    if not ctx.incoming.is_group:
        return None
    group = linked_group(ctx)
    if group is None:
        return texts.GROUP_NOT_LINKED
    if person.role in FAMILY or group.station_id not in stations_of(ctx.session, person):
        if person.role == "counsellor" and person.station_id == group.station_id:
            return None
        return texts.GROUP_NOT_YOURS
    return None
