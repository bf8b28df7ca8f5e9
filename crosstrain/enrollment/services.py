"""Registering for a cohort, confirming by email, seat holds, the waitlist, payments and runner links.

A registration holds its seat (or waitlist place) until the cohort's hold runs out (48 h by default); opening
the emailed link, or the coach confirming them by hand, makes it firm. A hold that ran out no longer counts
toward the seats at once (`seats_taken`), and the next write on the cohort, or `manage.py release_lapsed_holds`
run from cron, marks it lapsed and gives the seat to the first person waiting, who is emailed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from smtplib import SMTPException

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from crosstrain.accounts.models import User
from crosstrain.core.errors import CoreError, InputError
from crosstrain.core.pricing import PriceTier, Quote, check_tiers, price_on
from crosstrain.enrollment import limits
from crosstrain.enrollment.models import (
    AVAILABILITY_MAX,
    EMAIL_MAX,
    HOLD_HOURS_RANGE,
    MESSAGE_MAX,
    NAME_MAX,
    PHONE_MAX,
    Cohort,
    CohortPrice,
    Registration,
)
from crosstrain.enrollment.signals import cohort_page_changed
from crosstrain.gym.dates import when
from crosstrain.privacy.services import registration_anonymise
from crosstrain.scheduling.models import Slot

logger = logging.getLogger(__name__)

CONFIRM_SALT = "crosstrain.enrollment.confirm"
# The link outlives the hold on purpose: confirming late still gets a free seat, or a place at the back of the line.
CONFIRM_LINK_MAX_AGE = timedelta(days=30)


class RegistrationInputError(InputError):
    """Registration details that cannot be stored as given; each problem starts with the field's name."""


class RegistrationRefused(CoreError):
    """A registration turned away without saying why (the hidden field only a bot fills in was filled in)."""

    def __init__(self) -> None:
        super().__init__("We could not take this registration. If you are a person, please write to the coach.")


class RegistrationRateLimited(CoreError):
    """Too many registration attempts from one network for one cohort within an hour."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            f"Too many registrations from your network for this cohort: at most {limits.REGISTRATIONS_PER_HOUR} "
            "an hour. Try again in about "
            + ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}
            + ", or write to the coach."
        )


class RegistrationClosed(CoreError):
    """The cohort is running: it sells no more seats (its public page points to the next one)."""

    def __init__(self, cohort: Cohort) -> None:
        super().__init__(
            f"Registration for {cohort.name} closed: it started on {when(cohort.starts_on, 'LONG_DATE_FORMAT')}. "
            "Look out for the next cohort."
        )


def registration_open(*, cohort: Cohort, today: date) -> bool:
    """Whether a cohort still takes registrations: until the end of its first day, as people can join from their
    first week (the list of open cohorts, crosstrain.enrollment.selectors.open_offers, uses the same rule)."""
    return today <= cohort.starts_on


def waitlist_place(registration: Registration, *, now: datetime | None = None) -> int | None:
    """A waitlisted person's place in line (1: next for a free seat), counting only those who still hold theirs;
    None when they are not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            _holding(now or timezone.now()), cohort_id=registration.cohort_id, status=Registration.Status.WAITLISTED
        )
        .filter(Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, id__lt=registration.pk))
        .count()
    )
    return ahead + 1


class ConfirmationError(CoreError):
    """A confirmation link that is not valid, or a registration that can no longer be confirmed."""


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool


def cohort_quote(*, cohort: Cohort, day: date) -> Quote:
    return price_on(check_tiers(cohort.tiers()), day)


def _holding(now: datetime) -> Q:
    """Registrations that keep what they have: confirmed, made a runner by the coach, or within their hold."""
    return Q(confirmed_at__isnull=False) | Q(runner__isnull=False) | Q(hold_expires_at__gt=now)


def seats_taken(cohort: Cohort, *, now: datetime | None = None) -> int:
    """Seats held by registered people; an unconfirmed registration past its hold no longer counts."""
    now = now or timezone.now()
    return cohort.registrations.filter(_holding(now), status=Registration.Status.ACTIVE).count()


def seats_left(cohort: Cohort, *, now: datetime | None = None) -> int:
    """Seats a new registration could take: free seats not owed to people still waiting (a seat freed by a hold
    that ran out goes to the waitlist first, even before the release sweep has handed it over)."""
    now = now or timezone.now()
    # Both counts in one query (the public page asks on every request; seats are never cached).
    holding = cohort.registrations.filter(_holding(now)).aggregate(
        taken=Count("pk", filter=Q(status=Registration.Status.ACTIVE)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    return max(0, cohort.seat_cap - int(holding["taken"]) - int(holding["waiting"]))


def _site(site_url: str | None) -> str:
    return (site_url or settings.SITE_URL).rstrip("/")


def confirmation_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=CONFIRM_SALT)


def confirmation_url(registration: Registration, *, site_url: str | None = None) -> str:
    path = reverse(
        "cohort-confirm", kwargs={"slug": registration.cohort.slug, "token": confirmation_token(registration)}
    )
    return _site(site_url) + path


def registration_for_token(*, token: str, slug: str) -> Registration:
    """The registration a confirmation link is for; ConfirmationError when the link is not one of ours."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ConfirmationError(
            f"This confirmation link is older than {CONFIRM_LINK_MAX_AGE.days} days. Register again on the "
            "cohort page, or write to the coach."
        ) from None
    except signing.BadSignature:
        raise ConfirmationError(
            "This confirmation link is not valid: copy the whole link from the email, or register again."
        ) from None
    registration = (
        Registration.objects.select_related("cohort")
        .filter(pk=data.get("r"), email=data.get("e"), cohort__slug=slug)
        .first()
    )
    if registration is None:
        raise ConfirmationError("This registration no longer exists. Register again on the cohort page.")
    return registration


def _clean(*, name: str, email: str, phone: str, mode: str, availability: str, message: str) -> dict[str, str]:
    """The details trimmed, or RegistrationInputError naming every field that cannot be stored as given.

    The web form checks the same limits; this is for every other caller (the API) and the last word."""
    values = {
        "name": name.strip(),
        "email": email.strip().lower(),
        "phone": phone.strip(),
        "mode": mode,
        "availability": availability.strip(),
        "message": message.strip(),
    }
    problems = []
    if not values["name"]:
        problems.append("name: enter your name")
    for field, most in (
        ("name", NAME_MAX),
        ("email", EMAIL_MAX),
        ("phone", PHONE_MAX),
        ("availability", AVAILABILITY_MAX),
        ("message", MESSAGE_MAX),
    ):
        if len(values[field]) > most:
            problems.append(f"{field}: at most {most} characters (this one has {len(values[field])}); shorten it")
    if len(values["email"]) <= EMAIL_MAX:
        try:
            validate_email(values["email"])
        except ValidationError:
            problems.append(f"email: {values['email']!r} is not an email address; write it like ria@example.com")
    if mode not in Registration.Mode.values:
        problems.append(f"mode: {mode!r} is not one of {', '.join(Registration.Mode.values)}")
    if problems:
        raise RegistrationInputError(problems)
    return values


def registration_create(
    *,
    cohort: Cohort,
    name: str,
    email: str,
    phone: str = "",
    mode: str = Registration.Mode.GYM,
    availability: str = "",
    message: str = "",
    available_slots: list[Slot] | None = None,
    preferred_slots: list[Slot] | None = None,
    today: date | None = None,
    client_ip: str | None = None,
    honeypot: str = "",
    site_url: str | None = None,
) -> RegistrationResult:
    """Register (or return the existing registration for this email, changed in nothing and emailed nothing); a
    full cohort puts them on the waitlist.

    Public callers pass `client_ip` (5 attempts an hour per network and cohort, else RegistrationRateLimited)
    and `honeypot`, the hidden field people never see (filled in: RegistrationRefused, nothing saved). The new
    registration is emailed a confirmation link (`site_url`, default settings.SITE_URL) and holds its seat
    or waitlist place for the cohort's hold hours.

    The cohort row is locked for the count-and-insert, so two people taking the last seat at the same moment
    are served one after the other: one gets the seat, the other the waitlist. SQLite serializes writers the
    same way (the app opens write transactions IMMEDIATE).
    """
    if client_ip is not None:
        verdict = limits.registration_attempt(cohort_id=cohort.pk, client_ip=client_ip)
        if not verdict.allowed:
            raise RegistrationRateLimited(verdict.retry_after)
    if honeypot.strip():
        raise RegistrationRefused
    # The public (the web form, the API: callers with a client address) cannot join a running cohort; the gym can
    # still add a late joiner itself (the admin, the demo's history).
    if client_ip is not None and not registration_open(cohort=cohort, today=today or timezone.localdate()):
        raise RegistrationClosed(cohort)
    values = _clean(name=name, email=email, phone=phone, mode=mode, availability=availability, message=message)
    slots = [*(available_slots or []), *(preferred_slots or [])]
    foreign = sorted({s.pk for s in slots if s.cohort_id != cohort.pk})
    if foreign:
        raise RegistrationInputError([f"available_slots: slot {foreign[0]} is not a slot of {cohort.name}"])
    return _register(
        cohort=cohort,
        values=values,
        available_slots=available_slots or [],
        preferred_slots=preferred_slots or [],
        today=today,
        site_url=site_url,
    )


@transaction.atomic
def _register(
    *,
    cohort: Cohort,
    values: dict[str, str],
    available_slots: list[Slot],
    preferred_slots: list[Slot],
    today: date | None,
    site_url: str | None,
) -> RegistrationResult:
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    now = timezone.now()
    _release_lapsed(locked, now=now, site_url=site_url)
    existing = Registration.objects.filter(cohort=locked, email=values["email"]).first()
    if existing is not None:
        # Nothing is sent again: anyone may type anyone's address, and the address's owner did not ask twice.
        return RegistrationResult(existing, created=False)
    quote = cohort_quote(cohort=locked, day=today or timezone.localdate())
    full = seats_taken(locked, now=now) >= locked.seat_cap
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                cohort=locked,
                **values,
                status=Registration.Status.WAITLISTED if full else Registration.Status.ACTIVE,
                price=quote.amount,
                price_tier=quote.tier,
                hold_expires_at=now + timedelta(hours=locked.hold_hours),
                queued_at=now,
            )
    except IntegrityError:  # the same email registered in a concurrent request: that one stands
        return RegistrationResult(Registration.objects.get(cohort=cohort, email=values["email"]), created=False)
    if available_slots:
        registration.available_slots.set(available_slots)
    if preferred_slots:
        registration.preferred_slots.set(preferred_slots)
    transaction.on_commit(lambda: _send_confirmation(registration, site_url))
    return RegistrationResult(registration, created=True)


def _release_lapsed(cohort: Cohort, *, now: datetime, site_url: str | None = None) -> list[Registration]:
    """Mark holds that ran out as lapsed and give free seats to the waitlist. The caller holds the cohort lock."""
    cohort.registrations.filter(
        status__in=[Registration.Status.ACTIVE, Registration.Status.WAITLISTED],
        confirmed_at__isnull=True,
        runner__isnull=True,
        hold_expires_at__lte=now,
    ).update(status=Registration.Status.LAPSED)
    free = cohort.seat_cap - seats_taken(cohort, now=now)
    if free <= 0:
        return []
    promoted = list(
        cohort.registrations.filter(_holding(now), status=Registration.Status.WAITLISTED).order_by("queued_at", "id")[
            :free
        ]
    )
    for registration in promoted:
        registration.status = Registration.Status.ACTIVE
        if registration.confirmed_at is None and registration.runner_id is None:
            # A fresh hold from now: they need time to see the email and confirm.
            registration.hold_expires_at = now + timedelta(hours=cohort.hold_hours)
        registration.save(update_fields=["status", "hold_expires_at"])
        transaction.on_commit(lambda r=registration: _tell_seat_freed(r, site_url))  # type: ignore[misc]
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, site_url: str | None = None) -> Registration | None:
    """Cancel; a freed seat goes to the first person on the waitlist, who is told by email. Returns them."""
    locked = Cohort.objects.select_for_update().get(pk=registration.cohort_id)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    # Nobody needs a cancelled registration's contact details: the books keep the rest (docs/gym/data.md).
    registration_anonymise(registration=registration)
    promoted = _release_lapsed(locked, now=timezone.now(), site_url=site_url)
    return promoted[0] if promoted else None


@transaction.atomic
def registration_confirm(*, registration: Registration, site_url: str | None = None) -> Registration:
    """Make a registration firm (the emailed link, or the coach by hand).

    Confirming after the hold lapsed takes a seat if one is free, else a place at the back of the waitlist."""
    locked = Cohort.objects.select_for_update().get(pk=registration.cohort_id)
    now = timezone.now()
    _release_lapsed(locked, now=now, site_url=site_url)
    registration = Registration.objects.select_related("cohort").get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ConfirmationError(
            "This registration was cancelled, so there is nothing to confirm: write to the coach to register again."
        )
    if registration.confirmed_at is not None:
        return registration
    registration.confirmed_at = now
    registration.hold_expires_at = None
    if registration.status == Registration.Status.LAPSED:
        # Everyone still waiting was offered the free seats first (above): a seat left over is theirs.
        full = seats_taken(locked, now=now) >= locked.seat_cap
        registration.status = Registration.Status.WAITLISTED if full else Registration.Status.ACTIVE
        registration.queued_at = now
    registration.save(update_fields=["confirmed_at", "hold_expires_at", "status", "queued_at"])
    return registration


def release_lapsed_holds(*, site_url: str | None = None) -> int:
    """Every cohort's holds that ran out, released to the waitlist (for cron). Returns how many were promoted."""
    now = timezone.now()
    cohort_ids = (
        Registration.objects.filter(
            status__in=[Registration.Status.ACTIVE, Registration.Status.WAITLISTED],
            confirmed_at__isnull=True,
            runner__isnull=True,
            hold_expires_at__lte=now,
        )
        .values_list("cohort_id", flat=True)
        .distinct()
    )
    promoted = 0
    for cohort_id in list(cohort_ids):
        with transaction.atomic():
            locked = Cohort.objects.select_for_update().get(pk=cohort_id)
            promoted += len(_release_lapsed(locked, now=timezone.now(), site_url=site_url))
    return promoted


def cohort_set_hold_hours(*, cohort: Cohort, hours: int) -> None:
    """How long new unconfirmed registrations hold their seat; holds already running keep their deadline."""
    low, high = HOLD_HOURS_RANGE
    if not low <= hours <= high:
        raise InputError([f"hold_hours: {hours} is outside {low}-{high} hours (two weeks at most)"])
    Cohort.objects.filter(pk=cohort.pk).update(hold_hours=hours)


def _send(*, subject: str, message: str, to: str) -> None:
    """Send one email. A mail server that is down must not turn a saved registration into an error page:
    the failure is logged, and the coach sees the registration as unconfirmed and can confirm by hand."""
    try:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[to])
    except (SMTPException, OSError):
        logger.exception("could not email %s: %s", to, subject)


def _deadline(registration: Registration) -> str:
    at = registration.hold_expires_at
    return when(at, "LONG_DAY_TIME_FORMAT") if at else ""


def _send_confirmation(registration: Registration, site_url: str | None) -> None:
    cohort = registration.cohort
    link = confirmation_url(registration, site_url=site_url)
    if registration.status == Registration.Status.ACTIVE:
        what = f"Your seat in {cohort.name} is held for you until {_deadline(registration)}."
    elif registration.status == Registration.Status.WAITLISTED:
        what = f"{cohort.name} is full; your place on the waitlist is held until {_deadline(registration)}."
    else:
        what = (
            f"Your hold on {cohort.name} ran out. Confirm now and you get a seat if one is free, "
            "else a place on the waitlist."
        )
    _send(
        subject=f"Confirm your registration for {cohort.name}",
        message=(
            f"Hi {registration.name},\n\n{what}\nConfirm your email address to keep it:\n\n{link}\n\n"
            "If you did not register, ignore this email: nothing happens and the hold simply runs out.\n"
        ),
        to=registration.email,
    )


def _tell_seat_freed(registration: Registration, site_url: str | None = None) -> None:
    cohort = registration.cohort
    confirm = ""
    if registration.confirmed_at is None and registration.runner_id is None:
        confirm = (
            f"Confirm your email by {_deadline(registration)} to keep it, or it goes to the next person waiting:\n"
            f"{confirmation_url(registration, site_url=site_url)}\n\n"
        )
    _send(
        subject=f"A seat opened up: you're in {cohort.name}",
        message=(
            f"Hi {registration.name},\n\nA seat in {cohort.name} "
            f"(starting {when(cohort.starts_on, 'LONG_DAY_FORMAT')}) opened up and "
            f"it is yours, at the price you registered with: {cohort.currency} {registration.price}.\n"
            f"{confirm}Your coach will be in touch to book your movement screen.\n"
        ),
        to=registration.email,
    )


def registration_mark_paid(*, registration: Registration) -> None:
    Registration.objects.filter(pk=registration.pk, paid_at__isnull=True).update(paid_at=timezone.now())


def registration_schedule_screening(*, registration: Registration, at: datetime) -> None:
    registration.screening_at = at
    registration.save(update_fields=["screening_at"])


@transaction.atomic
def registration_link_runner(*, registration: Registration, runner_id: int) -> None:
    """Tie a registration to the runner created from it (the coach's 'convert to runner').

    The coach knows this person now, so the registration is confirmed: its seat is no longer a hold."""
    Registration.objects.filter(pk=registration.pk, runner__isnull=True).update(runner_id=runner_id)
    Registration.objects.filter(pk=registration.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), hold_expires_at=None
    )


# --- Coaches create and edit their cohorts in the app (issue 23), not only in the admin ---------------------------

SEAT_CAP_MAX = 500
PRICE_MAX = Decimal("99999.99")  # the column holds 8 digits, 2 after the point
SLOT_CAPACITY = (2, 4)  # the model's constraint: a coach and 2-4 runners (semi-private)
SLOT_MINUTES = (15, 180)


@dataclass(frozen=True)
class PriceInput:
    name: str
    amount: Decimal
    until: date | None  # None: the regular price


@dataclass(frozen=True)
class SlotInput:
    day: int  # 0 = Monday
    start: time
    capacity: int
    minutes: int = 60


@dataclass(frozen=True)
class CohortInput:
    name: str
    slug: str
    description: str
    includes: str
    starts_on: date
    seat_cap: int
    currency: str
    prices: list[PriceInput]
    slots: list[SlotInput]


def _cohort_problems(data: CohortInput, *, cohort: Cohort | None) -> list[str]:
    """What is wrong with a cohort as the coach typed it: the model's constraints, said before the database does."""
    problems: list[str] = []
    if not data.name.strip() or len(data.name) > NAME_MAX:
        problems.append(f"name: give the cohort a name of at most {NAME_MAX} characters")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", data.slug) or len(data.slug) > 50:
        problems.append("slug: its web address: lower-case letters, digits and hyphens, e.g. spring-strength")
    elif Cohort.objects.filter(slug=data.slug).exclude(pk=cohort.pk if cohort else -1).exists():
        problems.append(f"slug: another cohort has the address {data.slug}; choose another")
    if not data.description.strip():
        problems.append("description: say in a sentence or two what the cohort is")
    if data.starts_on.weekday() != 0:
        starts = when(data.starts_on, "WEEKDAY_DATE_FORMAT")
        problems.append(f"starts_on: {starts} is not a Monday; a cohort starts on a Monday")
    if not 1 <= data.seat_cap <= SEAT_CAP_MAX:
        problems.append(f"seat_cap: from 1 to {SEAT_CAP_MAX} seats")
    elif cohort is not None and data.seat_cap < (taken := seats_taken(cohort)):
        problems.append(f"seat_cap: {taken} seats are taken already; cancel registrations before lowering it")
    if not re.fullmatch(r"[A-Z]{3}", data.currency):
        problems.append("currency: a three-letter code such as USD, EUR or GBP")
    for i, price in enumerate(data.prices):
        if not price.name.strip() or len(price.name) > 60:
            problems.append(f"prices[{i}].name: name the price (e.g. regular, early bird), at most 60 characters")
        if not Decimal(0) <= price.amount <= PRICE_MAX:
            problems.append(f"prices[{i}].amount: {price.amount} is not a price from 0 to {PRICE_MAX}")
        if price.until is not None and price.until >= data.starts_on:
            problems.append(f"prices[{i}].until: {price.until} is not before the start; an offer ends before it")
    if not data.prices:
        problems.append("prices: give at least the regular price (a price without a deadline)")
    else:
        try:
            check_tiers(PriceTier(p.name, p.amount, p.until) for p in data.prices)
        except InputError as error:
            problems.extend(f"prices: {p}" for p in error.problems)
    seen: set[tuple[int, time]] = set()
    for i, slot in enumerate(data.slots):
        low, high = SLOT_CAPACITY
        if not low <= slot.capacity <= high:
            problems.append(f"slots[{i}].capacity: {slot.capacity} runners; a semi-private slot takes {low} to {high}")
        if not SLOT_MINUTES[0] <= slot.minutes <= SLOT_MINUTES[1]:
            problems.append(f"slots[{i}].minutes: from {SLOT_MINUTES[0]} to {SLOT_MINUTES[1]} minutes")
        if (slot.day, slot.start) in seen:
            problems.append(f"slots[{i}]: this day and time is listed twice")
        seen.add((slot.day, slot.start))
    return problems


def cohort_save(*, coach: User, data: CohortInput, cohort: Cohort | None = None) -> Cohort:
    """Create a cohort of `coach`, or change one of theirs: details, prices and the coach's slots, in one
    transaction. A slot is the same slot while its day and time stay: its bookings stay with it; a slot with
    booked runners cannot be removed or made smaller than its bookings."""
    problems = _cohort_problems(data, cohort=cohort)
    with transaction.atomic():
        if cohort is not None:
            cohort = Cohort.objects.select_for_update().get(pk=cohort.pk, coach=coach)
        current = {(s.day, s.start): s for s in (cohort.slots.filter(coach=coach) if cohort else [])}
        wanted = {(s.day, s.start): s for s in data.slots}
        booked = (
            dict(
                Slot.objects.filter(pk__in=[s.pk for s in current.values()])
                .annotate(n=Count("bookings"))
                .values_list("pk", "n")
            )
            if current
            else {}
        )
        for key, slot in current.items():
            n = booked.get(slot.pk, 0)
            if key not in wanted and n:
                problems.append(f"slots: {slot} has {n} booked; move them to another slot before removing it")
            elif key in wanted and wanted[key].capacity < n:
                problems.append(f"slots: {slot} has {n} booked; its capacity cannot go below that")
        if problems:
            raise InputError(problems)
        fields = {
            "name": data.name.strip(),
            "slug": data.slug,
            "description": data.description.strip(),
            "includes": data.includes.strip(),
            "starts_on": data.starts_on,
            "seat_cap": data.seat_cap,
            "currency": data.currency,
        }
        if cohort is None:
            cohort = Cohort.objects.create(coach=coach, **fields)
        else:
            for name, value in fields.items():
                setattr(cohort, name, value)
            cohort.save()
        cohort.prices.all().delete()
        CohortPrice.objects.bulk_create(
            CohortPrice(cohort=cohort, name=p.name.strip(), amount=p.amount, until=p.until) for p in data.prices
        )
        for key, slot in current.items():
            if key not in wanted:
                slot.delete()
        for key, want in wanted.items():
            if key in current:
                Slot.objects.filter(pk=current[key].pk).update(capacity=want.capacity, minutes=want.minutes)
            else:
                Slot.objects.create(
                    cohort=cohort,
                    coach=coach,
                    day=want.day,
                    start=want.start,
                    capacity=want.capacity,
                    minutes=want.minutes,
                )
        # bulk_create and update() send no signals: the public page's cached slots and prices are redrawn.
        cohort_page_changed(pk=cohort.pk)
    return cohort
