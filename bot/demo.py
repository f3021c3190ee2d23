"""A small invented station so a newcomer can try the whole flow from one terminal.

Every name, phone number and place here is made up.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.storage.cases import CaseStaff
from bot.storage.db import transaction
from bot.storage.models import (
    Account,
    ChatGroup,
    Kinship,
    Person,
    RoomHours,
    Station,
    VolunteerDuty,
)

log = logging.getLogger("qinqing.storage")

STATION_CODE = "QH01"
GROUP_ADDRESS = "青禾村志愿者群"

WEEKDAY_HOURS = ("14:00", "21:00")
WEEKEND_HOURS = ("09:00", "21:00")


def seed(engine: Engine, now: datetime) -> bool:
    """Fill an empty database with the demo station. Returns False if it had data already."""
    with transaction(engine) as session:
        if session.exec(select(Station.id)).first() is not None:
            return False
        station = Station(
            code=STATION_CODE,
            name="青禾村新时代文明实践站",
            township="云溪镇",
            county="松岭县",
            room_name="青禾村亲情连线工作室",
            address="松岭县云溪镇青禾村村委会一楼",
        )
        session.add(station)
        session.flush()
        assert station.id is not None
        for weekday in range(7):
            opens, closes = WEEKDAY_HOURS if weekday < 5 else WEEKEND_HOURS
            session.add(
                RoomHours(station_id=station.id, weekday=weekday, opens=opens, closes=closes)
            )

        def person(name: str, role: str, **fields: Any) -> Person:
            row = Person(name=name, role=role, station_id=station.id, created_at=now, **fields)
            session.add(row)
            session.flush()
            session.add(Account(person_id=row.id or 0, transport="console", address=name))
            return row

        li = person("李晓华", "volunteer", phone="13800000001")
        chen = person("陈志强", "volunteer", phone="13800000002")
        person("刘玉梅", "coordinator", phone="13800000003")
        person("周文静", "counsellor", phone="13800000004", notes="学校心理老师")
        above_station = (("黄志明", "township", "云溪镇"), ("吴建军", "county", "松岭县"))
        for name, level, area in above_station:
            above = person(name, "coordinator")
            above.station_id = None
            session.add(CaseStaff(person_id=above.id or 0, level=level, area=area))
        for volunteer, days in ((li, (0, 2, 4, 5)), (chen, (1, 3, 5, 6))):
            for weekday in days:
                opens, closes = WEEKDAY_HOURS if weekday < 5 else WEEKEND_HOURS
                session.add(
                    VolunteerDuty(
                        volunteer_id=volunteer.id or 0, weekday=weekday, starts=opens, ends=closes
                    )
                )

        grandma = person("张桂英", "resident", address="青禾村3组", phone="13800000011")
        grandpa = person(
            "王老根", "resident", address="青禾村5组", can_walk=False, notes="腿脚不便"
        )
        girl = person("王小雨", "resident", address="青禾村3组", notes="四年级")
        son = person("王建国", "relative", phone="13800000021", notes="在广东东莞打工")
        daughter = person("王秀兰", "relative", phone="13800000022", notes="在浙江义乌打工")
        ties = (
            (son, grandma, "mother", "son"),
            (son, girl, "daughter", "father"),
            (daughter, grandpa, "father", "daughter"),
        )
        for relative, resident, relation, relative_is in ties:
            session.add(
                Kinship(
                    relative_id=relative.id or 0,
                    resident_id=resident.id or 0,
                    relation=relation,
                    relative_is=relative_is,
                )
            )
        session.add(
            ChatGroup(
                station_id=station.id,
                transport="console",
                address=GROUP_ADDRESS,
                title="青禾村志愿者群",
            )
        )
    log.info("demo station created")
    return True
