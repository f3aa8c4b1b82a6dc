"""Inputs in the admin's tables (tabular inlines, list_editable) are named by their column."""

import re

import pytest
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db


def aria_labels(html: str, id_prefix: str) -> dict[str, str]:
    """Each input or select whose id starts with `id_prefix`: its aria-label ('' if none)."""
    labels = {}
    for tag in re.findall(r"<(?:input|select)\b[^>]*>", html):
        found = re.search(r'\bid="([^"]+)"', tag)
        if found and found.group(1).startswith(id_prefix) and 'type="hidden"' not in tag:
            label = re.search(r'\baria-label="([^"]*)"', tag)
            labels[found.group(1)] = label.group(1) if label else ""
    return labels


def test_a_station_registration_rows_inputs_carry_their_column_headings(
    client, shinan_staff, shinan_station, shinan_deputy
):
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    client.force_login(shinan_staff)
    with translation.override("zh-hans"):
        html = client.get(f"/admin/stations/station/{shinan_station.pk}/change/").text
    assert aria_labels(html, "id_assignments-0-") == {
        "id_assignments-0-deputy": "人大代表",
        "id_assignments-0-role": "角色",
        "id_assignments-0-since": "起始日期",
        "id_assignments-0-confirmed_at_0": "代表确认时间（日期）",
        "id_assignments-0-confirmed_at_1": "代表确认时间（时间）",
        "id_assignments-0-DELETE": "删除",
    }


def test_the_activity_types_editable_columns_are_named(client, superuser):
    factories.ActivityTypeFactory(name="接待选民")
    client.force_login(superuser)
    with translation.override("zh-hans"):
        html = client.get("/admin/representatives/activitytype/").text
    assert set(aria_labels(html, "id_form-0-").values()) == {"排序", "启用"}
