"""A <select> whose options are kept (portal.choices) is kept whole, and never goes stale.

The activity form's type, station and category lists are the same markup on every load of
the form; `PlainSelect` keeps what it wrote beside the options, per user, language, field,
attributes and chosen value, and writes it again when a row behind the options changes.
"""

import pytest
from django import forms

from issues.models import Category
from portal.choices import use_cached_choices
from portal.widgets import PlainSelect
from tests import factories

pytestmark = pytest.mark.django_db


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=PlainSelect(attrs={"class": "x"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        use_cached_choices(self.fields["category"], name="test-category", user=user)


def fresh(form: CategoryForm) -> str:
    """What the field writes with its options read from the database, nothing kept."""
    field = form.fields["category"]
    field.widget = PlainSelect(attrs={"class": "x"}, choices=field.choices)
    return str(form["category"])


@pytest.fixture
def categories():
    return [factories.CategoryFactory(name=name) for name in ("道路", "绿化<&>")]


def test_the_kept_select_is_what_django_would_write(
    shinan_staff, categories, django_assert_num_queries
):
    first = str(CategoryForm(user=shinan_staff)["category"])
    with django_assert_num_queries(0):
        kept = str(CategoryForm(user=shinan_staff)["category"])
    assert kept == first == fresh(CategoryForm(user=shinan_staff))
    assert "绿化&lt;&amp;&gt;" in kept and 'class="x"' in kept


def test_a_chosen_value_is_selected_not_the_kept_copys(shinan_staff, categories):
    str(CategoryForm(user=shinan_staff)["category"])  # nothing chosen, kept
    chosen = CategoryForm({"category": categories[1].pk}, user=shinan_staff)
    markup = str(chosen["category"])
    assert markup == fresh(CategoryForm({"category": categories[1].pk}, user=shinan_staff))
    assert f'<option value="{categories[1].pk}" selected>' in markup


def test_a_changed_row_is_written_at_once(shinan_staff, categories):
    str(CategoryForm(user=shinan_staff)["category"])
    categories[0].name = "道路交通"
    categories[0].save()
    factories.CategoryFactory(name="新类别")
    markup = str(CategoryForm(user=shinan_staff)["category"])
    assert "道路交通" in markup and "新类别" in markup
    assert markup == fresh(CategoryForm(user=shinan_staff))


def test_each_name_and_attribute_has_its_own(shinan_staff, categories):
    str(CategoryForm(user=shinan_staff)["category"])
    other_id = str(CategoryForm(user=shinan_staff, auto_id="other_%s")["category"])
    prefixed = str(CategoryForm(user=shinan_staff, prefix="row")["category"])
    assert 'id="other_category"' in other_id
    assert '<select name="row-category"' in prefixed and 'id="id_row-category"' in prefixed
    # Each deputy's own stations: tests/representatives/test_activity_form_choices.py.


def test_without_the_cache_it_is_written_each_time(cache_down, shinan_staff, categories):
    markup = str(CategoryForm(user=shinan_staff)["category"])
    assert markup == fresh(CategoryForm(user=shinan_staff))
