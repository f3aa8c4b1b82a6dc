"""Workbench sign-in: a username, or a deputy's mainland mobile number, with throttling."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal import ratelimit
from portal.personal_data import MOBILE_PATTERN

MOBILE = re.compile(MOBILE_PATTERN)


def username_for(identifier: str) -> str:
    """The username a mobile number signs in as (a deputy's linked login), else `identifier`."""
    from representatives.models import Deputy

    digits = re.sub(r"[\s-]", "", identifier)
    if digits.startswith("+86"):
        digits = digits[3:]
    if not MOBILE.match(digits):
        return identifier
    username = (
        Deputy.objects.filter(phone=digits, user__isnull=False)
        .values_list("user__username", flat=True)
        .first()
    )
    # An unknown number goes on as itself and fails like any wrong password: the message
    # must not tell whether an account exists.
    return username or digits


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with phone numbers resolved and attempts rate-limited."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The phone number or username and password do not match. Please try again."
        ),
        "throttled": _("Too many attempts. Please wait %(minutes)s minutes and try again."),
    }

    def clean(self):
        identifier = (self.cleaned_data.get("username") or "").strip()
        for scope, identity in (
            ("login_ip", ratelimit.client_ip(self.request) if self.request else ""),
            ("login_identity", identifier.lower()),
        ):
            verdict = ratelimit.hit(scope, identity)
            if not verdict.allowed:
                raise forms.ValidationError(
                    self.error_messages["throttled"],
                    code="throttled",
                    params={"minutes": max(1, -(-verdict.retry_after // 60))},
                )
        if identifier:
            self.cleaned_data["username"] = username_for(identifier)
        return super().clean()
