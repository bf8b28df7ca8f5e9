"""The week-6 report in a real browser: the coach re-screens a runner in the program's last week and lands on the
report with the change, adds a note, the runner reads it on a phone, and both download the PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.utils import timezone

from crosstrain.results.models import BlockReport
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach
from tests.web.test_reports import finish, log_loads, make_block

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(download: Any) -> str:
    reader = pypdf.PdfReader(Path(download.path()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_week_6_re_screen_shows_the_change_the_note_reaches_the_runner_and_the_pdfs_download(
    open_page: Any,
) -> None:
    coach = make_coach("coach-ida")
    block = make_block(coach, "Noor Haddad")  # today is in week 6; screened 13/21 before the block
    log_loads(block, 0, "barbell-front-squat", 40)
    log_loads(block, 2, "barbell-front-squat", 45)
    finish(block, *range(10))
    assert block.runner.user is not None

    # The coach re-screens: the straight-leg raise now even (2/2), the deep squat up to 3.
    page = open_page("report-coach")
    sign_in(page, "coach-ida")
    p = page.page
    p.click("text=Noor Haddad")
    p.click("text=Record a screen")
    p.select_option("select[name=deep_squat]", "3")
    p.select_option("select[name=trunk_stability_pushup]", "2")
    for test in ("hurdle_step", "inline_lunge", "shoulder_mobility", "active_straight_leg_raise", "rotary_stability"):
        p.select_option(f"select[name={test}_left]", "2")
        p.select_option(f"select[name={test}_right]", "2")
    p.wait_for_selector("#screen-result .big:has-text('15/21')")
    p.click("button:has-text('Save screen')")

    # The re-screen is in the program's last week: the report opens with the change.
    p.wait_for_selector("text=the block's before/after report is ready")
    assert " ".join(p.inner_text("#total").split()) == "Total 13/21 15/21 +2"
    assert "Active straight-leg raise" in p.inner_text("#asymmetries")
    # Sessions dated up to the re-screen (today, somewhere in week 6): 10 to 12 of them, 10 done.
    planned = sum(1 for s in block.sessions if s.date <= timezone.localdate())
    assert f"10 of {planned} sessions done ({round(1000 / planned)}%)" in p.inner_text("#sessions")
    assert "+5 kg (+13%)" in p.inner_text("#strength")
    page.shot("1-report")

    p.fill("textarea[name=note]", "Huge progress on the straight-leg raise. Next block: heavier squats.")
    p.click("button:has-text('Save note')")
    p.wait_for_selector("text=Note saved: Noor Haddad sees it with the report.")
    report = BlockReport.objects.get()
    assert report.note == "Huge progress on the straight-leg raise. Next block: heavier squats."

    with p.expect_download() as coach_download:
        p.click("#report-pdf")
    download = coach_download.value
    assert download.suggested_filename == f"crosstrain-report-noor-haddad-{report.after.recorded_on.isoformat()}.pdf"
    text = pdf_text(download)
    assert "Total (of 21) 13 15 +2" in text
    assert "Huge progress on the straight-leg raise." in text

    # The runner, on a phone: My plan leads to the report with the coach's note, and to the program's PDF.
    phone = open_page("report-runner", phone=True)
    sign_in(phone, block.runner.user.username)
    r = phone.page
    r.click("nav >> text=My plan")
    r.click("text=My before/after report")
    r.wait_for_selector("#coach-note:has-text('Huge progress on the straight-leg raise.')")
    assert " ".join(r.inner_text("#total").split()) == "Total 13/21 15/21 +2"
    assert r.locator("textarea[name=note]").count() == 0
    phone.shot("2-runner-report")

    r.click("nav >> text=My plan")
    with r.expect_download() as runner_download:
        r.click("#program-pdf")
    program = runner_download.value
    assert program.suggested_filename == f"crosstrain-program-noor-haddad-{block.start.isoformat()}.pdf"
    program_text = pdf_text(program)
    assert "Week 6" in program_text
    assert "Barbell front squat" in program_text
