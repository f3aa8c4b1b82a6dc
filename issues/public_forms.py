"""Citizens' forms: the QR intake form, the lookup by number and phone digits, the rating."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from issues import pending_photos
from issues.models import Category, Rating
from issues.photos import process_photo
from issues.public_selectors import intake_categories
from issues.services import ProcessedImage
from portal.personal_data import mobile_validator

# C0 and C1 control characters, and the bidirectional overrides that can make text read
# differently on screen than it is stored ("Trojan Source").
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL_IN_TEXT = re.compile(f"[{_CONTROL}]")  # a text area keeps \t, \n and \r
CONTROL_IN_LINE = re.compile(f"[{_CONTROL}\t\n\r]")


class NoControlCharacters:
    """Refuses invisible control characters; a multi-line text may keep tabs and newlines."""

    message = _(
        "This field contains invisible control characters. Please delete them and try again."
    )

    def __init__(self, multiline: bool = False) -> None:
        self.pattern = CONTROL_IN_TEXT if multiline else CONTROL_IN_LINE

    def __call__(self, value: str) -> None:
        if self.pattern.search(value):
            raise ValidationError(self.message, code="control_characters")


class PlainTextField(forms.CharField):
    """A CharField that refuses control characters and stores newlines as \\n."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)
        # Our validator already covers NUL, with the same message as the other characters.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(NoControlCharacters(multiline))

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if self.multiline:
            # Browsers send \r\n but count one character per line break against maxlength.
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input; each is checked by `process_photo` in the form."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files if f]


class HeldPhotoChoice(forms.MultipleChoiceField):
    """The held photos (issues.pending_photos) ticked "remove", as ids.

    An id the key no longer holds (the photo's hour ran out) is left out quietly rather than
    reported as an invalid choice: the form shows what is still held.
    """

    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[int]:
        held = {str(choice) for choice, _label in self.choices}
        return [int(v) for v in self.to_python(value) if v in held]


class KeptCategories(ModelChoiceIterator):
    """The active categories as options, from the kept list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for category in intake_categories():
            yield self.choice(category)

    def __len__(self) -> int:
        return len(intake_categories()) + (self.field.empty_label is not None)


class CategoryField(forms.ModelChoiceField):
    """A citizen's choice of category: offered and checked against the kept active list.

    The QR form and its submission are the busiest pages; neither queries the categories.
    """

    iterator = KeptCategories

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Category.objects.filter(is_active=True), **kwargs)

    def to_python(self, value: Any) -> Category | None:
        if value in self.empty_values:
            return None
        for category in intake_categories():
            if str(category.pk) == str(value):
                return category
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


def normalise_phone(raw: str) -> str:
    """Digits of a mobile number as people type it: spaces, dashes and +86 are dropped."""
    digits = re.sub(r"[\s\-()]", "", raw)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


class SubmissionKeyField(forms.UUIDField):
    """The form's one-time key (a hidden UUID made with the page): see issues.services.

    Missing, it cleans to None: only a page rendered before forms carried a key sends none,
    and its POST is handled once as it was then (nothing to repeat against). Malformed, it
    is an error, and the form comes back with a new key so that sending again works.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)  # a callable: a new key for each page
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("This form is damaged or out of date. Please check it and send again.")},
        )
        super().__init__(**kwargs)

    def bound_data(self, data: Any, initial: Any) -> Any:
        return data if parse_key(data) is not None else initial


def parse_key(value: Any) -> uuid.UUID | None:
    """A form key as posted, or None if missing or malformed."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


STARTED_SALT = "issues.intake.started"
# A form left open longer than a day starts over, so an old page cannot be replayed forever.
STARTED_MAX_AGE = 24 * 3600


def new_started_token() -> str:
    """A signed record of when the form was handed out (the minimum-fill-time guard)."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


def started_at(token: str) -> float | None:
    """When the form was handed out, or None if the token was tampered with or expired."""
    try:
        value = signing.loads(token, salt=STARTED_SALT, max_age=STARTED_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int | float) else None


class IntakeForm(forms.Form):
    """What a citizen sends after scanning a station's or a deputy's QR code."""

    HONEYPOT = "homepage"

    category = CategoryField(
        label=_("Category"),
        empty_label=_("Choose a category"),
        error_messages={"required": _("Please choose a category.")},
    )
    text = PlainTextField(
        label=_("Your suggestion or problem"),
        multiline=True,
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What happened, since when, and what you would like done (10–2000 characters)."
        ),
        error_messages={
            "required": _("Please describe your suggestion or problem."),
            "min_length": _("Please write at least %(limit_value)d characters."),
            "max_length": _(
                "Please keep it to %(limit_value)d characters (you wrote %(show_value)d)."
            ),
        },
    )
    place = PlainTextField(
        label=_("Where (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: the road, residential compound or building."),
        error_messages={"max_length": _("Please keep it to %(limit_value)d characters.")},
    )
    # Cleaned before `photos`, which counts the held photos that stay.
    drop_kept = HeldPhotoChoice(required=False)
    photos = MultiplePhotoField(
        label=_("Photos (optional)"),
        required=False,
        # No `capture` attribute: with it, phones open only the camera, and a photo taken
        # earlier could not be chosen; without it they offer the camera and the album.
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    citizen_name = PlainTextField(
        label=_("Your name (optional)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Please keep it to %(limit_value)d characters.")},
    )
    citizen_phone = PlainTextField(
        label=_("Mobile phone (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
        help_text=_("So that staff can call you back. You can also find your issue with it."),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the notice above and agree that my name and phone are used for this issue."
        ),
        required=False,
    )
    # A field people never see: bots fill every input they find.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    submission_key = SubmissionKeyField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "Up to %(count)d photos, JPEG, PNG or WebP, each under %(mb)d MB."
        ) % {
            "count": settings.ISSUE_PHOTOS_MAX,
            "mb": settings.ISSUE_PHOTO_MAX_BYTES // (1024 * 1024),
        }
        # The photos held from an earlier try of this form, under the signed key it carries.
        signed = self.data.get("kept", "") if self.is_bound else ""
        self.kept = pending_photos.held(pending_photos.key_from(signed))
        self.kept_lost = bool(signed) and not self.kept.photos
        self.fields["drop_kept"].choices = [(photo.pk, photo.pk) for photo in self.kept.photos]
        # New photos that passed the checks, even when another field has an error.
        self.accepted_photos: list[ProcessedImage] = []

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.is_bound and self.data.get(self.HONEYPOT, "").strip())

    @property
    def started_token(self) -> str:
        """The token to render: the submitted one while it is valid, so waiting is enough."""
        submitted = self.data.get("started", "") if self.is_bound else ""
        if submitted and started_at(submitted) is not None:
            return submitted
        return new_started_token()

    @property
    def kept_ids(self) -> list[int]:
        """The held photos that stay with the form (not ticked "remove")."""
        dropped = set(self.cleaned_data.get("drop_kept") or ())
        return [photo.pk for photo in self.kept.photos if photo.pk not in dropped]

    @property
    def key_token(self) -> str:
        """The key to render: the submitted one while the page is valid (see started_token).

        A page that has expired starts over with a new key too: a day-old tab on a shared
        phone must not bring back the receipt, and the private link, of who sent it first.
        """
        if (
            self.is_bound
            and started_at(self.data.get("started", "")) is not None
            and not self.has_error(NON_FIELD_ERRORS, "key_reused")
        ):
            submitted = parse_key(self.data.get("submission_key", ""))
            if submitted is not None:
                return str(submitted)
        return str(uuid.uuid4())

    def clean_photos(self) -> list[ProcessedImage]:
        files = self.cleaned_data.get("photos") or []
        if len(files) + len(self.kept_ids) > settings.ISSUE_PHOTOS_MAX:
            raise ValidationError(
                _("You can attach at most %(count)d photos."),
                code="too_many_photos",
                params={"count": settings.ISSUE_PHOTOS_MAX},
            )
        processed, errors = [], []
        for number, upload in enumerate(files, start=1):
            try:
                processed.append(process_photo(upload))
            except ValidationError as exc:
                for message in exc.messages:
                    errors.append(
                        ValidationError(
                            _("Photo %(number)d: %(error)s"),
                            code="photo",
                            params={"number": number, "error": message},
                        )
                    )
        self.accepted_photos = processed
        if errors:
            raise ValidationError(errors)
        return processed

    def clean_citizen_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("citizen_phone", ""))
        if phone:
            mobile_validator(phone)
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        started = started_at(self.data.get("started", ""))
        if started is None:
            raise ValidationError(
                _("This page has expired. Please check your entries and send again."),
                code="expired",
            )
        if time.time() - started < settings.ISSUE_MIN_FILL_SECONDS:
            raise ValidationError(
                _("That was very fast. Please wait a moment and send again."), code="too_fast"
            )
        if (cleaned.get("citizen_name") or cleaned.get("citizen_phone")) and not cleaned.get(
            "consent"
        ):
            self.add_error(
                "consent",
                ValidationError(
                    _(
                        "Please agree to the notice, or leave name and phone empty to "
                        "send anonymously."
                    ),
                    code="consent",
                ),
            )
        return cleaned

    def submission(self) -> dict[str, Any]:
        """Keyword arguments for issues.services.issue_submit."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            "text": data["text"],
            "place": data["place"],
            "citizen_name": data["citizen_name"],
            "citizen_phone": data["citizen_phone"],
            "photos": data["photos"],
            "kept_photos_key": self.kept.key,
            "kept_photo_ids": self.kept_ids,
            "submission_key": data["submission_key"],
        }


class LookupForm(forms.Form):
    """Find an issue by its tracking number and the last four digits of the phone given."""

    tracking_number = PlainTextField(
        label=_("Tracking number"),
        max_length=24,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("As shown after you sent the issue, e.g. SN-2026-000042."),
        error_messages={"required": _("Please enter the tracking number.")},
    )
    phone_tail = forms.RegexField(
        label=_("Last 4 digits of your mobile phone"),
        regex=r"^\d{4}$",
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Please enter the last 4 digits of your mobile phone."),
            "invalid": _("Please enter 4 digits."),
        },
    )

    def clean_tracking_number(self) -> str:
        return self.cleaned_data["tracking_number"].strip().upper()


class RatingForm(forms.Form):
    """回访: how satisfied the citizen is with the answer."""

    CHOICES = [
        (Rating.SATISFIED, _("Satisfied")),
        (Rating.BASICALLY, _("Basically satisfied")),
        (Rating.UNSATISFIED, _("Not satisfied")),
    ]

    token = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(
        label=_("Are you satisfied with the answer?"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one of the answers.")},
    )
    comment = PlainTextField(
        label=_("Comment (optional)"),
        multiline=True,
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If you are not satisfied, the issue is reopened: tell us what is missing."),
        error_messages={"max_length": _("Please keep it to %(limit_value)d characters.")},
    )
