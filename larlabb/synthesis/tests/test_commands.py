"""`manage.py synthesize` and `manage.py place_notes`: files in, documented JSON out."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

SEED_BOARD = (
    Path(__file__).resolve().parents[2] / "workshops/transcription/tests/data/seed_board_export.txt"
)

ROWS = [
    ("1", "Bussen till byn går bara två gånger om dagen", "Grupp 1"),
    ("2", "Bussen till byn går bara två gånger om dagen!", "Grupp 2"),
    ("3", "Kollektivtrafiken på landsbygden går för sällan för att pendla", "Grupp 1"),
    ("4", "Det byggs för få hyresrätter i små kommuner", "Grupp 2"),
    ("5", "Unga hittar ingen lägenhet att hyra och bor kvar hemma", "Grupp 3"),
    ("6", "Målkonflikt: nya bostäder vid sjön krockar med strandskyddet", "Grupp 3"),
    ("7", "Bra exempel: Region Jämtland Härjedalen har infört anropsstyrd trafik", "Grupp 1"),
    ("8", "Kommunens bostadsbolag borde bygga fler små lägenheter", "Grupp 2"),
]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def assert_documented_shape(data: dict[str, Any]) -> None:
    ids = {row[0] for row in ROWS}
    assert set(data) >= {"themes", "duplicates", "conflicts", "good_examples"}
    assert data["themes"]
    for theme in data["themes"]:
        assert isinstance(theme["label"], str) and theme["label"]
        assert all(isinstance(k, str) for k in theme["keywords"])
        assert set(theme["note_ids"]) <= ids
        for statement in theme["summary"]:
            assert set(statement) >= {"text", "note_ids"}
            assert set(statement["note_ids"]) <= ids
    for group in data["duplicates"]:
        assert set(group) <= ids
    for conflict in data["conflicts"]:
        assert conflict["description"] and set(conflict["note_ids"]) <= ids
    assert set(data["good_examples"]) <= ids


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "lappar.csv"
    lines = ["id,text,group,workshop"]
    lines += [f'{i},"{text}",{group},Workshop 1' for i, text, group in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def jsonl_file(tmp_path: Path) -> Path:
    path = tmp_path / "lappar.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "text": text, "group": group, "frame": "Vad behövs?"})
            for i, text, group in ROWS
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def test_synthesize_reads_csv_and_writes_the_documented_json(csv_file):
    data = json.loads(run("synthesize", str(csv_file)))
    assert_documented_shape(data)
    assert ["1", "2"] in data["duplicates"]
    assert ["6"] in [c["note_ids"] for c in data["conflicts"]]
    assert "7" in data["good_examples"]


def test_synthesize_reads_json_lines_with_frames(jsonl_file):
    data = json.loads(run("synthesize", str(jsonl_file)))
    assert_documented_shape(data)
    assert [f["frame"] for f in data["frame_summaries"]] == ["Vad behövs?"]


def test_synthesize_keeps_a_participant_group_of_notes_in_one_theme(tmp_path):
    path = tmp_path / "grupperade.jsonl"
    grouped = {"1": "g", "8": "g"}
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "text": text, "board_group": grouped.get(i, "")})
            for i, text, _group in ROWS
        )
        + "\n",
        encoding="utf-8",
    )
    data = json.loads(run("synthesize", str(path)))
    (theme,) = [t for t in data["themes"] if "1" in t["note_ids"]]
    assert "8" in theme["note_ids"]
    assert theme["from_board_group"] is True


def test_synthesize_reads_a_semicolon_csv_as_spreadsheets_save_it(tmp_path):
    path = tmp_path / "excel.csv"
    rows = "\n".join(f"{i};{text}" for i, text, _group in ROWS)
    path.write_text("\ufeffid;text\n" + rows + "\n", encoding="utf-8")
    data = json.loads(run("synthesize", str(path)))
    assert_documented_shape(data)


def test_synthesize_writes_to_the_output_file_and_nothing_to_stdout(csv_file, tmp_path):
    target = tmp_path / "resultat.json"
    assert run("synthesize", str(csv_file), "--output", str(target)) == ""
    assert_documented_shape(json.loads(target.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("", "tom.csv", "är tom"),
        ("id,group\n1,Grupp 1\n", "kolumn.csv", "saknar kolumnen text"),
        ("text\nBussar\n", "utan-id.csv", "saknar kolumnen id"),
        ("id,text\n1,Bussar\n2,\n", "tom-text.csv", "Rad 3 saknar text"),
        ("id,text\n1,Bussar\n1,Bostäder\n", "dubbel.csv", "id 1 finns redan"),
        (
            '{"id": "1", "text": "Bussar"}\n{"id": "2", "text": \n',
            "trasig.jsonl",
            "Rad 2 är inte giltig JSON",
        ),
        (
            '{"id": "1", "text": "Bussar"}\n\n["2", "Bostäder"]\n',
            "lista.jsonl",
            "Rad 3 är inte ett JSON-objekt",
        ),
        (
            '{"id": "1", "text": "Bussar", "votes": "många"}\n',
            "roster.jsonl",
            "votes ska vara ett heltal",
        ),
        ("id,text\n\n", "bara-rubrik.csv", "innehåller inga lappar"),
    ],
)
def test_synthesize_rejects_bad_input_with_a_clear_message(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("synthesize", str(path))


def test_synthesize_names_a_file_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        run("synthesize", str(tmp_path / "saknas.csv"))


def test_synthesize_with_llm_requires_the_settings(csv_file, settings):
    settings.LLM_BASE_URL = ""
    with pytest.raises(CommandError, match="LLM_BASE_URL"):
        run("synthesize", str(csv_file), "--llm")


def test_place_notes_puts_every_seed_board_note_under_its_frame():
    from larlabb.demo.seed_board import NOTES_BY_FRAME

    data = json.loads(run("place_notes", str(SEED_BOARD)))
    titles = [frame["title"] for frame in data["frames"]]
    assert sorted(titles) == sorted(NOTES_BY_FRAME)
    placed = [note for frame in data["frames"] for note in frame["notes"]] + data["unplaced"]
    expected = [" ".join(n.split()) for notes in NOTES_BY_FRAME.values() for n in notes]
    assert sorted(placed) == sorted(expected)
    right = sum(
        1
        for frame in data["frames"]
        for note in frame["notes"]
        if note in {" ".join(n.split()) for n in NOTES_BY_FRAME[frame["title"]]}
    )
    assert right == len(expected)


def test_place_notes_takes_frame_titles_when_the_export_has_no_instruction(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text(
        "Kollektivtrafik\n\nBussen går för sällan\n\nBostäder\n\n"
        "Det saknas hyresrätter för unga\n\nTågen behöver fler turer\n",
        encoding="utf-8",
    )
    data = json.loads(
        run("place_notes", str(path), "--frame", "Kollektivtrafik", "--frame", "Bostäder")
    )
    assert [f["title"] for f in data["frames"]] == ["Kollektivtrafik", "Bostäder"]
    notes = [n for f in data["frames"] for n in f["notes"]] + data["unplaced"]
    assert sorted(notes) == sorted(
        ["Bussen går för sällan", "Det saknas hyresrätter för unga", "Tågen behöver fler turer"]
    )
    assert "Bussen går för sällan" in data["frames"][0]["notes"]


def test_place_notes_asks_for_frames_when_it_finds_none(tmp_path):
    path = tmp_path / "lappar.txt"
    path.write_text("Bussen går för sällan\n\nDet saknas hyresrätter\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--frame"):
        run("place_notes", str(path))


def test_place_notes_rejects_an_empty_file(tmp_path):
    path = tmp_path / "tom.txt"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CommandError, match="är tom"):
        run("place_notes", str(path))
