"""The inbox: a user's notifications (unread/all), marking read, and failed deliveries for staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from portal.notifications import selectors, services
from portal.notifications.models import Delivery, Notification

SHOWS = ("unread", "all", "failed")


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "unread")
    if show not in SHOWS:
        show = "unread"
    may_see_failed = selectors.can_see_failed_deliveries(request.user)
    if show == "failed" and not may_see_failed:
        raise PermissionDenied
    if show == "failed":
        rows = selectors.failed_deliveries_for(request.user)
    else:
        rows = selectors.inbox_for(request.user, unread_only=show == "unread")
    unread = selectors.unread_count(request.user)
    paginator = Paginator(rows, 30)
    if show == "unread":
        paginator.count = unread  # the same count: the paginator need not make it again
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "show": show,
            "page": page,
            "unread": unread,
            "may_see_failed": may_see_failed,
            "may_retry": request.user.has_perm("notifications.change_delivery"),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = services.notification_mark_read(request.user, pk)
    except Notification.DoesNotExist as error:
        raise Http404 from error
    # "Open" follows the notification's own link; only a path on this site is followed.
    if "open" in request.POST and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.link)
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect(_back(request))


@login_required
@require_POST
def retry_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("notifications.change_delivery"):
        raise PermissionDenied
    # Scope before lookup: another district's delivery is a 404.
    if not Delivery.objects.for_user(request.user).filter(pk=pk).exists():
        raise Http404
    if services.delivery_retry(pk):
        messages.success(request, _("The message will be sent again."))
    return redirect(reverse("inbox:list") + "?show=failed")


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("inbox:list")
