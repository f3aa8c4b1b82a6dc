"""Celery tasks of the notifications app: thin, taking ids."""

from celery import shared_task
from django.conf import settings

from portal.notifications import services


# Idempotent (the delivery is claimed before it is sent), so it may ack late: a worker that
# dies mid-task leaves the message to be delivered again, and the claim keeps it to one send.
@shared_task(
    name="portal.notifications.tasks.deliver",
    acks_late=True,
    autoretry_for=(services.DeliveryRetry,),
    retry_backoff=settings.NOTIFY_RETRY_BASE_SECONDS,
    retry_backoff_max=settings.NOTIFY_RETRY_MAX_SECONDS,
    retry_jitter=False,  # keeps Celery's countdown equal to the row's next_attempt_at
    max_retries=settings.NOTIFY_MAX_ATTEMPTS - 1,
)
def deliver(delivery_id: int) -> str:
    return services.deliver(delivery_id)
