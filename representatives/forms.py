"""Forms of the deputy's phone pages: logging an activity with the issues raised there."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from issues.models import Category
from issues.photos import process_photo
from issues.public_forms import MultiplePhotoField, normalise_phone
from portal.choices import use_cached_choices
from portal.models import User
from portal.widgets import (
    PlainCheckboxSelectMultiple,
    PlainDateInput,
    PlainFormMixin,
    PlainFormSetMixin,
    PlainHiddenInput,
    PlainNumberInput,
    PlainSelect,
    PlainTextarea,
    PlainTextInput,
    PlainTimeInput,
)
from representatives import deputy_selectors as selectors
from representatives.models import Deputy, mobile_validator
from representatives.services import ActivityInput, RaisedIssue


class DeputyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Deputy) -> str:
        return obj.name


class ActivityForm(PlainFormMixin, forms.Form):
    """履职活动: what a deputy fills in on the phone, in under a minute.

    Its widgets and labels write Django's markup in Python (portal.widgets): through the
    template engine the form's fields were half the page's work.
    """

    key = forms.UUIDField(widget=PlainHiddenInput)
    type = forms.ModelChoiceField(
        label=_("Type"), queryset=selectors.activity_types(), widget=PlainSelect
    )
    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=None,
        required=False,
        empty_label=_("another place"),
        widget=PlainSelect,
    )
    place = forms.CharField(
        label=_("Other place"), max_length=120, required=False, widget=PlainTextInput
    )
    date = forms.DateField(
        label=_("Date"), widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=PlainTimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=PlainNumberInput,
    )
    participants = forms.IntegerField(
        label=_("Participants (person-visits)"),
        min_value=0,
        max_value=100_000,
        initial=0,
        widget=PlainNumberInput,
    )
    households = forms.IntegerField(
        label=_("Households served"),
        min_value=0,
        max_value=100_000,
        initial=0,
        widget=PlainNumberInput,
    )
    fellow_deputies = DeputyChoices(
        label=_("Fellow deputies"),
        queryset=None,
        required=False,
        # Any deputy of the district is accepted; the boxes offered are the usual fellows
        # (selectors.usual_fellows) unless the whole district is asked for (up to a thousand).
        widget=PlainCheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=2000,
        required=False,
        widget=PlainTextarea(attrs={"rows": 3}),
    )
    photos = MultiplePhotoField(label=_("Photos"), required=False)

    def __init__(self, *args, deputy: Deputy, all_fellows: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputy = deputy
        self.all_fellows = all_fellows
        self.fields["station"].queryset = selectors.station_choices(deputy)
        # Their options from the cache (portal.choices); a choice is still checked against
        # the querysets.
        use_cached_choices(self.fields["type"], name="active-activity-type", user=deputy.user)
        use_cached_choices(self.fields["station"], name="deputy-station", user=deputy.user)
        fellows = self.fields["fellow_deputies"]
        fellows.queryset = selectors.fellow_deputy_choices(deputy)
        if all_fellows:
            # The whole district's list, up to a thousand names, is kept like the others.
            use_cached_choices(fellows, name="fellow-deputies", user=deputy.user)
        else:
            chosen = self["fellow_deputies"].value() or []
            fellows.widget.choices = selectors.usual_fellows(deputy, chosen=chosen)
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("key", uuid.uuid4())
            self.initial.setdefault("date", now.date())
            self.initial.setdefault("start_time", now.strftime("%H:%M"))

    def clean_photos(self) -> list:
        files = self.cleaned_data.get("photos") or []
        if len(files) > settings.ISSUE_PHOTOS_MAX:
            raise ValidationError(
                _("At most %(count)d photos."), params={"count": settings.ISSUE_PHOTOS_MAX}
            )
        return [process_photo(f) for f in files]

    def clean(self):
        data = super().clean()
        if not data.get("station") and not (data.get("place") or "").strip():
            self.add_error("place", _("Choose a station or name the place."))
        return data

    def to_input(self, issues: list[RaisedIssue]) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            type=data["type"],
            date=data["date"],
            station=data["station"],
            place=data["place"],
            start_time=data["start_time"],
            duration_minutes=data["duration_minutes"],
            fellow_deputies=list(data["fellow_deputies"]),
            participants=data["participants"],
            households=data["households"],
            summary=data["summary"],
            photos=data["photos"],
            issues=issues,
        )


class RaisedIssueForm(PlainFormMixin, forms.Form):
    """An issue a citizen raised on the spot: becomes a citizen issue (source: reception)."""

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=PlainSelect,
    )
    text = forms.CharField(
        label=_("The issue"),
        max_length=2000,
        required=False,
        widget=PlainTextarea(attrs={"rows": 2}),
    )
    citizen_name = forms.CharField(
        label=_("Citizen's name"), max_length=40, required=False, widget=PlainTextInput
    )
    citizen_phone = forms.CharField(
        label=_("Citizen's phone"),
        max_length=20,
        required=False,
        widget=PlainTextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            use_cached_choices(self.fields["category"], name="active-category", user=user)

    def clean_citizen_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("citizen_phone") or "")
        if phone:
            mobile_validator(phone)
        return phone

    def clean(self):
        data = super().clean()
        # A row left blank is no issue; a row half filled in is a mistake to point out.
        if data.get("text") and not data.get("category"):
            self.add_error("category", _("Choose a category."))
        if data.get("category") and not (data.get("text") or "").strip():
            self.add_error("text", _("Describe the issue."))
        return data

    def to_issue(self) -> RaisedIssue | None:
        data = self.cleaned_data
        if not data.get("text"):
            return None
        return RaisedIssue(
            category=data["category"],
            text=data["text"].strip(),
            citizen_name=data["citizen_name"].strip(),
            citizen_phone=data["citizen_phone"],
        )


class BaseRaisedIssueFormSet(PlainFormSetMixin, forms.BaseFormSet):
    """The issues raised at an activity, a row each (rows are added on the phone)."""


RaisedIssueFormSet = forms.formset_factory(
    RaisedIssueForm, formset=BaseRaisedIssueFormSet, extra=1, max_num=10, validate_max=True
)
