"""Deputy liaison portal: project package and cross-cutting domain (areas, accounts, roles)."""

from portal.celery import app as celery_app

__all__ = ("celery_app",)
