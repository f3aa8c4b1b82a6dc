"""The QR intake form: a citizen sends a suggestion or problem to a station or a deputy."""

import pytest
from django.urls import reverse

from issues.models import Issue, IssueEvent, IssuePhoto, Source, State
from tests import factories
from tests.issues.intake import TEXT, image_bytes, intake_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施", sort_order=1)


def station_form_url(station):
    return reverse("station-intake", args=[station.code])


def error_codes(response, field):
    """The codes of a field's errors: the wording comes from the catalogue, checked elsewhere."""
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


def test_station_page_has_a_button_to_the_intake_form(client, shinan_station):
    response = client.get(f"/s/{shinan_station.code}")
    assert f'<a class="cta" href="/s/{shinan_station.code}/submit/">' in response.text


def test_form_offers_active_categories_in_their_order(client, shinan_station, category):
    factories.CategoryFactory(name="环境卫生", sort_order=0)
    factories.CategoryFactory(name="已停用", is_active=False)
    response = client.get(station_form_url(shinan_station))
    choices = [label for value, label in response.context["form"].fields["category"].choices]
    assert choices[1:] == ["环境卫生", "市政设施"]


def test_valid_submission_stores_issue_event_and_photo(client, shinan_station, category):
    data = intake_data(category, place="八大关街道韶关路口")
    data["photos"] = [upload(image_bytes("PNG"))]
    client.post(station_form_url(shinan_station), data)
    issue = Issue.objects.get()
    assert (issue.station, issue.district, issue.source, issue.state) == (
        shinan_station,
        shinan_station.area.district,
        Source.STATION_QR,
        State.SUBMITTED,
    )
    assert (issue.text, issue.place, issue.category) == (TEXT, "八大关街道韶关路口", category)
    assert IssueEvent.objects.filter(issue=issue, action="submit", is_public=True).count() == 1
    assert IssuePhoto.objects.filter(issue=issue, purpose="intake").count() == 1


def test_submission_redirects_to_the_receipt(client, shinan_station, category):
    response = client.post(station_form_url(shinan_station), intake_data(category))
    assert response.status_code == 302
    assert response["Location"] == reverse("issue-receipt")


def test_deputy_submission_records_the_deputy_and_their_district(client, shinan_deputy, category):
    client.post(reverse("deputy-intake", args=[shinan_deputy.code]), intake_data(category))
    issue = Issue.objects.get()
    assert (issue.deputy, issue.district, issue.source, issue.station) == (
        shinan_deputy,
        shinan_deputy.district,
        Source.DEPUTY_QR,
        None,
    )


def test_code_in_the_url_is_case_insensitive(client, shinan_station, category):
    url = reverse("station-intake", args=[shinan_station.code.lower()])
    client.post(url, intake_data(category))
    assert Issue.objects.get().station == shinan_station


def test_inactive_station_has_no_intake_form(client, shinan_station):
    shinan_station.is_active = False
    shinan_station.save()
    assert client.get(station_form_url(shinan_station)).status_code == 404


def test_inactive_deputy_has_no_intake_form(client, shinan_deputy):
    shinan_deputy.is_active = False
    shinan_deputy.save()
    assert client.get(reverse("deputy-intake", args=[shinan_deputy.code])).status_code == 404


def test_anonymous_submission_needs_no_consent(client, shinan_station, category):
    client.post(station_form_url(shinan_station), intake_data(category))
    assert Issue.objects.get().is_anonymous


def test_name_and_phone_are_stored_with_consent(client, shinan_station, category):
    data = intake_data(category, citizen_name="王群众", citizen_phone="13712345678", consent="on")
    client.post(station_form_url(shinan_station), data)
    issue = Issue.objects.get()
    assert (issue.citizen_name, issue.citizen_phone) == ("王群众", "13712345678")


@pytest.mark.parametrize(
    "contact", [{"citizen_name": "王群众"}, {"citizen_phone": "13712345678"}], ids=["name", "phone"]
)
def test_name_or_phone_without_consent_is_refused(client, shinan_station, category, contact):
    response = client.post(station_form_url(shinan_station), intake_data(category, **contact))
    assert error_codes(response, "consent") == ["consent"]
    assert not Issue.objects.exists()


def test_phone_typed_with_spaces_and_country_code_is_stored_as_eleven_digits(
    client, shinan_station, category
):
    data = intake_data(category, citizen_phone="+86 137-1234 5678", consent="on")
    client.post(station_form_url(shinan_station), data)
    assert Issue.objects.get().citizen_phone == "13712345678"


@pytest.mark.parametrize("phone", ["12712345678", "1371234567", "0532-12345678", "电话"])
def test_not_a_mainland_mobile_is_refused_with_a_chinese_message(
    client, shinan_station, category, phone
):
    data = intake_data(category, citizen_phone=phone, consent="on")
    response = client.post(station_form_url(shinan_station), data)
    assert response.context["form"].errors["citizen_phone"] == [
        "请输入以 1 开头的 11 位大陆手机号码。"
    ]


@pytest.mark.parametrize("field", ["text", "place", "citizen_name", "citizen_phone"])
@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\u202e"])
def test_control_characters_are_refused_in_every_text_field(
    client, shinan_station, category, field, character
):
    value = {"text": TEXT, "place": "韶关路", "citizen_name": "王", "citizen_phone": "137"}[field]
    data = intake_data(category, consent="on", **{field: value[:2] + character + value[2:]})
    response = client.post(station_form_url(shinan_station), data)
    assert error_codes(response, field) == ["control_characters"]
    assert not Issue.objects.exists()


def test_newlines_and_tabs_are_kept_in_the_text(client, shinan_station, category):
    text = "第一行：路灯坏了。\r\n第二行：\t已经三个月。"
    client.post(station_form_url(shinan_station), intake_data(category, text=text))
    assert Issue.objects.get().text == "第一行：路灯坏了。\n第二行：\t已经三个月。"


@pytest.mark.parametrize("field", ["place", "citizen_name"])
def test_a_newline_in_a_one_line_field_is_refused(client, shinan_station, category, field):
    data = intake_data(category, consent="on", **{field: "第一行\n第二行"})
    response = client.post(station_form_url(shinan_station), data)
    assert error_codes(response, field) == ["control_characters"]


def test_text_shorter_than_ten_characters_is_refused(client, shinan_station, category):
    response = client.post(station_form_url(shinan_station), intake_data(category, text="路灯坏了"))
    assert error_codes(response, "text") == ["min_length"]


def test_text_longer_than_two_thousand_characters_is_refused(client, shinan_station, category):
    response = client.post(
        station_form_url(shinan_station), intake_data(category, text="长" * 2001)
    )
    assert error_codes(response, "text") == ["max_length"]


def test_an_inactive_category_cannot_be_chosen(client, shinan_station):
    retired = factories.CategoryFactory(name="已停用", is_active=False)
    response = client.post(station_form_url(shinan_station), intake_data(retired))
    assert error_codes(response, "category") == ["invalid_choice"]


def test_more_photos_than_allowed_are_refused(client, shinan_station, category, settings):
    settings.ISSUE_PHOTOS_MAX = 2
    data = intake_data(category)
    data["photos"] = [upload(image_bytes("PNG"), f"p{i}.png") for i in range(3)]
    response = client.post(station_form_url(shinan_station), data)
    assert error_codes(response, "photos") == ["too_many_photos"]
    assert not Issue.objects.exists()


def test_a_refused_form_keeps_what_the_citizen_typed(client, shinan_station, category):
    data = intake_data(category, place="韶关路口", citizen_phone="123", consent="on")
    response = client.post(station_form_url(shinan_station), data)
    assert TEXT in response.text and "韶关路口" in response.text


def test_a_form_whose_photos_were_all_refused_asks_to_choose_them_again(
    client, shinan_station, category
):
    data = intake_data(category)
    data["photos"] = [upload(b"<html>not a photo</html>", "photo.jpg")]
    response = client.post(station_form_url(shinan_station), data)
    assert response.context["photos_dropped"]


def test_a_refused_form_whose_photos_are_kept_does_not_ask_for_them_again(
    client, shinan_station, category
):
    data = intake_data(category, citizen_phone="123", consent="on")
    data["photos"] = [upload(image_bytes("PNG"))]
    response = client.post(station_form_url(shinan_station), data)
    assert not response.context["photos_dropped"]


def test_form_shows_the_personal_information_notice_before_sending(
    client, shinan_station, settings
):
    settings.PRIVACY_CONTROLLER = "市南区人大常委会代表工作室"
    settings.PRIVACY_CONTACT = "0532-88886666"
    settings.PRIVACY_RETENTION_YEARS = 3
    text = client.get(station_form_url(shinan_station)).text
    notice = text.index('id="privacy-notice"')
    assert notice < text.index('type="submit" class="cta"')
    assert "市南区人大常委会代表工作室" in text and "0532-88886666" in text
    assert "3" in text[notice : text.index('type="submit" class="cta"')]


def test_every_input_has_a_label(client, shinan_station):
    text = client.get(station_form_url(shinan_station)).text
    for name in ["category", "text", "place", "photos", "citizen_name", "citizen_phone", "consent"]:
        assert f'<label for="id_{name}"' in text


def test_photo_input_takes_several_images(client, shinan_station):
    text = client.get(station_form_url(shinan_station)).text
    assert 'accept="image/jpeg,image/png,image/webp"' in text
    assert 'type="file" name="photos"' in text and "multiple" in text


def test_field_errors_are_announced_with_the_field(client, shinan_station, category):
    data = intake_data(category, citizen_phone="123", consent="on")
    text = client.post(station_form_url(shinan_station), data).text
    assert 'id="id_citizen_phone_error"' in text
    assert 'aria-describedby="id_citizen_phone_helptext id_citizen_phone_error"' in text
    assert 'aria-invalid="true"' in text
