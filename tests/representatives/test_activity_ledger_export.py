"""The ledger page's "Export to Excel" downloads what the page shows, through its own URL."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

EXPORT = reverse("dashboard:activity-export")


def exported_summaries(response) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    column = header.index("概要")
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_ledger_links_to_the_export_with_its_filters(staff_client):
    html = staff_client.get(reverse("dashboard:activities"), {"q": "走访"}).content.decode()
    assert f'href="{EXPORT}?q=%E8%B5%B0%E8%AE%BF"' in html


def test_export_url_gives_the_filtered_ledger_of_the_users_district(
    staff_client, shinan_deputy, laoshan_deputy
):
    factories.ActivityFactory(deputy=shinan_deputy, summary="走访独居老人")
    factories.ActivityFactory(deputy=shinan_deputy, summary="接待居民")
    factories.ActivityFactory(deputy=laoshan_deputy, summary="走访企业")
    response = staff_client.get(EXPORT, {"q": "走访"})
    assert response.status_code == 200
    assert exported_summaries(response) == ["走访独居老人"]


def test_deputies_cannot_export_the_ledger(client, shinan):
    client.force_login(factories.DeputyUserFactory(district=shinan))
    assert client.get(EXPORT).status_code == 403
