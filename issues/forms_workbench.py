"""Workbench forms: one small form per closed-loop action, and entering an issue for a citizen.

Each action form's cleaned data are exactly the keyword arguments of its service function,
so the view passes them on unchanged; the services still check state and actor themselves.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from issues.models import Category, Issue, Source
from issues.photos import process_photo
from issues.public_forms import MultipleFileInput, MultiplePhotoField, SubmissionKeyField
from issues.selectors import assignee_choices, merge_target, workbench_role
from issues.services import ProcessedImage
from portal.choices import kept_fragment
from portal.login import SignInForm
from portal.models import Area, Department, User
from portal.personal_data import mobile_validator
from portal.roles import Role
from portal.widgets import PlainSelect
from representatives.models import Deputy
from stations.models import Station

# The channels staff and deputies enter issues from; QR codes are the citizens' own door.
BEHALF_SOURCES = [Source.RECEPTION, Source.HOTLINE, Source.MONTHLY_TALK, Source.OTHER]


def end_of_day(day: date) -> datetime:
    """A deadline given as a date means the end of that working day, in the portal's zone."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


class WorkbenchSignInForm(SignInForm):
    """The one sign-in page's form: an account with neither a workbench nor the admin is
    told so, rather than signed in to a page that refuses it."""

    error_messages = {
        **SignInForm.error_messages,
        "no_access": _(
            "This account has no access to the workbench. Please ask the district's staff."
        ),
    }

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if workbench_role(user) is None and not user.is_staff:
            raise forms.ValidationError(self.error_messages["no_access"], code="no_access")


class DeadlineField(forms.DateField):
    """A date in a native date picker, cleaned to the end of that day; never in the past."""

    widget = forms.DateInput(attrs={"type": "date"})

    def clean(self, value):
        day = super().clean(value)
        if day is None:
            return None
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline must be today or later."))
        return end_of_day(day)


NOTE_LABEL = _("Note")


class NoteField(forms.CharField):
    def __init__(self, *, label=NOTE_LABEL, required: bool = False, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("max_length", 2000)
        super().__init__(label=label, required=required, **kwargs)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return _("%(name)s (%(days)s days)") % {"name": obj.name, "days": obj.default_days}


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        deputy = getattr(obj, "deputy", None) if obj.role == Role.DEPUTY else None
        if deputy is not None:
            return _("Deputy %(name)s") % {"name": deputy.name}
        return _("Staff %(name)s") % {"name": obj.get_full_name() or obj.username}


class ActionForm(forms.Form):
    """A form for one action on `issue`, taken by `user`."""

    # Whether the unbound form is the same for every issue of a district, in a language,
    # with options only from rows whose changes renew kept markup (portal.choices).
    keepable = True

    # Written by the page beside `markup()` (`{{ form.submission_key }}`), never inside it:
    # kept markup is shared by every page, and each page's form needs a key of its own.
    submission_key = SubmissionKeyField()

    def __init__(self, *args, issue: Issue, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.issue = issue
        self.user = user

    def get_context(self) -> dict:
        context = super().get_context()
        context["hidden_fields"] = [
            field for field in context["hidden_fields"] if field.name != "submission_key"
        ]
        return context

    def markup(self) -> SafeString:
        """The form as `{{ form }}` writes it; unbound and keepable, from the cache.

        Rendering the issue page's forms through Django's form templates was a tenth of the
        page's CPU (docs/PERFORMANCE.md); a form that shows what was typed, or errors, is
        always rendered.
        """
        if self.is_bound or not self.keepable:
            return self.render()
        name = f"action-form:{type(self).__name__}:{self.prefix}"
        markup = kept_fragment(name, [self.issue.district_id], self.user, self.render)
        return mark_safe(markup)  # what render() wrote, Django's escaped form markup


class RegisterForm(ActionForm):
    # The issue's own category is preselected, and the assignees are user accounts, whose
    # changes do not renew kept markup.
    keepable = False

    # PlainSelect: with a district's thousand deputies as the assignee's options, Django's
    # option template took 54 ms to write them, PlainSelect 13.5 (docs/PERFORMANCE.md).
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.none(), widget=PlainSelect
    )
    deadline = DeadlineField(
        label=_("Deadline"),
        required=False,
        help_text=_("Leave empty to use the category's usual number of days."),
    )
    assignee = AssigneeChoiceField(
        label=_("Responsible person (责任人)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        widget=PlainSelect,
    )
    note = NoteField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(
            is_active=True
        ) | Category.objects.filter(pk=self.issue.category_id)
        self.fields["category"].initial = self.issue.category_id
        self.fields["assignee"].queryset = assignee_choices(self.issue.district_id)


class RejectForm(ActionForm):
    reason = NoteField(label=_("Reason, shown to the citizen"), required=True)


class MergeForm(ActionForm):
    into = forms.CharField(
        label=_("Tracking number of the issue it duplicates"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    note = NoteField()

    def clean_into(self) -> Issue:
        target = merge_target(self.user, self.issue, self.cleaned_data["into"])
        if target is None:
            raise forms.ValidationError(_("No other issue of this district has that number."))
        return target


class TransferForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        empty_label=None,
        widget=PlainSelect,
    )
    deadline = DeadlineField(
        label=_("New deadline"), required=False, help_text=_("Leave empty to keep the deadline.")
    )
    note = NoteField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            district_id=self.issue.district_id, is_active=True
        )


class StartForm(ActionForm):
    note = NoteField()


class SendBackForm(ActionForm):
    reason = NoteField(label=_("Why it is not your department's"), required=True)


class AnswerForm(ActionForm):
    answer = NoteField(
        label=_("Answer to the citizen"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The citizen sees this text on the tracking page."),
    )
    photos = MultiplePhotoField(
        label=_("Photos of the result"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "Optional. Up to %(count)d photos, JPEG, PNG or WebP; the citizen sees them."
        ) % {"count": settings.ISSUE_PHOTOS_MAX}

    def full_clean(self) -> None:
        super().full_clean()
        # Unlike the citizen's form (issues.pending_photos), this one holds no photos when it
        # comes back, and browsers cannot refill a file input: say they must be chosen again.
        if self.errors and self.files.getlist(self.add_prefix("photos")):
            # The bound field, already made while cleaning, keeps its own copy of the text.
            self["photos"].help_text = _(
                "For your safety the browser does not keep chosen photos: please choose them again."
            )

    def clean_photos(self) -> list[ProcessedImage]:
        files = self.cleaned_data.get("photos") or []
        if len(files) > settings.ISSUE_PHOTOS_MAX:
            raise forms.ValidationError(
                _("You can attach at most %(count)d photos."),
                code="too_many_photos",
                params={"count": settings.ISSUE_PHOTOS_MAX},
            )
        processed, errors = [], []
        for number, upload in enumerate(files, start=1):
            try:
                processed.append(process_photo(upload))
            except forms.ValidationError as exc:
                errors.extend(
                    forms.ValidationError(
                        _("Photo %(number)d: %(error)s"),
                        code="photo",
                        params={"number": number, "error": message},
                    )
                    for message in exc.messages
                )
        if errors:
            raise forms.ValidationError(errors)
        return processed


class CloseForm(ActionForm):
    note = NoteField()


class ReopenForm(ActionForm):
    reason = NoteField(label=_("Reason"), required=True)
    deadline = DeadlineField(
        label=_("New deadline"),
        required=False,
        help_text=_("Leave empty to use the category's usual number of days."),
    )


class EscalateForm(ActionForm):
    note = NoteField(label=_("Supervision note (督办)"))


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "register": RegisterForm,
    "reject": RejectForm,
    "merge": MergeForm,
    "transfer": TransferForm,
    "start": StartForm,
    "send_back": SendBackForm,
    "answer": AnswerForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "escalate": EscalateForm,
}


class IssueOnBehalfForm(forms.Form):
    """An issue heard at a reception, on the hotline or at a monthly talk (代表月月谈)."""

    source = forms.ChoiceField(
        label=_("Heard through"),
        # No preselected channel: a hotline call filed as a reception would skew the figures.
        choices=[("", _("Choose…")), *((source.value, source.label) for source in BEHALF_SOURCES)],
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("From the station"),
        help_text=_("Needed only when no station is chosen."),
    )
    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=Station.objects.none(),
        required=False,
        empty_label=_("None (a hotline call, say)"),
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy who received it"),
        queryset=Deputy.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=_("Choose…")
    )
    text = forms.CharField(
        label=_("What the citizen raised"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    place = forms.CharField(label=_("Place concerned"), max_length=200, required=False)
    citizen_name = forms.CharField(label=_("Citizen's name"), max_length=40, required=False)
    citizen_phone = forms.CharField(
        label=_("Citizen's mobile phone"),
        max_length=11,
        required=False,
        validators=[mobile_validator],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "1[3-9][0-9]{9}"}
        ),
        help_text=_("Optional: the citizen is told the result on this number."),
    )
    submission_key = SubmissionKeyField()

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["station"].queryset = Station.objects.for_user(user).active().order_by("name")
        self.fields["deputy"].queryset = Deputy.objects.for_user(user).active()
        if user.is_superuser:
            self.fields["district"].queryset = Area.objects.districts()
        else:
            del self.fields["district"]
        if user.role == Role.DEPUTY and not user.is_superuser:
            # A deputy enters what they heard at their own stations, as themselves.
            self.fields["station"].required = True
            self.fields["station"].empty_label = _("Choose…")
            own = Deputy.objects.filter(user=user).first()
            if own is not None:
                self.fields["deputy"].initial = own.pk

    def clean(self) -> dict:
        cleaned = super().clean()
        station: Station | None = cleaned.get("station")
        deputy: Deputy | None = cleaned.get("deputy")
        if station is not None:
            district_id = station.area.district_id
        elif "district" in self.fields:
            district_id = cleaned["district"].pk if cleaned.get("district") else None
        else:
            district_id = self.user.district_id
        if district_id is None:
            if not self.has_error("station") and not self.has_error("district"):
                self.add_error("station", _("Choose the station or the district."))
            return cleaned
        if deputy is not None and deputy.district_id != district_id:
            self.add_error("deputy", _("This deputy belongs to another district."))
        cleaned["district"] = Area.objects.get(pk=district_id)
        return cleaned
