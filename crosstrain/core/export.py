"""A program as files people use elsewhere: an iCalendar file of the sessions and a Markdown handout."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import icalendar

from crosstrain.core.catalogue import Dose
from crosstrain.core.habits import plain_day
from crosstrain.core.program import Item, Program, Session
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem, format_distance, unit_words

PRODID = "-//crosstrain//program//EN"


def dose_text(dose: Dose) -> str:
    """'3 × 10 per side @ RIR 2' — the way a coach writes a dose on a whiteboard."""
    amount = f"{dose.reps}" if dose.reps is not None else f"{dose.seconds} s"
    text = f"{dose.sets} × {amount}"
    if dose.per_side:
        text += " per side"
    if dose.rir is not None:
        text += f" @ RIR {dose.rir}"
    if dose.weaker_side:
        text += f", {dose.weaker_side} side first with one more set"
    return text


def item_dose_text(item: Item) -> str:
    """An item's dose with what the whiteboard shows around it: superset label, warm-ups, foot contacts."""
    return whiteboard_dose(
        item.dose,
        contacts=item.contacts,
        warmup_sets=item.warmup_sets,
        superset=item.superset,
    )


def whiteboard_dose(dose: Dose, *, contacts: int | None, warmup_sets: int, superset: str | None) -> str:
    """A dose with its superset label, warm-ups and, for jumps (`contacts` given), the foot contacts: the one
    wording of the engine's program and of a stored one."""
    if contacts is not None:
        side = " per side" if dose.per_side else ""
        text = f"{dose.sets} × {dose.reps} foot contacts{side} ({contacts} in all), full rest"
    else:
        text = dose_text(dose)
    if warmup_sets:
        text += f", after {warmup_sets} warm-up set{'s' if warmup_sets > 1 else ''}"
    if superset:
        text = f"{superset}: {text}"
    return text


def item_cues(item: Item) -> str:
    return " ".join(item.exercise.cues)


def session_title(session: Session) -> str:
    return f"Strength & mobility {session.letter} (week {session.week})"


def session_text(session: Session) -> str:
    lines = [f"{session_title(session)}, about {session.minutes} min.", session.note, ""]
    for block in session.blocks:
        lines.append(_BLOCK_TITLES[str(block.kind)])
        for item in block.items:
            lines.append(f"- {item.exercise.name}: {item_dose_text(item)}. {item.why}")
            lines.append(f"  How: {item_cues(item)}")
            if item.progress:
                lines.append(f"  Next: {item.progress}")
        lines.append("")
    return "\n".join(lines).strip()


_BLOCK_TITLES = {"smr": "Foam rolling", "mobility": "Mobility", "strength": "Strength", "power": "Power"}


def program_to_ics(program: Program, *, now: datetime | None = None) -> bytes:
    """One all-day event per session, the whole session in its description (RFC 5545 via icalendar)."""
    stamp = now or datetime.now(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{program.runner}: strength & mobility")
    slug = re.sub(r"[^a-z0-9]+", "-", program.runner.lower()).strip("-") or "runner"
    for session in program.sessions:
        event = icalendar.Event()
        # Stable ids: re-importing an updated program replaces the events instead of duplicating them.
        event.add("uid", f"{slug}-{program.start.isoformat()}-{session.day.isoformat()}@crosstrain")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.day)
        event.add("dtend", session.day + timedelta(days=1))
        event.add("summary", session_title(session))
        event.add("description", session_text(session))
        event.add("categories", ["Strength", "Mobility"])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def program_in_units(program: Program, units: UnitSystem) -> Program:
    """The program with its words in `units` (the engine writes them in kilograms): "add 5 lb to the bar" as the
    next step, "(26, 35 lb)" for the kettlebells a home runner owns; every file made from it reads in that unit."""
    if units is UnitSystem.METRIC:
        return program

    def item(found: Item) -> Item:
        return dataclasses.replace(found, why=unit_words(found.why, units), progress=unit_words(found.progress, units))

    def session(found: Session) -> Session:
        blocks = tuple(dataclasses.replace(b, items=tuple(item(i) for i in b.items)) for b in found.blocks)
        return dataclasses.replace(found, blocks=blocks, note=unit_words(found.note, units))

    return dataclasses.replace(
        program,
        sessions=tuple(session(s) for s in program.sessions),
        notices=tuple(unit_words(n, units) for n in program.notices),
        warnings=tuple(unit_words(w, units) for w in program.warnings),
    )


def program_to_markdown(
    program: Program, units: UnitSystem = DEFAULT_SYSTEM, say_day: Callable[[date], str] | None = None
) -> str:
    """A printable handout: notices first, then week by week, session by session; `say_day` writes a session's
    day ("Tue 8 Dec 2026" without it; the CLI passes the chosen style's)."""
    say_day = say_day or (lambda day: plain_day(day, "WEEKDAY_DATE_FORMAT"))
    out = [f"# {program.runner}: 6-week strength & mobility program", ""]
    out.append(f"Starts {program.start.isoformat()}. Sessions of at most {program.session_minutes} minutes.")
    out.append("")
    for notice in program.notices:
        out.append(f"> **{notice}**")
        out.append("")
    if program.held_back:
        out.append("## What waits, and why")
        out.extend(f"- {line}" for line in program.held_back)
        out.append("")
    if program.warnings:
        out.append("## Placement warnings")
        out.extend(f"- {w}" for w in program.warnings)
        out.append("")
    for week, sessions in program.weeks():
        out.append(f"## Week {week}")
        out.append("")
        for session in sessions:
            out.append(f"### {say_day(session.day)} — session {session.letter}, ~{session.minutes} min")
            out.append("")
            out.append(f"*{session.note}*")
            out.append("")
            for block in session.blocks:
                out.append(f"**{_BLOCK_TITLES[str(block.kind)]}**")
                out.append("")
                out.append("| exercise | dose | why | how (cues) and next step |")
                out.append("|---|---|---|---|")
                for item in block.items:
                    how = item_cues(item) + (f" **Next:** {item.progress}" if item.progress else "")
                    out.append(
                        f"| {_cell(item.exercise.name)} | {_cell(item_dose_text(item))} | {_cell(item.why)} | "
                        f"{_cell(how)} |"
                    )
                out.append("")
    if program.races:
        out.insert(3, "")
        races = ", ".join(
            f"{r['date']} ({_race_distance(r.get('distance_km'), units)}, priority {r['priority']}, "
            f"{unit_words(str(r['rule']), units)})"
            for r in program.races
        )
        out.insert(4, f"Races: {races}.")
    out.append("## After these six weeks")
    out.append("")
    out.append(program.next_phase)
    out.append("")
    return "\n".join(out)


def _race_distance(km: object, units: UnitSystem) -> str:
    return format_distance(km, units) if isinstance(km, int | float) and km else f"? {units.distance_unit}"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
