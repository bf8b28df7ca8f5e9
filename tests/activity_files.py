"""Real activity files made in the tests: FIT by fit-tool (a FIT writer), GPX by gpxpy, TCX as Garmin's XML.

Each writes what a watch writes for one session: its start, points every `step` seconds with heart rate and
distance, and (FIT) the session summary a watch closes the file with.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime, timedelta

import gpxpy.gpx
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport


def _millis(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def fit_bytes(
    start: datetime,
    minutes: int,
    *,
    km: float = 10.0,
    hr: int = 140,
    max_hr: int | None = None,
    sport: str = "running",
    climb: float = 50.0,
    session: bool = True,
) -> bytes:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 0
    file_id.time_created = _millis(start)
    file_id.serial_number = 0x12345678
    builder.add(file_id)
    event = EventMessage()
    event.event = Event.TIMER
    event.event_type = EventType.START
    event.timestamp = _millis(start)
    builder.add(event)
    seconds = minutes * 60
    step = 60
    for t in range(0, seconds + 1, step):
        record = RecordMessage()
        record.timestamp = _millis(start + timedelta(seconds=t))
        record.heart_rate = hr
        record.distance = km * 1000 * t / seconds
        builder.add(record)
    if session:
        summary = SessionMessage()
        summary.timestamp = _millis(start + timedelta(seconds=seconds))
        summary.start_time = _millis(start)
        summary.total_elapsed_time = seconds
        summary.total_timer_time = seconds
        summary.total_distance = km * 1000
        summary.total_ascent = round(climb)
        summary.avg_heart_rate = hr
        summary.max_heart_rate = max_hr or hr + 20
        summary.sport = {"running": Sport.RUNNING, "cycling": Sport.CYCLING, "swimming": Sport.SWIMMING}[sport]
        builder.add(summary)
    return bytes(builder.build().to_bytes())


def gpx_bytes(
    start: datetime,
    minutes: int,
    *,
    km: float = 10.0,
    hr: int | None = 140,
    title: str = "Morning Run",
    kind: str = "running",
) -> bytes:
    gpx = gpxpy.gpx.GPX()
    gpx.nsmap["gpxtpx"] = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
    track = gpxpy.gpx.GPXTrack(name=title)
    track.type = kind
    gpx.tracks.append(track)
    segment = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(segment)
    points = max(2, minutes)
    # Due north along a meridian: 1 degree of latitude is about 111.2 km.
    for i in range(points + 1):
        point = gpxpy.gpx.GPXTrackPoint(
            latitude=51.0 + km / 111.2 * i / points,
            longitude=-0.1,
            elevation=20.0 + (i % 10),
            time=start + timedelta(seconds=minutes * 60 * i / points),
        )
        if hr is not None:
            import xml.etree.ElementTree as ET

            ext = ET.Element("{http://www.garmin.com/xmlschemas/TrackPointExtension/v1}TrackPointExtension")
            ET.SubElement(ext, "{http://www.garmin.com/xmlschemas/TrackPointExtension/v1}hr").text = str(hr)
            point.extensions.append(ext)
        segment.points.append(point)
    return gpx.to_xml().encode()


def tcx_bytes(start: datetime, minutes: int, *, km: float = 10.0, hr: int = 140, sport: str = "Running") -> bytes:
    points = []
    for i in range(minutes + 1):
        moment = (start + timedelta(minutes=i)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f"<Trackpoint><Time>{moment}</Time><AltitudeMeters>{20 + i % 5}</AltitudeMeters>"
            f"<DistanceMeters>{km * 1000 * i / minutes:.1f}</DistanceMeters>"
            f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm></Trackpoint>"
        )
    begin = start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{begin}</Id><Lap StartTime="{begin}">'
        f"<TotalTimeSeconds>{minutes * 60}</TotalTimeSeconds><DistanceMeters>{km * 1000:.1f}</DistanceMeters>"
        f"<Track>{''.join(points)}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def export_zip(files: dict[str, bytes], *, gzip_members: bool = False) -> bytes:
    """A Strava-style export: files under activities/, some gzipped as Strava does."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            if gzip_members:
                archive.writestr(f"activities/{name}.gz", gzip.compress(data))
            else:
                archive.writestr(f"activities/{name}", data)
    return out.getvalue()
