"""What other apps call when something happens that may need an email.

`message_sent` runs after the message's transaction commits (the messages app calls it from
`transaction.on_commit`), in the request that sent it: it only queues a task, and never raises. When the queue is
down (Redis in the RQ mode), the emails are claimed in the database instead, where the scheduler's sweep of queued
emails whose task never ran sends them once the queue is back: a queue outage delays the email, never loses it.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def message_sent(*, message_id: int) -> None:
    """Queue the emails telling the other side of the conversation about this message."""
    from crosstrain.notifications.tasks import notify_message

    try:
        notify_message.enqueue(message_id=message_id)
        return
    except Exception as error:  # the queue (Redis) is unreachable: the message is saved; keep the email in the database
        logger.warning("could not queue the email for message %s (%s): it waits in the database", message_id, error)
    from crosstrain.notifications.services import message_notifications_queue

    try:
        message_notifications_queue(message_id=message_id)
    except Exception:  # the database too: the message was committed, the email cannot be kept
        logger.exception("could not keep the email for message %s", message_id)
