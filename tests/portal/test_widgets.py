"""The work queue's fast widgets write exactly the markup of Django's template widgets."""

from datetime import date, time

import pytest
from django import forms

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

CHOICES = [
    ("", "All"),
    (1, "a<b"),
    (2, "c&d"),
    ("group", [(3, "x"), (4, "y"), (None, "none")]),
    (None, "none"),
    (2, "c&d again"),
    (None, [(5, "nameless")]),
]


@pytest.mark.parametrize("value", [None, 2, 4, "", "group"])
def test_plain_select_renders_the_same_html_as_djangos_select(value):
    attrs = {"id": "id_deputy", "class": "filter", "required": True, "disabled": False}
    expected = forms.Select(choices=CHOICES, attrs=attrs).render("deputy", value)
    assert PlainSelect(choices=CHOICES, attrs=attrs).render("deputy", value) == expected


CHECK_CHOICES = [
    ("a", "a<b"),
    ("b", "c&d"),
    ("group", [("c", "x"), ("d", "y"), (None, "none")]),
    (None, "none"),
    (7, "七"),
    # Nameless groups: Django writes no wrapper, but numbers their boxes as a group's.
    (None, [("e", "e")]),
    ("", [("f", "f")]),
]


@pytest.mark.parametrize("value", [None, [], ["b"], ["a", "d"], ["d", "a", "c", "b"]])
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_state", "class": "checks"},
        {},
        # The id between other attributes; one left out, one alone, one needing escapes.
        {"data-x": 'a"b', "id": "id_<s>", "disabled": False, "required": True, "lang": "zh"},
        {"id": ""},
        {"class": "checks", "checked": True},
        {"id": "id_state", "checked": False},
    ],
)
def test_plain_checkbox_group_renders_the_same_html_as_djangos(value, attrs):
    expected = forms.CheckboxSelectMultiple(choices=CHECK_CHOICES, attrs=attrs).render(
        "state", value
    )
    plain = PlainCheckboxSelectMultiple(choices=CHECK_CHOICES, attrs=attrs)
    assert plain.render("state", value) == expected


@pytest.mark.parametrize("wrap_label", [False, True])
def test_each_plain_checkbox_renders_the_same_html_as_djangos(wrap_label):
    def boxes(widget_class):
        class StateForm(forms.Form):
            state = forms.MultipleChoiceField(choices=CHECK_CHOICES, widget=widget_class)

        field = StateForm({"state": ["a", "c"]})["state"]
        return [(box.tag(wrap_label=wrap_label), box.choice_label) for box in field]

    assert boxes(PlainCheckboxSelectMultiple) == boxes(forms.CheckboxSelectMultiple)


@pytest.mark.parametrize(
    ("plain_class", "django_class", "value", "attrs"),
    [
        (PlainTextInput, forms.TextInput, None, {"type": "search", "placeholder": "a<b"}),
        (PlainTextInput, forms.TextInput, 'say "hi" & <go>', {"id": "id_q"}),
        (PlainNumberInput, forms.NumberInput, 7, {"inputmode": "numeric", "min": 1}),
        (PlainNumberInput, forms.NumberInput, "", {"required": True, "disabled": False}),
        (PlainDateInput, forms.DateInput, date(2026, 3, 9), {"type": "date"}),
        (PlainDateInput, forms.DateInput, None, {"type": "date"}),
        (PlainTimeInput, forms.TimeInput, time(9, 5), {"type": "time"}),
        (PlainTimeInput, forms.TimeInput, "", {"type": "time"}),
        (PlainHiddenInput, forms.HiddenInput, "6f1c<&>", {"id": "id_key"}),
        (PlainTextarea, forms.Textarea, None, {"rows": 3, "maxlength": 2000}),
        (PlainTextarea, forms.Textarea, "", {"rows": 2}),
        (PlainTextarea, forms.Textarea, '第一行\n<b>"两"</b> & 三', {"id": "id_summary"}),
    ],
)
def test_plain_inputs_render_the_same_html_as_djangos(plain_class, django_class, value, attrs):
    expected = django_class(attrs=attrs).render("field", value)
    assert plain_class(attrs=attrs).render("field", value) == expected


@pytest.mark.django_db
def test_plain_select_of_a_model_field_matches_djangos_with_as_many_queries(
    django_assert_num_queries,
):
    from issues.models import Category
    from tests.factories import CategoryFactory

    CategoryFactory.create_batch(3)

    def rendered(widget_class, value) -> str:
        field = forms.ModelChoiceField(
            queryset=Category.objects.all(), empty_label="All", widget=widget_class
        )
        with django_assert_num_queries(1):
            return field.widget.render("category", value)

    chosen = Category.objects.first().pk
    for value in (None, chosen):
        assert rendered(PlainSelect, value) == rendered(forms.Select, value)


@pytest.mark.django_db
def test_plain_checkboxes_of_a_model_field_match_djangos_with_as_many_queries(
    django_assert_num_queries,
):
    from representatives.models import Deputy
    from tests.factories import DeputyFactory

    DeputyFactory(name="李<四>")
    DeputyFactory.create_batch(2)

    def rendered(widget_class, value) -> str:
        field = forms.ModelMultipleChoiceField(
            queryset=Deputy.objects.order_by("pk"), widget=widget_class
        )
        with django_assert_num_queries(1):
            return field.widget.render("fellow_deputies", value, {"id": "id_fellow_deputies"})

    first, *_, last = Deputy.objects.order_by("pk").values_list("pk", flat=True)
    for value in (None, [], [first], [first, last]):
        plain = rendered(PlainCheckboxSelectMultiple, value)
        assert plain == rendered(forms.CheckboxSelectMultiple, value)
    assert "李&lt;四&gt;" in plain


class LabelledForm(forms.Form):
    required_css_class = "required"
    name = forms.CharField(label='Name <"a">')
    why = forms.CharField(label="Why?", required=False)
    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"id": "the-day"}))
    boxes = forms.MultipleChoiceField(
        label="Boxes", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
    )


class PlainLabelledForm(PlainFormMixin, LabelledForm):
    pass


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("data", [None, {"name": "", "boxes": ["x"]}])
def test_plain_form_labels_and_errors_are_djangos(auto_id, data):
    django_form = LabelledForm(data, auto_id=auto_id)
    plain_form = PlainLabelledForm(data, auto_id=auto_id)
    for name in LabelledForm.base_fields:
        assert plain_form[name].label_tag() == django_form[name].label_tag()
        assert plain_form[name].label_tag(label_suffix="：", attrs={"class": "x"}) == (
            django_form[name].label_tag(label_suffix="：", attrs={"class": "x"})
        )
        assert str(plain_form[name].errors) == str(django_form[name].errors)
        assert plain_form[name].errors.__html__() == django_form[name].errors.__html__()
    assert str(plain_form) == str(django_form)


class RowForm(forms.Form):
    text = forms.CharField(required=False)


DjangoRows = forms.formset_factory(RowForm, extra=2, max_num=10)


class PlainRowsBase(PlainFormSetMixin, forms.BaseFormSet):
    pass


PlainRows = forms.formset_factory(RowForm, formset=PlainRowsBase, extra=2, max_num=10)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"row-TOTAL_FORMS": "3", "row-INITIAL_FORMS": "0", "row-0-text": "a"},
        # Tampered with: what the inputs show, and the formset's error, are Django's.
        {"row-TOTAL_FORMS": "x"},
    ],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_plain_management_form_inputs_are_djangos(data, auto_id):
    django_rows = DjangoRows(data, prefix="row", auto_id=auto_id)
    plain_rows = PlainRows(data, prefix="row", auto_id=auto_id)
    # The template writes each input; Django's form template writes them, stripped, together.
    written = "".join(str(field) for field in plain_rows.management_form)
    if django_rows.management_form.is_valid() or data is None:
        assert written == str(django_rows.management_form)
    for name in django_rows.management_form.fields:
        assert str(plain_rows.management_form[name]) == str(django_rows.management_form[name])
        assert isinstance(plain_rows.management_form.fields[name].widget, PlainHiddenInput)
    assert plain_rows.is_valid() == django_rows.is_valid()
    assert plain_rows.non_form_errors() == django_rows.non_form_errors()
    # The class's fields keep Django's widget: only the form's own copies are plain.
    assert not isinstance(
        type(plain_rows.management_form).base_fields["TOTAL_FORMS"].widget, PlainHiddenInput
    )
