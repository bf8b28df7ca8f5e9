"""What other apps call when something happens that may need an email.

`message_sent` runs after the message's transaction commits (the messages app calls it from
`transaction.on_commit`), in the request that sent it: it only queues a task, and never raises, so a queue that
is down costs the email, never the message.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def message_sent(*, message_id: int) -> None:
    """Queue the emails telling the other side of the conversation about this message."""
    from crosstrain.notifications.tasks import notify_message

    try:
        notify_message.enqueue(message_id=message_id)
    except Exception:  # the queue's database or Redis is unreachable: the message is saved, the email is lost
        logger.exception("could not queue the email for message %s", message_id)
