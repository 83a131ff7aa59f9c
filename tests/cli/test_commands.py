"""The command line: help texts, bad input, output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support import FIXTURES


def test_help_lists_commands(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--help")
    assert result.code == 0
    for command in ("analyze", "ptc", "techniques", "train"):
        assert command in result.stdout


def test_python_m_spinscope_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spinscope", "techniques"], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "name_calling" in done.stdout


def test_each_subcommand_has_help(cli) -> None:  # type: ignore[no-untyped-def]
    for args in (["analyze"], ["ptc", "score"], ["ptc", "predict-tc"], ["train"]):
        result = cli(*args, "--help")
        assert result.code == 0, result.stderr
        assert "Usage" in result.stdout


def test_missing_path_is_one_line_error_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", str(tmp_path / "missing.txt"))
    assert result.code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "missing.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_non_utf8_names_file_and_byte_offset(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 cr\u00e8me".encode("latin-1"))
    result = cli("analyze", str(path))
    assert result.code == 2
    assert "latin1.txt" in result.stderr and "byte offset 3" in result.stderr


def test_binary_file_is_rejected(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli("analyze", str(path))
    assert result.code == 2
    assert "binary" in result.stderr and "byte offset 8" in result.stderr


def test_folder_instead_of_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", str(tmp_path))
    assert result.code == 2 and "is a folder" in result.stderr


def test_empty_stdin_gives_empty_json_result(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", "-", "--format", "json", stdin=b"  \n\t ")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["spans"] == [] and data["source"] == "<stdin>"


def test_sample_json_output_to_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.json"
    result = cli("analyze", "--sample", "--format", "json", "-o", str(out))
    assert result.code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"]
    assert data["spans"], "the bundled sample is written to use several techniques"
    assert not list(tmp_path.glob(".*.part"))
    assert "reads articles and paragraphs best" not in result.stderr


def test_a_sentence_alone_gets_a_note_on_stderr(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", "-", "--format", "json", stdin=b"The corrupt elite will ruin us all.")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["text_length"] == 35
    assert "<stdin>: This text is one sentence. spinscope reads articles and paragraphs best" in result.stderr


def test_name_blind_reading_is_an_option_and_is_recorded(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for flag, recorded in (("--name-blind", True), ("--see-names", None)):
        out = tmp_path / f"{flag}.json"
        result = cli("analyze", "--sample", flag, "--format", "json", "-o", str(out))
        assert result.code == 0, result.stderr
        assert json.loads(out.read_text(encoding="utf-8")).get("meta", {}).get("name_blind") == recorded


def test_sample_terminal_view(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", "--sample")
    assert result.code == 0, result.stderr
    assert "Port Elin" in result.stdout
    assert "Techniques found" in result.stdout


def test_min_score_trades_precision_for_recall(cli) -> None:  # type: ignore[no-untyped-def]
    low = json.loads(cli("analyze", "--sample", "-f", "json", "--min-score", "0.1").stdout)
    high = json.loads(cli("analyze", "--sample", "-f", "json", "--min-score", "0.9").stdout)
    covered = lambda d: sum(s["end"] - s["start"] for s in d["spans"])  # noqa: E731
    assert covered(low) >= covered(high)


def test_path_and_sample_together_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("analyze", "x.txt", "--sample")
    assert result.code == 2 and "either" in result.stderr


def test_ptc_commands_round_trip(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    articles = FIXTURES / "sample-corpus" / "articles"
    gold = FIXTURES / "sample-corpus" / "vellmark-lanterns.gold.tsv"
    e2e, si, tc = tmp_path / "e2e.txt", tmp_path / "si.txt", tmp_path / "tc.txt"
    assert cli("ptc", "predict", str(articles), "-o", str(e2e)).code == 0
    assert cli("ptc", "predict-si", str(articles), "-o", str(si)).code == 0
    spans = tmp_path / "spans.txt"
    gold_rows = gold.read_text().splitlines()
    spans.write_text(
        "".join(f"{r.split(chr(9))[0]}\t?\t{r.split(chr(9))[2]}\t{r.split(chr(9))[3]}\n" for r in gold_rows)
    )
    assert cli("ptc", "predict-tc", str(articles), str(spans), "-o", str(tc)).code == 0
    tc_rows = tc.read_text().splitlines()
    assert [r.split("\t")[2:] for r in tc_rows] == [r.split("\t")[2:] for r in gold_rows]
    for row in si.read_text().splitlines():
        article_id, start, end = row.split("\t")
        assert article_id == "vellmark-lanterns" and int(start) < int(end)
    score = cli("ptc", "score", "tc", str(gold), str(tc), "--json")
    assert score.code == 0, score.stderr
    data = json.loads(score.stdout)
    assert 0.0 <= data["overall"]["f1"] <= 1.0 and data["overall"]["n_gold"] == 5
    with_interval = json.loads(
        cli("ptc", "score", "tc", str(gold), str(tc), "--json", "--bootstrap", "50").stdout
    )
    ci = with_interval["bootstrap_95"]
    assert ci["groups"] == 1 and ci["low"] == ci["high"] == ci["value"] == round(data["overall"]["f1"], 4)
    assert cli("ptc", "score", "e2e", str(gold), str(e2e)).code == 0
    assert cli("ptc", "score", "bogus", str(gold), str(e2e)).code == 2


def test_predict_tc_gives_repeated_spans_different_techniques(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spans = tmp_path / "spans.txt"
    spans.write_text(
        "".join(f"vellmark-lanterns\tx\t{a}\t{b}\n" for a, b in ((175, 193), (370, 374), (175, 193)))
    )
    out = tmp_path / "tc.txt"
    assert (
        cli(
            "ptc", "predict-tc", str(FIXTURES / "sample-corpus" / "articles"), str(spans), "-o", str(out)
        ).code
        == 0
    )
    rows = [r.split("\t") for r in out.read_text().splitlines()]
    assert [r[2:] for r in rows] == [["175", "193"], ["370", "374"], ["175", "193"]]
    assert rows[0][1] != rows[2][1]


def test_models_info_says_how_this_machine_runs_the_models(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("models", "info")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("technique model: ") and "display threshold" in lines[0]
    assert lines[1].startswith("claim model: ")
    assert "int8 weights" in lines[2] and ("as shipped" in lines[2] or "moved to uint8" in lines[2])
    assert lines[3].startswith("native bf16 for training: ")
