"""A deputy's public page (/r/<code>), which the deputy's QR code opens: no personal data."""

import pytest
from django.urls import reverse

from representatives.models import Level, StationAssignment
from tests import factories

pytestmark = pytest.mark.django_db


def page(client, deputy):
    return client.get(reverse("deputy-public", args=[deputy.code]))


def test_deputy_page_shows_name_levels_and_stations(client, shinan_deputy, shinan_station):
    factories.MandateFactory(deputy=shinan_deputy, level=Level.CITY)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    response = page(client, shinan_deputy)
    assert shinan_deputy.name in response.text and shinan_station.name in response.text
    assert [m.level for m in response.context["deputy"].mandates.all()] == [Level.CITY]


def test_deputy_page_never_shows_the_phone(client, shinan_deputy):
    text = page(client, shinan_deputy).text
    assert shinan_deputy.phone not in text and shinan_deputy.phone[-4:] not in text


def test_deputy_page_does_not_reveal_the_home_community(client, shinan_deputy, shinan_station):
    factories.StationAssignmentFactory(
        deputy=shinan_deputy, station=shinan_station, role=StationAssignment.Role.HOME
    )
    assert shinan_station.name not in page(client, shinan_deputy).text


def test_deputy_page_leaves_out_inactive_stations(client, shinan_deputy, shinan_station):
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    shinan_station.is_active = False
    shinan_station.save()
    assert shinan_station.name not in page(client, shinan_deputy).text


def test_deputy_page_has_a_button_to_the_intake_form(client, shinan_deputy):
    text = page(client, shinan_deputy).text
    assert f'<a class="cta" href="/r/{shinan_deputy.code}/submit/">' in text


def test_inactive_deputy_page_is_404(client, shinan_deputy):
    shinan_deputy.is_active = False
    shinan_deputy.save()
    assert page(client, shinan_deputy).status_code == 404


def test_deputy_code_is_case_insensitive(client, shinan_deputy):
    assert client.get(f"/r/{shinan_deputy.code.lower()}").status_code == 200


def test_deputy_url_survives_renaming(client, shinan_deputy):
    url = f"/r/{shinan_deputy.code}"
    shinan_deputy.name = "张新名"
    shinan_deputy.save()
    assert "张新名" in client.get(url).text


def test_deputy_page_query_count_is_fixed(client, shinan_deputy, django_assert_max_num_queries):
    for level in Level.values:
        factories.StationAssignmentFactory(
            deputy=shinan_deputy,
            station=factories.StationFactory(
                area=factories.SubdistrictFactory(parent=shinan_deputy.district)
            ),
        )
        factories.MandateFactory(deputy=shinan_deputy, level=level)
    with django_assert_max_num_queries(3):
        page(client, shinan_deputy)


def test_deputy_page_lists_levels_from_national_down(client, shinan_deputy):
    for level in (Level.TOWNSHIP, Level.NATIONAL, Level.CITY):
        factories.MandateFactory(deputy=shinan_deputy, level=level)
    mandates = page(client, shinan_deputy).context["deputy"].mandates.all()
    assert [m.level for m in mandates] == [Level.NATIONAL, Level.CITY, Level.TOWNSHIP]
