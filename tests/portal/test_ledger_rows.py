"""`{% ledger_rows %}` writes exactly what the duty ledger's row loop in the template wrote.

The loop read four models a row; the tag reads `LedgerRow` values. Each row below is given
to both, as the models the loop read and as the values the ledger now reads of them.
"""

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.dashboard import LedgerRow
from representatives.models import Activity, ActivityType, Deputy
from stations.models import Station

# The ledger template's former row loop, verbatim (hence its long lines).
# ruff: noqa: E501
OLD_ROWS = """{% load i18n %}
  {% translate "Date" as l_date %}{% translate "Type" as l_type %}{% translate "Deputy" as l_deputy %}{% translate "Station or place" as l_place %}{% translate "Participants (人次)" as l_participants %}{% translate "Households" as l_households %}{% translate "Summary" as l_summary %}
  {% for activity in activities %}
    <tr>
      <th scope="row" data-label="{{ l_date }}"><span class="cell"><a href="{{ activity.change_url }}"><time datetime="{{ activity.date|date:'Y-m-d' }}">{{ activity.date|date:"Y-m-d" }}</time></a></span></th>
      <td data-label="{{ l_type }}"><span class="cell">{{ activity.type.name }}</span></td>
      <td data-label="{{ l_deputy }}"><span class="cell">{{ activity.deputy.name }}</span></td>
      <td data-label="{{ l_place }}"><span class="cell">{% if activity.station %}{{ activity.station.name }}{% else %}{{ activity.place|default:"–" }}{% endif %}</span></td>
      <td class="num" data-label="{{ l_participants }}"><span class="cell">{{ activity.participants }}</span></td>
      <td class="num" data-label="{{ l_households }}"><span class="cell">{{ activity.households }}</span></td>
      <td data-label="{{ l_summary }}"{% if not activity.summary %} class="cell-empty"{% endif %}><span class="cell">{{ activity.summary|truncatechars:60 }}</span></td>
    </tr>
  {% endfor %}
"""


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def between_tags(markup: str) -> str:
    """The markup without the template's indentation and line breaks between tags."""
    return re.sub(r">\s+<", "><", markup.strip())


def activity(pk: int, **fields) -> Activity:
    values = {
        "date": date(2026, 3, 9),
        "participants": 1234,
        "households": 0,
        "summary": "",
        "place": "",
    }
    values.update(fields)
    row = Activity(pk=pk, **values)
    row.type = ActivityType(pk=1, name="接待选民")
    row.deputy = Deputy(pk=1, name="张<三>")
    row.change_url = f"/admin/representatives/activity/{pk}/change/?a=1&b=2"
    return row


def as_row(activity: Activity) -> LedgerRow:
    """The values `Ledger.activities` reads of `activity`."""
    station = activity.station.name if activity.station_id else None
    return LedgerRow(
        date=activity.date,
        type_name=activity.type.name,
        deputy_name=activity.deputy.name,
        venue=Activity.venue_from(station, activity.place),
        participants=activity.participants,
        households=activity.households,
        summary=activity.summary,
        change_url=activity.change_url,
    )


ROWS = [
    activity(1, station=Station(pk=7, name="八大关街道代表之家 & 联络站")),
    activity(2, place="社区广场", summary="听取意见" * 20),
    activity(3, summary='<b>"路灯"</b>', households=12),
    activity(4),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_ledger_rows_write_what_the_template_loop_wrote(language):
    with translation.override(language):
        rows = [as_row(activity) for activity in ROWS]
        new = render("{% load ledger_tags %}{% ledger_rows activities %}", activities=rows)
        old = render(OLD_ROWS, activities=ROWS)
    assert between_tags(new) == between_tags(old)
    assert new.count("<tr>") == len(ROWS)
    assert "&lt;三&gt;" in new and '<span class="cell">–</span>' in new
    assert "听取意见" * 20 not in new  # cut


def test_no_activities_write_no_rows():
    assert render("{% load ledger_tags %}{% ledger_rows activities %}", activities=[]) == ""
