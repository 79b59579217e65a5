"""Nudge review and delivery: nothing drafted from a meeting reaches a team unreviewed.

`ReviewQueue` holds drafted nudges until a coach approves, edits or dismisses them (every
change is audited); `Deliverer` sends approved and edited nudges to the team feed and the
team's webhook, exactly once per channel.
"""

from coach.review.delivery import (
    ChannelCounts,
    Deliverer,
    DeliveryFailed,
    DeliveryReport,
    HttpxWebhookTransport,
    WebhookTransport,
    render,
)
from coach.review.queue import ReviewQueue, nudge_id

__all__ = [
    "ChannelCounts",
    "Deliverer",
    "DeliveryFailed",
    "DeliveryReport",
    "HttpxWebhookTransport",
    "ReviewQueue",
    "WebhookTransport",
    "nudge_id",
    "render",
]
