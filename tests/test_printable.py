"""The printable program (PDF, WeasyPrint), checked by reading its text back: a page per week, names, boxes."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from crosstrain.cli import app
from crosstrain.core.profile import load_profile, parse_profile
from crosstrain.core.program import Program, design_program
from crosstrain.printable import Row, program_document, program_html, program_pdf

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))
EXPERT = Path(__file__).resolve().parent / "core" / "expert_profiles"


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def week_pages(text: list[str]) -> list[int]:
    return [i for i, page in enumerate(text) if page.lstrip().startswith("Week ")]


@pytest.mark.parametrize(
    "profile", ["profile-gym-novice.json", "profile-masters-half.json", "profile-home-bodyweight.json"]
)
def test_each_week_is_one_page_with_its_sessions_and_exercises(profile: str) -> None:
    program = design_program(load_profile(EXAMPLES / profile))
    text = pages(program_pdf(program_document(program)))
    # A cover, one page per week, the next block's page.
    assert len(text) == 8
    assert week_pages(text) == [1, 2, 3, 4, 5, 6]
    for number, sessions in program.weeks():
        page = " ".join(text[number].split())
        assert page.startswith(f"Week {number}")
        for session in sessions:
            assert f"session {session.letter}, about {session.minutes} min" in page
            for block in session.blocks:
                for item in block.items:
                    assert " ".join(item.exercise.name.split())[:18] in page, (number, item.exercise.name)


def test_cues_print_where_an_exercise_first_appears_and_notices_on_the_cover() -> None:
    program = design_program(load_profile(EXAMPLES / "profile-painful-shoulder.json"))
    document = program_document(program)
    assert program.notices
    cover = " ".join(pages(program_pdf(document))[0].split())
    assert " ".join(program.notices[0].split())[:60] in cover
    first = next(item for _, sessions in program.weeks() for s in sessions for b in s.blocks for item in b.items)
    rows = [
        r for w in document.weeks for s in w.sessions for _, rs in s.blocks for r in rs if r.name == first.exercise.name
    ]
    assert rows[0].cues == " ".join(first.exercise.cues)
    assert all(r.cues == "" for r in rows[1:])


def test_a_box_per_set_and_per_side() -> None:
    assert Row("Split squat", "3 × 8 per side", "", "", 3, per_side=True).boxes == ["1L", "1R", "2L", "2R", "3L", "3R"]
    assert Row("Goblet squat", "3 × 10", "", "", 3, per_side=False).boxes == ["1", "2", "3"]


def test_text_from_the_profile_is_escaped_in_the_html() -> None:
    profile = replace(load_profile(EXAMPLES / "profile-gym-novice.json"), name="<script>alert(1)</script>")
    html = program_html(program_document(design_program(profile)))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_long_sessions_may_spill_but_every_week_starts_its_own_page() -> None:
    program: Program = design_program(parse_profile(json.loads((EXPERT / "advanced-75.json").read_text())))
    text = pages(program_pdf(program_document(program)))
    starts = week_pages(text)
    assert len(starts) == 6
    assert len(text) <= 2 + 2 * 6


def test_plan_writes_a_pdf_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "ana.pdf"
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "profile-gym-novice.json"), "--pdf", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in " ".join(result.output.split())
    text = pages(out.read_bytes())
    assert text[0].lstrip().startswith("Ana")
    assert week_pages(text) == [1, 2, 3, 4, 5, 6]


def test_the_cover_says_what_waits_and_why() -> None:
    """(v3) The sheet a runner trains by carries what their findings hold back, not only the app."""
    program = design_program(load_profile(EXAMPLES / "profile-home-kettlebells.json"))
    cover = " ".join(pages(program_pdf(program_document(program)))[0].split())
    assert "Your achilles tendinopathy (2026-07-01) is less than 6 months old: hops, bounds and box jumps" in cover
