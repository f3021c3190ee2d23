import io
import json
from pathlib import Path

from bot.nlpcmd import eval_main, parse_main


def test_parse_keeps_order_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"text": "明天下午三点跟我妈视频"}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": "周五", "now": "2026-11-18T09:30:00+08:00"}, ensure_ascii=False),
        json.dumps({"no_text": 1}),
    ]
    out = io.StringIO()

    code = parse_main("2026-12-03T10:00:00+08:00", io.StringIO("\n".join(lines) + "\n"), out)

    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1
    assert len(results) == 4
    assert results[0]["when"] == {"date": "2026-12-04", "time": "15:00", "period": "afternoon"}
    assert results[0]["relation"] == "mother"
    assert "error" in results[1]
    assert results[2]["when"]["date"] == "2026-11-20"
    assert "error" in results[3]
    assert "明天" in out.getvalue()  # not \\u-escaped


def test_eval_reports_every_field(tmp_path: Path) -> None:
    (tmp_path / "a-intents.jsonl").write_text(
        json.dumps({"text": "谢谢", "intent": "smalltalk", "item": None, "relation": None}) + "\n"
    )
    (tmp_path / "a-times.jsonl").write_text(
        json.dumps(
            {
                "text": "明天",
                "now": "2026-11-18T09:30:00+08:00",
                "date": "2026-11-19",
                "time": None,
                "period": None,
            }
        )
        + "\n"
    )
    (tmp_path / "a-risk.jsonl").write_text(
        json.dumps({"text": "我不想活了", "risk": "crisis"}) + "\n"
    )
    out = io.StringIO()

    assert eval_main(str(tmp_path), out) == 0

    report = out.getvalue()
    for label in (
        "intent",
        "item",
        "relation",
        "date",
        "time",
        "period",
        "full",
        "crisis recall",
        "concern recall",
        "false crises",
    ):
        assert label in report
    assert "crisis recall   100.0% (1/1)" in report


def test_eval_on_an_empty_directory_fails(tmp_path: Path) -> None:
    assert eval_main(str(tmp_path), io.StringIO()) == 2
