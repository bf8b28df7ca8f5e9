"""A planned exercise's dose and notes as HTML, the one wording of the session page, the session player and the
coach's program page (`{{ e|dose }}`, `{{ e|exercise_notes }}` in `_dose.html` and `_exercise_notes.html`).

Written in Python rather than as template logic because the session page shows them for every exercise: built
here they cost a few microseconds each instead of a template include with a dozen variable lookups (issue 14).
"""

from __future__ import annotations

from django import template
from django.template import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import ngettext

from crosstrain.core.units import UnitSystem, unit_system, unit_words
from crosstrain.programs.models import PlannedExercise
from crosstrain.training.models import SetLog
from crosstrain.training.services import done_set_words

register = template.Library()


@register.filter
def dose(e: PlannedExercise) -> SafeString:
    """'3 × 8 per side @ RIR 2 <span class="warmup">+ 2 warm-up sets</span>', '2 × 30 s', '3 × 5 foot contacts'."""
    if e.timed:
        text = format_html("{} × {} s", e.sets, e.seconds)
    else:
        text = format_html("{} × {}{}", e.sets, e.reps, " foot contacts" if e.power else "")
    parts: list[str] = [text]
    if e.per_side:
        parts.append(" per side")
    if e.rir is not None:
        parts.append(format_html(" @ RIR {}", e.rir))
    if e.warmup_sets:
        sets = ngettext("%(count)d warm-up set", "%(count)d warm-up sets", e.warmup_sets) % {"count": e.warmup_sets}
        parts.append(format_html(' <span class="warmup">+ {}</span>', sets))
    if e.power and e.per_side:
        parts.append(format_html(' <span class="warmup">{} contacts in all</span>', e.contacts))
    return mark_safe("".join(parts))  # every part: format_html or a constant


@register.filter
def exercise_notes(e: PlannedExercise, units: object = None) -> SafeString:
    """The superset's rule, the weaker side first, what to do next time: one paragraph each, when they apply.
    `units`: the reader's kg or lb (the next-time step is written in them)."""
    notes: list[str] = []
    if e.superset[1:] == "1":  # said once, at the first exercise of the pair
        letter = e.superset[:1]
        notes.append(
            format_html('<p class="small muted">Superset: {}1 and {}2 back to back, then rest.</p>', letter, letter)
        )
    if e.weaker_side:
        notes.append(format_html('<p class="side-note">{} side first, +1 set.</p>', capfirst(e.weaker_side)))
    if e.progress:
        progress = unit_words(e.progress, unit_system(str(units)) if units else UnitSystem.METRIC)
        notes.append(format_html('<p class="progress small"><strong>Next time:</strong> {}</p>', progress))
    return mark_safe("\n".join(notes))  # every part: format_html


@register.simple_tag(takes_context=True)
def set_done(context: Context, s: SetLog, e: PlannedExercise | None = None) -> str:
    """A logged set in the one notation of sets done: "10 reps with 14 kg at RIR 2" (never "14 kg × 10": "×" is
    kept for sets × reps), in the reader's kg or lb. `{% set_done s planned_exercise %}`."""
    units = context.get("units")
    return done_set_words(s, e, unit_system(str(units)) if units else UnitSystem.METRIC)
