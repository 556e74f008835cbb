"""The summary of the weekly link check: dead links fail it, moved links are listed with their new
address, timeouts are listed without failing it."""
from __future__ import annotations

import json

import pytest

from booktools.linkreport import main, read_report, summarise

ENTRIES = [
    {"filename": "chapters/methods.md", "lineno": 91, "status": "working", "code": 0, "uri": "https://a.example/", "info": ""},
    {"filename": "chapters/methods.md", "lineno": 91, "status": "redirected", "code": 301, "uri": "https://b.example/old",
     "info": "https://b.example/new"},
    {"filename": "chapters/methods.md", "lineno": 91, "status": "timeout", "code": 0, "uri": "https://c.example/", "info": "30 s"},
]
DEAD = {"filename": "chapters/methods.md", "lineno": 91, "status": "broken", "code": 404, "uri": "https://d.example/gone",
        "info": "404 Client Error: Not Found"}


def write(path, entries):
    path.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    return path


def test_moved_and_timed_out_links_are_listed_but_do_not_fail(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main([str(write(tmp_path / "output.json", ENTRIES))]) == 0
    out = capsys.readouterr().out
    assert "1 redirected, 1 timeout, 1 working" in out
    assert "https://b.example/old → https://b.example/new" in out and "https://c.example/" in out


def test_a_dead_link_fails_and_is_named_with_its_page_and_line(tmp_path, capsys, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main([str(write(tmp_path / "output.json", [*ENTRIES, DEAD]))]) == 1
    assert "chapters/methods.md:91 https://d.example/gone (404 Client Error: Not Found)" in capsys.readouterr().out
    assert "## Dead links" in summary.read_text(encoding="utf-8")


def test_a_missing_or_garbled_report_is_an_error_not_a_pass(tmp_path):
    assert main([str(tmp_path / "absent.json")]) == 2
    bad = tmp_path / "output.json"
    bad.write_text('{"status": "working"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match="output.json, line 2"):
        read_report(bad)
    assert summarise([])[1] is False
