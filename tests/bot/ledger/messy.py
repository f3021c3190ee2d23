"""Spreadsheets filled in the way stations fill them in, built fresh for each test.

Every name, number and place is invented. ID numbers carry valid check digits unless a row is
meant to be refused for a wrong one.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(region: str, born: str, serial: str) -> str:
    """A well-formed 18-digit number: region (6), birth date yyyymmdd (8), serial (3)."""
    body = region + born + serial
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


# A girl born 2015-03-12, a boy born 2016-05-01, an old woman born 1948-10-02.
XIAOYU = id_number("360124", "20150312", "654")
DAMING = id_number("360124", "20160501", "011")
GUIHUA = id_number("360124", "19481002", "022")
LINLIN = id_number("360124", "20140920", "022")
WRONG_CHECK = XIAOYU[:17] + ("0" if XIAOYU[17] != "0" else "1")


def children_workbook(path: Path) -> Path:
    """The children's sheet as a township hands it out: a merged title, a line saying who
    filled it in, a two-row header with 父亲/母亲 merged over their sub-columns."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "留守儿童"
    sheet.append(["云溪镇青禾村农村留守儿童信息台账(2026年12月)"])
    sheet.merge_cells("A1:R1")
    sheet.append(["填报单位:青禾村村委会", None, None, None, None, None, "填报日期:2026.12.1"])
    sheet.append(
        ["序号", "姓 名", "性别", "出生日期", "身份证号码", "父亲情况", None, None,
         "母亲情况", None, None, "监护人", "与监护人关系", "监护人电话", "家庭住址",
         "就读学校", "年级", "健康状况"]
    )  # fmt: skip
    for group in ("F3:H3", "I3:K3"):
        sheet.merge_cells(group)
    for column in "ABCDELMNOPQR":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.append(
        [None, None, None, None, None, "姓名", "联系电话", "务工地", "姓名", "联系电话", "务工地"]
    )
    rows = [
        # 5: everything typed as text, phones with spaces and dashes, a padded name.
        [1, "王 小雪", "女", "2015.3.12", XIAOYU, "王建业", "138 0000 0121", "广东东莞",
         "李红", "139-0000-0131", "广东东莞", "张桂花", "祖孙", "+86 138 0000 0111",
         "青禾村3组", "青禾小学", "四年级", "良好"],
        # 6: the ID column was a number column: Excel kept 15 digits and showed 3.6E+17.
        [2, "王小明", "男", datetime(2016, 5, 1), float(DAMING), "王建业", "13800000121",
         "广东东莞"],
        [],
        # 8: the birth date as an Excel serial (42633 = 2016-09-20), ID left empty.
        [3, "刘晨", "男", 42633, None, "刘大海", 13912345678, "浙江义乌", None, None, None,
         "刘奶奶", "祖孙", "0797-1234567", "青禾村5组"],
        [None, None, None, None, None, None, None, None],
        # 10: the same girl again, typed by someone else: dashes in the date, nothing new.
        [4, "王小雪", "女", "2015-03-12", XIAOYU],
        # 11: a typo in the ID number.
        [5, "陈可", "女", "2015年3月12日", WRONG_CHECK],
        # 12: the same boy as row 8 but at another address: which one is right?
        [6, "刘晨", "男", "2016-09-20", None, None, None, None, None, None, None, None, None,
         None, "青禾村6组"],
        # 13: a girl with her date as 2014年9月20日 and the ID typed in groups of digits.
        [7, "周琳琳", "女", "2014年9月20日", f"{LINLIN[:6]} {LINLIN[6:14]} {LINLIN[14:]}",
         None, None, None, "吴芳", "13700000141", "上海", "周爷爷", "祖孙", "13700000142",
         "青禾村1组"],
        # 14-16: the template's numbers run on down the page; 17: who filled it in.
        [8], [9], [10],
        ["填表人:刘玉梅  联系电话:13800000003"],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def elders_workbook(path: Path) -> Path:
    """The elders' list: no title, columns in another order, other header words, one
    column for the children's phones with two numbers in it, and a second sheet of notes."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "留守老人"
    sheet.append(
        ["联系方式", "老人姓名", "公民身份号码", "所在村", "是否独居", "行动能力",
         "子女姓名", "与老人关系", "子女联系电话", "子女务工地点", "心理状况", "备注"]
    )  # fmt: skip
    sheet.append(
        ["0797 7654321", "赵桂花", GUIHUA, "青禾村", "是", "行动不便,需拄拐", "赵建平", "儿子",
         "13600000151、13600000152", "福建厦门", "有时孤单", "老伴去世三年"]
    )  # fmt: skip
    sheet.append(["", "", "", "", "", "", "", "", "", "", "", ""])
    sheet.append(
        [None, "孙大爷", None, "白石村", "否", "能", None, None, None, None, None, None]
    )  # fmt: skip
    notes = book.create_sheet("填表说明")
    notes.append(["请按实际情况填写,身份证号请设为文本格式。"])
    book.save(path)
    return path


def children_csv(path: Path, encoding: str = "gb18030") -> Path:
    """The same kind of list saved as CSV by Excel: GBK text, numbers as Excel wrote them."""
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["青禾村留守儿童名单"])
        writer.writerow(["姓名", "身份证号", "出生日期", "性别", "父母务工地", "父亲姓名",
                         "父亲电话"])  # fmt: skip
        writer.writerow(["黄小兵", "3.60124E+17", "2017/6/1", "男", "江苏苏州", "黄勇",
                         "1.38E+10"])  # fmt: skip
        writer.writerow(["黄小花", "", "2017/6/1", "女", "江苏苏州", "黄勇", "13800000161.0"])
        writer.writerow(["", "", "", "", "", "", ""])
    return path
