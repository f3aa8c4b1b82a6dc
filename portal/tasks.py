"""Periodic work of the portal itself: keeping the dashboards' figures computed."""

from __future__ import annotations

from celery import shared_task

from portal import dashboard


@shared_task(name="portal.tasks.warm_dashboards", acks_late=True)
def warm_dashboards() -> int:
    return dashboard.warm_dashboards()
