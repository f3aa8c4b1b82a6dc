"""Workbench views: translate HTTP to issues.selectors (reads) and issues.services (writes).

Scope before lookup: every issue is fetched through `for_user`, so one outside the user's
scope is a 404 (its existence stays hidden); a missing role or action right is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from issues import selectors, services
from issues.forms_workbench import (
    ACTION_FORMS,
    ActionForm,
    IssueOnBehalfForm,
    WorkbenchSignInForm,
)
from issues.models import Issue, IssueEvent
from issues.photos import serve_issue_photo
from issues.public_forms import parse_key
from portal.personal_data import reveal
from portal.roles import Role

CITIZEN_PHONE_PERMISSION = "issues.view_citizen_phone"

# The service each action form's cleaned data are passed to, unchanged.
ACTION_SERVICES: dict[str, Callable[..., Issue]] = {
    "register": services.issue_register,
    "reject": services.issue_reject,
    "merge": services.issue_merge,
    "transfer": services.issue_transfer,
    "start": services.issue_start,
    "send_back": services.issue_send_back,
    "answer": services.issue_answer,
    "close": services.issue_close,
    "reopen": services.issue_reopen,
    "escalate": services.issue_escalate,
}
# Actions that end or undo work get a quieter, outlined button, so they are not hit by habit.
SECONDARY_ACTIONS = {"reject", "merge", "send_back", "reopen", "escalate"}


def workbench_required(*roles: str) -> Callable[[Callable], Callable]:
    """Log in first (to the workbench's own page); a user with no workbench role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            role = selectors.workbench_role(request.user)
            if role is None or (roles and role not in roles):
                raise PermissionDenied
            request.workbench_role = role
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class LoginView(auth_views.LoginView):
    """The one sign-in page for staff, deputies and departments (`settings.LOGIN_URL`)."""

    template_name = "issues/workbench/login.html"
    form_class = WorkbenchSignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # Each role's own home (workbench:home sends each on); an account that only keeps
        # the admin (no workbench role) goes there.
        if selectors.workbench_role(self.request.user) is None and self.request.user.is_staff:
            return reverse("admin:index")
        return reverse("workbench:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.get_user().role == Role.DEPUTY:
            # A working day on a phone that may be shared or lost; staff keep the default.
            self.request.session.set_expiry(settings.DEPUTY_SESSION_SECONDS)
        return response


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("workbench:login")


@require_GET
@workbench_required()
def home(request: HttpRequest) -> HttpResponse:
    """Each kind of account lands on its own queue."""
    if request.workbench_role == "deputy":
        # Deputies land on their phone home: duty, open issues, one tap to log an activity.
        from representatives.deputy_views import deputy_home

        return deputy_home(request)
    if request.workbench_role == "department":
        # A department's whole workbench is the list of what was transferred to it.
        return _render_list(request, title=request.user.department.name)
    return redirect("workbench:issue-list")


@require_GET
@workbench_required()
def issue_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, title=_("Issues"))


def _render_list(request: HttpRequest, *, title: str) -> HttpResponse:
    listing = selectors.issue_list_for(request.user, request.GET, page=request.GET.get("page"))
    context = {
        "title": title,
        "filterset": listing.filterset,
        "page": listing.page,
        "issues": listing.issues,
        "may_create": request.workbench_role in ("staff", "deputy"),
    }
    return render(request, "issues/workbench/issue_list.html", context)


MY_ISSUES_PER_PAGE = 25


@require_GET
@workbench_required()
def my_issues(request: HttpRequest) -> HttpResponse:
    # Paged: a busy station's deputy can have hundreds of unfinished issues (docs/PERFORMANCE.md).
    page = selectors.page_of_issues(
        selectors.my_issues_for(request.user), request.GET.get("page"), per_page=MY_ISSUES_PER_PAGE
    )
    context = {
        "issues": page.object_list,
        "page": page,
        "may_create": request.workbench_role in ("staff", "deputy"),
    }
    return render(request, "issues/workbench/my_issues.html", context)


@require_GET
@workbench_required()
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_detail(request.user, pk)
    if issue is None:
        raise Http404
    return _render_detail(request, issue)


def _render_detail(
    request: HttpRequest,
    issue: Issue,
    *,
    bound: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = []
    for action in services.allowed_actions(issue, request.user):
        if action not in ACTION_FORMS:
            continue
        if bound is not None and bound.prefix == action:
            form = bound
        else:
            form = ACTION_FORMS[action](issue=issue, user=request.user, prefix=action)
        actions.append(
            {
                "name": action,
                "label": capfirst(services.TRANSITIONS[action].label),
                "form": form,
                "secondary": action in SECONDARY_ACTIONS,
                "open": form is bound,
            }
        )
    # The forward moves first, the ones that end or undo work after them; table order within.
    actions.sort(key=lambda entry: entry["secondary"])
    photos = list(issue.photos.all())
    context = {
        "issue": issue,
        "actions": actions,
        "intake_photos": [p for p in photos if p.purpose == p.Purpose.INTAKE],
        "answer_photos": [p for p in photos if p.purpose == p.Purpose.ANSWER],
        "events": _timeline(issue),
        "assignee_label": person_label(issue.assignee) if issue.assignee else "",
        "may_reveal": bool(issue.citizen_phone or issue.citizen_name)
        and request.user.has_perm(CITIZEN_PHONE_PERMISSION),
    }
    return render(request, "issues/workbench/issue_detail.html", context, status=status)


def person_label(user) -> str:
    """A deputy by their name as a deputy; anyone else by full name or username."""
    deputy = getattr(user, "deputy", None)
    if deputy is not None:
        return deputy.name
    return user.get_full_name() or user.get_username()


# Event kinds that are not transitions of the table.
EVENT_LABELS = {"submit": _("submitted")}


def _timeline(issue: Issue) -> list:
    """The issue's events, each with a readable label and who acted (the citizen, the system)."""
    events = list(issue.events.all())
    for event in events:
        transition = services.TRANSITIONS.get(event.action)
        label = transition.label if transition else EVENT_LABELS.get(event.action, event.action)
        event.label = capfirst(label)
        if event.actor is not None:
            event.actor_label = person_label(event.actor)
        elif event.action in ("submit", "rate"):
            event.actor_label = _("the citizen")
        else:
            event.actor_label = _("the system")
    return events


@require_POST
@workbench_required()
def issue_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTION_FORMS:
        raise Http404
    transition = services.TRANSITIONS[action]
    # The issue alone: the checks and the forms read its own columns. Joined with the seven
    # tables the list joins, it cost a close a quarter of its time (docs/PERFORMANCE.md).
    issue = Issue.objects.for_user(request.user).filter(pk=pk).order_by().first()
    may_act = issue is not None and bool(
        services.actor_roles(request.user, issue) & transition.actors
    )
    if not may_act or issue.state not in transition.sources:
        # This user's own POST sent again (a double tap, a retry, a second tab) finds the
        # issue moved by its first one, or out of their scope (a department's send-back):
        # they get the page that first one led to, not a refusal.
        earlier = _earlier_action(request, pk, action)
        if earlier is not None:
            return _action_done(request, earlier.issue, transition)
        if issue is None:
            raise Http404
        if not may_act:
            raise PermissionDenied
        messages.error(
            request,
            _("This issue is now “%(state)s”: “%(action)s” is not possible. Nothing was changed.")
            % {"state": issue.get_state_display(), "action": transition.label},
        )
        return redirect("workbench:issue-detail", pk=issue.pk)
    form = ACTION_FORMS[action](
        request.POST, request.FILES, issue=issue, user=request.user, prefix=action
    )
    if not form.is_valid():
        messages.error(request, _("Please correct the form below."))
        # The page shown again is the issue's page, with all it shows.
        shown = selectors.issue_detail(request.user, issue.pk) or issue
        return _render_detail(request, shown, bound=form, status=400)
    try:
        ACTION_SERVICES[action](issue.pk, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        # TransitionError included: the state moved under us, or a rule the service checks.
        messages.error(request, " ".join(str(message) for message in error.messages))
        return redirect("workbench:issue-detail", pk=issue.pk)
    return _action_done(request, issue, transition)


def _earlier_action(request: HttpRequest, pk: int, action: str) -> IssueEvent | None:
    """The step this user's earlier POST of the same action form wrote, if any."""
    key = parse_key(request.POST.get(f"{action}-submission_key"))
    try:
        return services.earlier_submission(key, action=action, actor=request.user, issue_id=pk)
    except services.TransitionError:  # not this user's form: refused as before
        return None


def _action_done(
    request: HttpRequest, issue: Issue, transition: services.Transition
) -> HttpResponse:
    """Where an action leads once done: the issue's page, or home if it left the user's scope."""
    messages.success(
        request,
        _("%(number)s: “%(action)s” done.")
        % {"number": issue.tracking_number, "action": transition.label},
    )
    if not selectors.issues_for(request.user).filter(pk=issue.pk).exists():
        # Sent back by a department, say: it has left this user's scope.
        return redirect("workbench:home")
    return redirect("workbench:issue-detail", pk=issue.pk)


@require_POST
@never_cache
@workbench_required()
def citizen_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the citizen's name and phone in full, once, logged in PersonalDataAccess."""
    issue = get_object_or_404(selectors.issues_for(request.user), pk=pk)
    phone = reveal(request.user, issue, "citizen_phone", CITIZEN_PHONE_PERMISSION)
    name = reveal(request.user, issue, "citizen_name", CITIZEN_PHONE_PERMISSION)
    response = render(
        request, "issues/workbench/citizen.html", {"issue": issue, "phone": phone, "name": name}
    )
    # Personal data must not linger in a shared browser's cache or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@workbench_required()
def issue_photo(request: HttpRequest, pk: int, photo_pk: int, small: bool = False) -> HttpResponse:
    """Stream a photo (or its rendition) of an issue in the user's scope; the file is never
    served from disk."""
    # The photo must belong to this issue, and the issue lie in the user's scope.
    scope = Issue.objects.for_user(request.user).filter(pk=pk)
    return serve_issue_photo(request, scope, photo_pk, small=small)


@require_http_methods(["GET", "POST"])
@workbench_required("staff", "deputy")
def issue_create(request: HttpRequest) -> HttpResponse:
    """Enter an issue heard at a reception, on the hotline or at a monthly talk."""
    form = IssueOnBehalfForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = services.issue_submit(
                district=data["district"],
                source=data["source"],
                category=data["category"],
                text=data["text"],
                place=data["place"],
                citizen_name=data["citizen_name"],
                citizen_phone=data["citizen_phone"],
                station=data["station"],
                deputy=data["deputy"],
                actor=request.user,
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(str(message) for message in error.messages))
        else:
            messages.success(
                request,
                _("Issue %(number)s recorded.") % {"number": issue.tracking_number},
            )
            if selectors.issues_for(request.user).filter(pk=issue.pk).exists():
                return redirect("workbench:issue-detail", pk=issue.pk)
            return redirect("workbench:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "issues/workbench/issue_form.html", {"form": form}, status=status)
