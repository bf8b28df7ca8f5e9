"""Reads for messages: who takes part in a runner's conversation, its messages, what is unread.

"The coaches who coach a runner" is said once, here (`runner_coaches`, `coaches_runner`, `coached_runners`):
today it is `Runner.coach`; if a runner ever gets several coaches, these three change and everything else
follows.
Every read is a fixed number of queries, whatever the number of messages or runners.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Func, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from crosstrain.accounts.models import Runner, User
from crosstrain.messaging.models import Message, ReadMarker
from crosstrain.training.models import SessionLog

# The most messages one page or one API call shows; older ones are a link (web) or `before` (API) away.
PAGE_SIZE = 50


def runner_coaches(*, runner: Runner) -> QuerySet[User]:
    """The coaches who coach this runner, and so may read and write in their conversation."""
    return User.objects.filter(pk=runner.coach_id)


def coaches_runner(*, coach: User, runner: Runner) -> bool:
    """Whether this user is one of the runner's coaches (no query: the runner row says)."""
    return coach.pk == runner.coach_id


def coached_runners(*, coach: User) -> QuerySet[Runner]:
    """The runners this coach coaches (the other direction of `runner_coaches`)."""
    return Runner.objects.filter(coach=coach)


def conversation_runner(*, user: User, runner_id: int) -> Runner | None:
    """The runner whose conversation this user takes part in (the runner themself or one of their coaches)."""
    return (
        Runner.objects.filter(pk=runner_id)
        .filter(Q(user=user) | Q(pk__in=coached_runners(coach=user).values("pk")))
        .select_related("user")
        .defer("running_plan_ics")
        .first()
    )


def _participating(user: User, prefix: str = "") -> Q:
    """Rows (through `prefix`, e.g. "conversation__") in the conversations this user takes part in."""
    return Q(**{f"{prefix}runner__user": user}) | Q(**{f"{prefix}runner__in": coached_runners(coach=user)})


def _unread_for(user: User) -> QuerySet[Message]:
    """Messages this user has not read: in their conversations, by someone else, after their read marker."""
    marker = ReadMarker.objects.filter(conversation=OuterRef("conversation_id"), user=user).values("last_read_id")
    return (
        Message.objects.filter(_participating(user, "conversation__"))
        .exclude(author=user)
        .filter(pk__gt=Coalesce(Subquery(marker[:1]), Value(0), output_field=IntegerField()))
    )


def unread_count(*, user: User) -> int:
    """How many messages wait for this user, over all their conversations (1 query): the navigation badge."""
    return _unread_for(user).count()


def unread_count_subquery(*, user: User) -> Subquery:
    """`unread_count` as a scalar subquery, for a query that counts other things with it (the coach's navigation
    badges: crosstrain.training.selectors.coach_badge_counts)."""
    counted = _unread_for(user).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def unread_in(*, runner: Runner, user: User) -> int:
    """How many messages of this runner's conversation the user has not read (1 query)."""
    return _unread_for(user).filter(conversation__runner=runner).count()


def unread_by_runner(*, coach: User) -> dict[int, int]:
    """Runner id → messages this coach has not read in that runner's conversation (1 query): the dashboard."""
    rows = (
        _unread_for(coach)
        .filter(conversation__runner__in=coached_runners(coach=coach))
        .values("conversation__runner_id")
        .annotate(unread=Count("pk"))
        .order_by()
    )
    return {row["conversation__runner_id"]: row["unread"] for row in rows}


@dataclass(frozen=True)
class UnreadConversation:
    runner_id: int
    runner_name: str
    unread: int
    oldest_unread_at: datetime
    newest_unread_at: datetime


def unread_for_coach(*, coach: User) -> list[UnreadConversation]:
    """One row per runner whose conversation holds messages this coach has not read, most unread first (1 query):
    for the weekly digest."""
    rows = (
        _unread_for(coach)
        .filter(conversation__runner__in=coached_runners(coach=coach))
        .values("conversation__runner_id", "conversation__runner__name")
        .annotate(unread=Count("pk"), oldest=Min("created_at"), newest=Max("created_at"))
        .order_by("-unread", "conversation__runner__name")
    )
    return [
        UnreadConversation(
            runner_id=row["conversation__runner_id"],
            runner_name=row["conversation__runner__name"],
            unread=row["unread"],
            oldest_unread_at=row["oldest"],
            newest_unread_at=row["newest"],
        )
        for row in rows
    ]


def message_recipients(*, message: Message) -> list[User]:
    """Who should hear of a new message: the conversation's other participants that have an account."""
    runner = Runner.objects.select_related("user").get(conversation__messages=message)
    people = [*runner_coaches(runner=runner)]
    if runner.user is not None:
        people.append(runner.user)
    return [p for p in people if p.pk != message.author_id and p.is_active]


@dataclass(frozen=True)
class ShownMessage:
    """A message as a participant sees it: whose side wrote it, and whether it is the viewer's side."""

    message: Message
    from_runner: bool
    ours: bool  # written by the viewer's side (the runner, or the runner's coaches)
    author_name: str


def _author_name(message: Message, runner: Runner, from_runner: bool) -> str:
    if from_runner:
        return runner.name
    author = message.author
    if not author.is_active and not author.first_name and author.get_username().startswith("erased-"):
        return "A former coach"  # an erased coach's account keeps no name (crosstrain.privacy.erasure)
    return author.get_full_name() or author.get_username()


def shown(*, messages: list[Message], runner: Runner, viewer: User) -> list[ShownMessage]:
    viewer_is_runner = viewer.pk == runner.user_id
    rows = []
    for message in messages:
        from_runner = runner.user_id is not None and message.author_id == runner.user_id
        rows.append(
            ShownMessage(
                message=message,
                from_runner=from_runner,
                ours=from_runner == viewer_is_runner,
                author_name=_author_name(message, runner, from_runner),
            )
        )
    return rows


def _messages(runner: Runner) -> QuerySet[Message]:
    return Message.objects.filter(conversation__runner=runner).select_related("author", "session_log__session")


def conversation_messages(*, runner: Runner, after: int, limit: int = PAGE_SIZE) -> list[Message]:
    """The first `limit` messages of the runner's conversation after id `after` (0: from the first), oldest
    first (1 query)."""
    return list(_messages(runner).filter(pk__gt=after).order_by("pk")[:limit])


def seen_message_id(*, runner: Runner, viewer: User) -> int | None:
    """The newest message of the viewer's side that the other side has read: "Seen" goes under it (1 query).

    The other side of a coach is the runner; of the runner, their coaches (whoever has read furthest).
    """
    if runner.user_id is None:
        return None  # no runner account yet: nobody on the other side has read anything
    runner_wrote = Q(author_id=runner.user_id)
    if viewer.pk == runner.user_id:
        theirs = ReadMarker.objects.filter(conversation__runner=runner, user__in=runner_coaches(runner=runner))
        ours = runner_wrote
    else:
        theirs = ReadMarker.objects.filter(conversation__runner=runner, user_id=runner.user_id)
        ours = ~runner_wrote
    read_to = Subquery(theirs.order_by("-last_read_id").values("last_read_id")[:1])
    found: int | None = (
        Message.objects.filter(conversation__runner=runner)
        .filter(ours, pk__lte=read_to)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return found


@dataclass(frozen=True)
class ConversationPage:
    runner: Runner
    messages: list[ShownMessage]  # oldest first (newest at the bottom), at most PAGE_SIZE
    has_older: bool  # there are older messages than the first one here
    seen_id: int | None  # the newest message of the viewer's side the other side has read

    @property
    def last_id(self) -> int:
        """The newest message shown: the page asks for messages after it."""
        return self.messages[-1].message.pk if self.messages else 0


def conversation_page(*, runner: Runner, viewer: User, before: int | None = None) -> ConversationPage:
    """What the conversation page shows (2 queries): the newest messages and where the other side has read to."""
    newest = _messages(runner).order_by("-pk")
    if before is not None:
        newest = newest.filter(pk__lt=before)
    # One more than a page says whether older ones exist, without counting them.
    fetched = list(newest[: PAGE_SIZE + 1])
    messages = list(reversed(fetched[:PAGE_SIZE]))
    return ConversationPage(
        runner=runner,
        messages=shown(messages=messages, runner=runner, viewer=viewer),
        has_older=len(fetched) > PAGE_SIZE,
        seen_id=seen_message_id(runner=runner, viewer=viewer),
    )


def runner_session_log(*, runner: Runner, log_id: int) -> SessionLog | None:
    """One of this runner's session logs, with its session (for "About Tuesday's session B"), or None."""
    return SessionLog.objects.filter(pk=log_id, runner=runner).select_related("session").first()
