"""Admin POST data built the way a browser builds it: from the form the admin rendered."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.test import Client

AUTOCOMPLETE_URL = "/admin/autocomplete/"


def form_data(client: Client, url: str) -> dict[str, object]:
    """GET the admin add/change form at `url`; return what submitting it unchanged would send.

    Covers the main form and every inline formset, management forms included.
    """
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    data = _initial_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _initial_data(formset.management_form)
        for form in formset.forms:
            data |= _initial_data(form)
    return data


def inline_row(data: dict[str, object], prefix: str, **fields: object) -> dict[str, object]:
    """`data` with one more (new) row in the inline formset `prefix`."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    row = {f"{prefix}-{total}-{name}": value for name, value in fields.items()}
    return {**data, **row, f"{prefix}-TOTAL_FORMS": str(total + 1)}


def autocomplete_texts(client: Client, **params: str) -> list[str]:
    """The texts the admin autocomplete offers for `params` (app_label, model_name, …)."""
    response = client.get(AUTOCOMPLETE_URL, params)
    assert response.status_code == 200, f"autocomplete answered {response.status_code}"
    return [result["text"] for result in response.json()["results"]]


def _initial_data(form: forms.BaseForm) -> dict[str, object]:
    data: dict[str, object] = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, datetime.date | Decimal | int):
            data[key] = str(value)
        else:
            data[key] = value
    return data
