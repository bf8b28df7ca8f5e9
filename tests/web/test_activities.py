"""Activity import on the web (issue 26): the runner or their coach uploads watch files or an export zip; each
run is classified and shown with why; a re-upload is not doubled; bad files are refused whole, in words."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.activities.models import Activity, ActivityImport, ActivityImportFile, Zones
from crosstrain.activities.services import activities_import, activity_import_queue
from crosstrain.privacy.export import runner_export
from tests.activity_files import export_zip, fit_bytes, gpx_bytes, tcx_bytes
from tests.web.conftest import Gym
from tests.web.test_tasks_worker import _run_worker

# Date-sensitive: the activities are dated from today.
pytestmark = pytest.mark.calendar


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _at(days_ago: int, hour: int = 7) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _upload(client: Client, url: str, *files: tuple[str, bytes]) -> Any:
    return client.post(url, {"activity_files": [SimpleUploadedFile(n, d) for n, d in files]}, follow=True)


def _said(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_runner_uploads_three_formats_and_sees_what_each_counted_as(gym: Gym, runner_client: Client) -> None:
    url = reverse("runner-activities")
    response = _upload(
        runner_client,
        url,
        ("Easy.fit", fit_bytes(_at(3), 40, km=7, hr=135)),
        ("x.gpx", gpx_bytes(_at(2), 45, km=10, title="Tempo Tuesday")),
        ("long.tcx", tcx_bytes(_at(1), 110, km=18)),
    )
    assert response.status_code == 200
    assert _said(response) == ["3 activities added."]
    kinds = {a.title: (a.kind, a.source) for a in Activity.objects.filter(runner=gym.runner_a)}
    assert kinds == {"Easy": ("easy", "fit"), "Tempo Tuesday": ("hard", "gpx"), "long": ("long", "tcx")}
    page = response.content.decode()
    assert "the title says “tempo”" in page
    assert "110 minutes: 90 minutes or more" in page


def test_a_re_upload_or_the_same_run_in_another_format_is_not_doubled(gym: Gym, runner_client: Client) -> None:
    url = reverse("runner-activities")
    _upload(runner_client, url, ("run.fit", fit_bytes(_at(2), 40)))
    response = _upload(runner_client, url, ("run.fit", fit_bytes(_at(2), 40)), ("run.gpx", gpx_bytes(_at(2), 40)))
    assert _said(response) == ["0 activities added; 2 already there (not counted twice)."]
    assert Activity.objects.filter(runner=gym.runner_a).count() == 1


# The worker runs in this process as in production: the upload's transaction must commit to queue it.
@pytest.mark.django_db(transaction=True)
def test_a_strava_export_zip_is_imported_on_the_task_queue_with_each_runs_name(gym: Gym, runner_client: Client) -> None:
    files = {f"{100 + i}.fit": fit_bytes(_at(10 - i), 40, km=8) for i in range(5)}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in files.items():
            z.writestr(f"activities/{name}", data)
        z.writestr("activities.csv", "Activity ID,Activity Name,Filename\n1,Hill reps,activities/100.fit\n")
        z.writestr("media/photo.jpg", b"\xff\xd8")
    url = reverse("runner-activities")
    response = _upload(runner_client, url, ("export.zip", archive.getvalue()))
    assert _said(response) == ["export.zip is being imported: its runs show on this page in a minute or two."]
    assert not Activity.objects.exists()  # never read in the request
    _run_worker()
    hill = Activity.objects.get(runner=gym.runner_a, title="Hill reps")
    assert hill.kind == "hard"  # "reps": a hard session
    assert Activity.objects.filter(runner=gym.runner_a).count() == 5
    job = ActivityImport.objects.get()
    assert (job.status, job.result) == ("done", "5 activities added.")
    assert not ActivityImportFile.objects.exists()  # the zip's bytes go once read
    assert "Imported</strong> — 5 activities added." in runner_client.get(url).content.decode()
    gz = export_zip({"7.gpx": gpx_bytes(_at(20), 30)}, gzip_members=True)
    _upload(runner_client, url, ("garmin.zip", gz))
    _run_worker()
    assert Activity.objects.filter(runner=gym.runner_a).count() == 6


def _bomb() -> bytes:
    """One member that claims 300 MB from a few hundred KB."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities/big.gpx", b"\0" * (300 * 1024 * 1024))
    return archive.getvalue()


# The worker runs in this process as in production: the upload's transaction must commit to queue it.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("bomb.zip", None, "zip bomb"),
        ("empty.zip", export_zip({}), "no FIT, GPX or TCX file"),
        ("broken.zip", export_zip({"1.fit": b"0123456789ab not a fit", "2.fit": fit_bytes(_at(2), 30)}), "not a FIT"),
    ],
)
def test_a_bad_export_zip_is_refused_whole_in_words(
    gym: Gym, runner_client: Client, name: str, data: bytes | None, says: str
) -> None:
    _upload(runner_client, reverse("runner-activities"), (name, data if data is not None else _bomb()))
    _run_worker()
    job = ActivityImport.objects.get()
    assert job.status == "failed"
    assert says in job.result
    assert not Activity.objects.filter(runner=gym.runner_a).exists()  # the good file in it waits too
    assert "Refused</strong>" in runner_client.get(reverse("runner-activities")).content.decode()


def test_a_zip_goes_on_its_own_and_a_fake_one_is_refused_at_once(gym: Gym, runner_client: Client) -> None:
    url = reverse("runner-activities")
    both = _upload(runner_client, url, ("export.zip", export_zip({"1.fit": fit_bytes(_at(1), 30)})), ("a.fit", b""))
    assert _said(both) == ["Send an export zip on its own, and the other files in another upload."]
    fake = _upload(runner_client, url, ("fake.zip", b"not a zip at all"))
    assert _said(fake) == ["fake.zip: the file ends in .zip but is not a readable zip"]
    assert not ActivityImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("notes.txt", b"hello", "not an activity file"),
        ("run.fit", b"0123456789ab not a fit", "not a FIT file"),
    ],
)
def test_bad_files_are_refused_whole_in_words(
    gym: Gym, runner_client: Client, name: str, data: bytes, says: str
) -> None:
    good = ("good.fit", fit_bytes(_at(1), 30))
    response = _upload(runner_client, reverse("runner-activities"), good, (name, data))
    said = " ".join(_said(response))
    assert says in said
    assert "nothing was imported" in said
    assert not Activity.objects.filter(runner=gym.runner_a).exists()  # the good file waits too: all or nothing


def test_no_file_chosen_says_so(runner_client: Client) -> None:
    response = runner_client.post(reverse("runner-activities"), {}, follow=True)
    assert _said(response) == ["Choose at least one activity file or export zip."]


def test_coach_uploads_sets_zones_and_corrects_a_kind_in_one_tap(gym: Gym) -> None:
    coach = client_for(gym.coach_a)
    url = reverse("coach-runner-activities", args=[gym.runner_a.pk])
    response = coach.post(
        reverse("coach-runner-zones", args=[gym.runner_a.pk]), {"hard_hr": "160", "hard_pace": "4:40"}
    )
    assert response.status_code == 302
    assert Zones.objects.get(runner=gym.runner_a).hard_pace == 280
    _upload(coach, url, ("Thursday.fit", fit_bytes(_at(2), 45, km=8, hr=162)))
    run = Activity.objects.get(runner=gym.runner_a)
    assert run.kind == "hard"
    assert "hard from 160 bpm (set by the coach)" in run.reason
    assert run.uploaded_by == gym.coach_a
    page = coach.get(url).content.decode()
    assert 'aria-label="Count Thursday on' in page
    coach.post(reverse("coach-activity-kind", args=[run.pk]), {"kind": "easy"})
    run.refresh_from_db()
    assert (run.effective_kind, run.corrected_by) == ("easy", gym.coach_a)
    assert "corrected by the coach" in coach.get(url).content.decode()


def test_zones_in_words_when_wrong(gym: Gym) -> None:
    coach = client_for(gym.coach_a)
    response = coach.post(reverse("coach-runner-zones", args=[gym.runner_a.pk]), {"hard_pace": "fast"}, follow=True)
    assert _said(response) == ["Write the pace as minutes:seconds per km, e.g. 4:45."]


def test_only_the_runners_coach_sees_uploads_or_corrects(gym: Gym, runner_client: Client) -> None:
    _upload(runner_client, reverse("runner-activities"), ("run.fit", fit_bytes(_at(1), 30)))
    run = Activity.objects.get(runner=gym.runner_a)
    other = client_for(gym.coach_b)
    assert other.get(reverse("coach-runner-activities", args=[gym.runner_a.pk])).status_code == 404
    assert other.post(reverse("coach-activity-kind", args=[run.pk]), {"kind": "race"}).status_code == 404
    assert other.post(reverse("coach-runner-zones", args=[gym.runner_a.pk]), {"hard_hr": "150"}).status_code == 404
    assert runner_client.get(reverse("coach-runner-activities", args=[gym.runner_a.pk])).status_code == 403
    assert Client().get(reverse("runner-activities")).status_code == 302


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        assert client.get(url).status_code == 200
    return len(seen.captured_queries)


def test_the_pages_cost_the_same_queries_with_many_more_activities(gym: Gym, runner_client: Client) -> None:
    coach = client_for(gym.coach_a)
    pages = [
        (runner_client, reverse("runner-activities")),
        (coach, reverse("coach-runner-activities", args=[gym.runner_a.pk])),
        # The runner's week and the coach's page of the runner, drawn afresh after each upload (a new version).
        (runner_client, reverse("runner-home")),
        (coach, reverse("coach-runner", args=[gym.runner_a.pk])),
    ]
    _upload(runner_client, pages[0][1], *[(f"{i}.fit", fit_bytes(_at(i + 1), 30 + i)) for i in range(3)])
    few = [_queries(c, u) for c, u in pages]
    for batch in (range(20), range(20, 40)):  # at most 20 files an upload
        _upload(runner_client, pages[0][1], *[(f"{i}.gpx", gpx_bytes(_at(i + 1, 18), 40)) for i in batch])
    assert Activity.objects.filter(runner=gym.runner_a).count() == 43
    assert [_queries(c, u) for c, u in pages] == few


def test_the_week_shows_planned_runs_beside_what_was_run(gym: Gym, runner_client: Client) -> None:
    today = timezone.localdate()
    _upload(runner_client, reverse("runner-activities"), ("today.fit", fit_bytes(_at(0, 6), 52, km=9.4, hr=140)))
    week = runner_client.get(reverse("runner-home")).content.decode()
    assert "Running this week: planned and run" in week
    row = week.split(f">{today:%a} {today.day} {today:%b}</th>", 1)[1].split("</tr>", 1)[0]
    planned = {"mon": "easy", "tue": "hard", "wed": "easy", "thu": "rest", "fri": "easy", "sat": "long", "sun": "rest"}
    kind = planned[("mon", "tue", "wed", "thu", "fri", "sat", "sun")[today.weekday()]]
    assert ("rest" if kind == "rest" else kind) in row
    assert "easy: 52 min, 9.4 km" in row
    coach_page = client_for(gym.coach_a).get(reverse("coach-runner", args=[gym.runner_a.pk])).content.decode()
    assert "easy: 52 min, 9.4 km" in coach_page


def test_a_week_far_above_the_four_before_is_flagged_to_the_coach_with_the_rule(
    gym: Gym, runner_client: Client
) -> None:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    files = []
    for weeks_ago in range(1, 6):  # 5 weeks of one 40-minute run
        day = monday - timedelta(weeks=weeks_ago)
        files.append((f"w{weeks_ago}.fit", fit_bytes(timezone.make_aware(datetime.combine(day, time(7))), 40)))
    files.append(("big.fit", fit_bytes(timezone.make_aware(datetime.combine(monday, time(6))), 80)))
    _upload(runner_client, reverse("runner-activities"), *files)
    rule = "80 running minutes, 100 % above the average of the four weeks before (40 minutes)"
    coach_page = client_for(gym.coach_a).get(reverse("coach-runner-activities", args=[gym.runner_a.pk]))
    assert rule in coach_page.content.decode()
    assert "the rule flags a week more than 30 % above that average" in coach_page.content.decode()
    assert rule not in runner_client.get(reverse("runner-activities")).content.decode()  # the coach's call
    runner_page = client_for(gym.coach_a).get(reverse("coach-runner", args=[gym.runner_a.pk])).content.decode()
    assert f"This week: {rule}" in runner_page
    assert rule not in runner_client.get(reverse("runner-home")).content.decode()
    chart = runner_client.get(reverse("activities-load-chart", args=[gym.runner_a.pk]))
    assert chart["Content-Type"].startswith("image/svg+xml")
    assert b"Running minutes a week" in chart.content
    table = coach_page.content.decode().split('id="plan-vs-done-weeks"', 1)[1]
    assert f">{monday.day} {monday:%b}</th><td>" in table


def test_the_runners_data_export_holds_their_activities_and_imports_without_the_zip(gym: Gym) -> None:
    activities_import(runner=gym.runner_a, uploads=[("Tempo.fit", fit_bytes(_at(2), 30))], by=None)
    activity_import_queue(runner=gym.runner_a, name="export.zip", data=export_zip({"1.fit": b""}), by=None)
    with zipfile.ZipFile(io.BytesIO(runner_export(runner=gym.runner_a))) as archive:
        names = archive.namelist()
        assert "other/activities.activity.json" in names
        assert "other/activities.activityimport.json" in names
        assert "Tempo" in archive.read("other/activities.activity.json").decode()
        assert not [n for n in names if "activityimportfile" in n]
