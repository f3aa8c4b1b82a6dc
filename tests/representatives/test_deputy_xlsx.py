"""Deputies to and from Excel in the admin: export scope and filters, import preview → confirm."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from representatives.exports import DEPUTY_COLUMNS
from representatives.models import Deputy, Level, Mandate
from tests import factories

EXPORT = reverse("admin:representatives_deputy_export")
IMPORT = reverse("admin:representatives_deputy_import")
# The headers in the portal's default language (姓名, 所属区, 层级 … once the catalogue has them).
with translation.override("zh-hans"):
    HEADERS = [str(column.header) for column in DEPUTY_COLUMNS]
TITLE = dict(zip([column.key for column in DEPUTY_COLUMNS], HEADERS, strict=True))


def _rows(response):
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _xlsx(rows, name="deputies.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _preview(client, rows):
    return client.post(IMPORT, {"file": _xlsx(rows)})


def _token(response):
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def _import(client, rows):
    """Upload, then confirm the preview; the confirm response (or the failed preview)."""
    preview = _preview(client, rows)
    token = _token(preview)
    if token is None:
        return preview
    return client.post(IMPORT, {"token": token})


@pytest.fixture
def admin_client_staff(client, shinan_staff):
    client.force_login(shinan_staff)
    return client


@pytest.fixture
def law(db):
    return factories.SpecialtyFactory(name="法律")


@pytest.fixture
def full_deputy(shinan, shinan_deputy, shinan_station, law):
    """张市南: two levels, a specialty, a party member, in a group and resident at a station."""
    factories.MandateFactory(deputy=shinan_deputy, level=Level.CITY)
    factories.MandateFactory(deputy=shinan_deputy, level=Level.COUNTY)
    shinan_deputy.specialties.add(law)
    shinan_deputy.sector = "professional"
    shinan_deputy.is_party_member = True
    shinan_deputy.save()
    group = factories.DeputyGroupFactory(name="八大关代表组", area=shinan_station.area)
    group.members.add(shinan_deputy)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    return shinan_deputy


# ----- export ---------------------------------------------------------------------------------


def test_export_headers_are_chinese(admin_client_staff, full_deputy):
    assert _rows(admin_client_staff.get(EXPORT))[0] == HEADERS


def test_export_row_lists_levels_specialties_groups_and_stations(admin_client_staff, full_deputy):
    row = _rows(admin_client_staff.get(EXPORT))[1]
    assert row[:8] == [
        "张市南",
        "市南区",
        "市人大代表、区（县）人大代表",
        "专业技术人员",
        "法律",
        "是",
        "八大关代表组",
        "新就业群体专业化代表联络站",
    ]


def test_export_masks_the_phone(admin_client_staff, full_deputy):
    assert _rows(admin_client_staff.get(EXPORT))[1][8] == "138****1111"


def test_staff_export_only_their_district(admin_client_staff, shinan_deputy, laoshan_deputy):
    names = [row[0] for row in _rows(admin_client_staff.get(EXPORT))[1:]]
    assert names == ["张市南"]


def test_staff_cannot_export_other_district_through_its_filter(
    admin_client_staff, laoshan, shinan_deputy, laoshan_deputy
):
    rows = _rows(admin_client_staff.get(EXPORT, {"district": laoshan.pk}))
    assert [row[0] for row in rows[1:]] == []


def test_export_follows_the_changelist_filters(admin_client_staff, shinan):
    factories.DeputyFactory(name="党员甲", district=shinan, is_party_member=True)
    factories.DeputyFactory(name="群众乙", district=shinan, is_party_member=False)
    rows = _rows(admin_client_staff.get(EXPORT, {"is_party_member__exact": "1"}))
    assert [row[0] for row in rows[1:]] == ["党员甲"]


def test_export_follows_the_changelist_search(admin_client_staff, shinan):
    factories.DeputyFactory(name="王法官", district=shinan)
    factories.DeputyFactory(name="李医生", district=shinan)
    rows = _rows(admin_client_staff.get(EXPORT, {"q": "医生"}))
    assert [row[0] for row in rows[1:]] == ["李医生"]


def test_formula_in_a_name_is_exported_as_text(admin_client_staff, shinan):
    factories.DeputyFactory(name="=1+2", district=shinan)
    assert _rows(admin_client_staff.get(EXPORT))[1][0] == "'=1+2"


def test_export_needs_view_permission(client, shinan, shinan_deputy):
    clerk = factories.UserFactory(is_staff=True)  # admin access, no role, no permission
    client.force_login(clerk)
    assert client.get(EXPORT).status_code == 403


def test_export_queries_do_not_grow_per_deputy(admin_client_staff, shinan, shinan_station, law):
    def count():
        with CaptureQueriesContext(connection) as captured:
            _rows(admin_client_staff.get(EXPORT))
        return len(captured)

    factories.DeputyFactory(district=shinan)
    few = count()
    for _ in range(8):
        deputy = factories.DeputyFactory(district=shinan)
        factories.MandateFactory(deputy=deputy)
        deputy.specialties.add(law)
        factories.StationAssignmentFactory(deputy=deputy, station=shinan_station)
    assert count() == few


def test_changelist_shows_export_and_import_buttons(admin_client_staff, shinan_deputy):
    page = admin_client_staff.get(reverse("admin:representatives_deputy_changelist")).content
    assert EXPORT.encode() in page and IMPORT.encode() in page


# ----- import ---------------------------------------------------------------------------------


def _snapshot(deputy):
    return (
        deputy.name,
        deputy.district_id,
        sorted(deputy.mandates.values_list("level", flat=True)),
        deputy.sector,
        sorted(deputy.specialties.values_list("name", flat=True)),
        deputy.is_party_member,
        deputy.is_active,
    )


def test_export_then_import_gives_back_the_same_deputies(admin_client_staff, full_deputy, shinan):
    other = factories.DeputyFactory(name="赵在任", district=shinan, is_active=False)
    before = sorted(_snapshot(d) for d in (full_deputy, other))
    sheet = _rows(admin_client_staff.get(EXPORT))
    Deputy.objects.filter(district=shinan).delete()

    response = _import(admin_client_staff, sheet)

    assert response.status_code == 302
    assert sorted(_snapshot(d) for d in Deputy.objects.filter(district=shinan)) == before


def test_masked_phone_from_an_export_is_not_stored(admin_client_staff, shinan_deputy, shinan):
    sheet = _rows(admin_client_staff.get(EXPORT))
    Deputy.objects.all().delete()
    _import(admin_client_staff, sheet)
    assert Deputy.objects.get().phone == ""


def test_import_creates_deputies_with_a_valid_phone(admin_client_staff, shinan):
    _import(admin_client_staff, [["姓名", "手机号"], ["钱新", "13512345678"]])
    assert Deputy.objects.get(name="钱新").phone == "13512345678"


def test_blank_district_means_the_staff_district(admin_client_staff, shinan):
    _import(admin_client_staff, [["姓名"], ["孙空白"]])
    assert Deputy.objects.get(name="孙空白").district == shinan


def test_preview_writes_nothing(admin_client_staff, shinan):
    response = _preview(admin_client_staff, [["姓名"], ["周预览"]])
    assert response.status_code == 200 and not Deputy.objects.exists()


def test_preview_shows_rows_and_a_confirm_button(admin_client_staff, shinan):
    response = _preview(admin_client_staff, [["姓名"], ["周预览"]])
    assert "周预览" in response.content.decode() and _token(response)


def test_staff_cannot_import_into_another_district(client, laoshan_staff, shinan):
    client.force_login(laoshan_staff)
    response = _import(client, [["姓名", "所属区"], ["吴越界", "市南区"]])
    assert "崂山区" in response.content.decode() and not Deputy.objects.exists()


def test_one_bad_row_means_nothing_is_imported(admin_client_staff, shinan):
    response = _import(
        admin_client_staff, [["姓名", "手机号"], ["郑好", "13512345678"], ["王坏", "12345"]]
    )
    assert _token(response) is None and not Deputy.objects.exists()


def test_row_errors_name_the_row_and_column(admin_client_staff, shinan):
    response = _preview(admin_client_staff, [["姓名", "手机号"], ["郑好", ""], ["王坏", "12345"]])
    assert re.search(r"第\s*3\s*行|Row 3", response.content.decode())
    assert response.context["errors"][0].row == 3
    assert response.context["errors"][0].column == TITLE["phone"]


def test_a_name_already_in_the_district_is_a_row_error(admin_client_staff, shinan_deputy):
    response = _preview(admin_client_staff, [["姓名"], ["张市南"]])
    assert [e.row for e in response.context["errors"]] == [2]


def test_a_name_twice_in_the_file_is_a_row_error(admin_client_staff, shinan):
    response = _preview(admin_client_staff, [["姓名"], ["冯双"], ["冯双"]])
    assert [e.row for e in response.context["errors"]] == [3]


def test_unknown_specialty_level_and_yes_no_are_row_errors(admin_client_staff, shinan):
    response = _preview(
        admin_client_staff,
        [["姓名", "层级", "专长", "党员"], ["陈错", "月球人大代表", "占星", "也许"]],
    )
    expected = sorted(TITLE[key] for key in ("levels", "specialties", "is_party_member"))
    assert sorted(e.column for e in response.context["errors"]) == expected


def test_unknown_extra_columns_are_ignored(admin_client_staff, shinan):
    _import(admin_client_staff, [["姓名", "备注"], ["褚额外", "随便写"]])
    assert Deputy.objects.filter(name="褚额外").exists()


def test_english_headers_are_accepted(admin_client_staff, shinan):
    _import(admin_client_staff, [["Name", "Congress levels"], ["卫英", "city (市)"]])
    assert list(Mandate.objects.values_list("level", flat=True)) == [Level.CITY]


def test_confirm_checks_again_and_writes_nothing_if_a_name_was_taken(admin_client_staff, shinan):
    preview = _preview(admin_client_staff, [["姓名"], ["蒋抢先"], ["沈其后"]])
    factories.DeputyFactory(name="蒋抢先", district=shinan)
    response = admin_client_staff.post(IMPORT, {"token": _token(preview)})
    assert response.status_code == 400
    assert not Deputy.objects.filter(name="沈其后").exists()


def test_an_altered_token_is_refused(admin_client_staff, shinan):
    token = _token(_preview(admin_client_staff, [["姓名"], ["韩改"]]))
    response = admin_client_staff.post(IMPORT, {"token": token[:-2] + "xx"})
    assert response.status_code == 302 and not Deputy.objects.exists()


def test_another_users_token_is_refused(admin_client_staff, client, shinan):
    token = _token(_preview(admin_client_staff, [["姓名"], ["杨借"]]))
    client.force_login(factories.StaffFactory(district=shinan))
    client.post(IMPORT, {"token": token})
    assert not Deputy.objects.exists()


def test_a_file_that_is_not_xlsx_gets_a_clear_error(admin_client_staff, shinan):
    upload = SimpleUploadedFile("deputies.csv", "姓名\n张三\n".encode())
    response = admin_client_staff.post(IMPORT, {"file": upload})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()


def test_import_needs_add_permission(client, shinan):
    viewer = factories.UserFactory(is_staff=True)
    client.force_login(viewer)
    assert client.get(IMPORT).status_code == 403


def test_import_page_renders_for_staff(admin_client_staff):
    assert admin_client_staff.get(IMPORT).status_code == 200


def test_a_sheet_without_the_name_column_gets_one_sheet_error(admin_client_staff, shinan):
    response = _preview(admin_client_staff, [["备注"], ["甲"], ["乙"]])
    assert [(e.row, e.column) for e in response.context["errors"]] == [(0, TITLE["name"])]


def test_superuser_must_name_the_district(client, superuser, shinan):
    client.force_login(superuser)
    response = _preview(client, [["姓名"], ["许无区"]])
    assert [e.column for e in response.context["errors"]] == [TITLE["district"]]


def test_superuser_imports_into_the_named_district(client, superuser, shinan, laoshan):
    client.force_login(superuser)
    _import(client, [["姓名", "所属区"], ["何崂山", "崂山区"]])
    assert Deputy.objects.get(name="何崂山").district == laoshan
