"""Importing a 100,000-person ledger: seconds and peak memory (RSS) of `qinqing ledger import`.

Builds a workbook the way a county hands one in (a title row, a two-row header with the
parents' columns merged, IDs as text, dates in several spellings, phones with spaces), then
imports it into a fresh SQLite database three times: a dry run, the real import, and the same
file again (everything unchanged). Each run is its own process, so its peak RSS is its own.

    .venv/bin/python bench/ledger_bench.py [PEOPLE] [--db URL]
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QINQING = str(Path(sys.executable).with_name("qinqing"))
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
)
GIVEN = "小子文明华建国英秀兰桂芳玉梅红军伟强磊洋勇艳杰娟涛超霞平刚晨雨雪琳欣怡浩宇轩涵博睿"
WORK = ("广东东莞", "广东深圳", "浙江义乌", "福建厦门", "江苏苏州", "上海", "北京")
STATIONS = 200


def id_number(rng: random.Random, born: tuple[int, int, int], serial: int) -> str:
    body = f"3601{rng.randint(10, 99)}{born[0]:04d}{born[1]:02d}{born[2]:02d}{serial:03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def phone(rng: random.Random) -> str:
    digits = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
    return rng.choice(
        (digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"{digits[:3]}-{digits[3:]}")
    )


def build(path: Path, people: int) -> None:
    import openpyxl

    rng = random.Random(7)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("留守儿童")
    sheet.append(["某县农村留守儿童和留守老人信息台账"])
    sheet.append(
        ["序号", "所属站点", "姓名", "性别", "出生日期", "身份证号码", "家庭住址", "监护人",
         "监护人电话", "父亲情况", None, None, "母亲情况", None, None, "健康状况", "就读学校",
         "年级", "风险等级"]
    )  # fmt: skip
    sheet.append([None] * 9 + ["姓名", "电话", "务工地", "姓名", "电话", "务工地"])
    for number in range(1, people + 1):
        year = rng.randint(2009, 2022)
        born = (year, rng.randint(1, 12), rng.randint(1, 28))
        spelled = rng.choice(
            (f"{born[0]}.{born[1]}.{born[2]}", f"{born[0]}年{born[1]}月{born[2]}日",
             f"{born[0]}-{born[1]:02d}-{born[2]:02d}")
        )  # fmt: skip
        surname = rng.choice(SURNAMES)
        sheet.append(
            [number, f"第{number % STATIONS + 1}村", surname + name(rng)[1:],
             "男" if number % 1000 % 2 else "女", spelled, id_number(rng, born, number % 1000),
             f"第{rng.randint(1, 12)}组",
             name(rng), phone(rng), surname + name(rng)[1:], phone(rng), rng.choice(WORK),
             name(rng), phone(rng), rng.choice(WORK), rng.choice(("良好", "一般", "哮喘")),
             "中心小学", f"{rng.randint(1, 6)}年级", rng.choice(("低", "中", "高"))]
        )  # fmt: skip
    book.save(path)


def stations_file(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["省", "市", "县", "乡镇", "站点名称", "站点编号", "开放时间"])
    for number in range(1, STATIONS + 1):
        township = f"第{(number - 1) // 20 + 1}镇"
        sheet.append(
            [
                "江西省",
                "某市",
                "某县",
                township,
                f"第{number}村",
                f"S{number:04d}",
                "每天 09:00-21:00",
            ]
        )
    book.save(path)


def run(args: list[str], env: dict[str, str], folder: Path) -> tuple[float, float, int]:
    """Seconds, this process's own peak RSS in MiB (from wait4), and report lines printed."""
    started = time.monotonic()
    with (folder / "out.txt").open("wb") as out, (folder / "err.txt").open("wb") as err:
        process = subprocess.Popen([QINQING, *args], env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError((folder / "err.txt").read_text(errors="replace")[-2000:])
    lines = (folder / "out.txt").read_bytes().count(b"\n")
    return elapsed, usage.ru_maxrss / 1024, lines


def main() -> None:
    people = int(next((a for a in sys.argv[1:] if a.isdigit()), "100000"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.monotonic()
        build(folder / "ledger.xlsx", people)
        stations_file(folder / "stations.xlsx")
        size = (folder / "ledger.xlsx").stat().st_size / 1024 / 1024
        print(f"built {people} people in {time.monotonic() - started:.1f} s ({size:.1f} MiB)")
        env = {k: v for k, v in os.environ.items() if not k.startswith("QINQING_")}
        env.update(QINQING_DB=str(folder / "bench.db"), QINQING_DEMO="false")
        if "--db" in sys.argv:
            env["QINQING_DB"] = sys.argv[sys.argv.index("--db") + 1]
        run(["stations", "import", str(folder / "stations.xlsx")], env, folder)
        for label, extra in (
            ("dry run", ["--dry-run"]),
            ("import", ["--skip-rejected"]),
            ("again (unchanged)", ["--skip-rejected"]),
        ):
            seconds, rss, lines = run(
                ["ledger", "import", str(folder / "ledger.xlsx"), *extra], env, folder
            )
            print(f"{label:>18}: {seconds:6.1f} s, peak RSS {rss:7.0f} MiB, {lines} report lines")


if __name__ == "__main__":
    main()
