"""Django's form widgets, written in Python rather than a template (and includes) per option.

Each writes exactly the markup of the Django widget it replaces (tests/portal/test_widgets.py).
Through the form renderer a checkbox or an option costs about 0.2 ms: a district's thousand
deputies took most of a list page's time, and of the phone's activity form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django import forms
from django.forms.formsets import ManagementForm
from django.forms.models import ModelChoiceIterator
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from portal.choices import KeptChoices, kept_fragment
from portal.markup import conditional_escape as escape


def _attrs(attrs: dict) -> SafeString:
    """HTML attributes as Django's attrs.html writes them (in order; True alone, False left out)."""
    return SafeString(
        "".join(
            f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class OneQueryChoices:
    """A model field's choices read with one plain SELECT when the widget renders.

    Django iterates them with queryset.iterator(): on PostgreSQL a server-side cursor
    (DECLARE, FETCH, CLOSE), three round trips for a list of a few dozen rows.
    """

    def listed_choices(self, value: list[str]) -> Iterable[tuple[object, object]]:
        """The choices to write for `value` (the chosen values as strings): a model field's
        read with one SELECT, others as they are."""
        everything = self.choices
        if not isinstance(everything, ModelChoiceIterator):
            return everything
        field = everything.field
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        return empty + [everything.choice(obj) for obj in everything.queryset.all()]

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        if not isinstance(everything, ModelChoiceIterator):
            return super().optgroups(name, value, attrs)
        self.choices = self.listed_choices(value)
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything


def _options(
    choices: Iterable[tuple[object, object]], value: list[str], *, multiple: bool
) -> Iterator[tuple[object, str, list[tuple[object, object, bool]]]]:
    """`ChoiceWidget.optgroups` without an option dictionary each: (group name or None,
    index, [(value, label, selected)]) a top-level choice, in Django's order and with its
    rule for what is selected (a single choice: the first match only)."""
    chosen = set(value)
    has_selected = False
    for index, (option_value, option_label) in enumerate(choices):
        if option_value is None:
            option_value = ""
        if isinstance(option_label, (list, tuple)):
            group_name, members = option_value, option_label
        else:
            group_name, members = None, ((option_value, option_label),)
        options = []
        for subvalue, sublabel in members:
            selected = (multiple or not has_selected) and str(subvalue) in chosen
            has_selected |= selected
            options.append((subvalue, sublabel, selected))
        yield group_name, str(index), options


def _plain(value: object) -> object:
    """An attribute's value as its markup depends on it (a lazy text translated), for a key."""
    return value if type(value) in (bool, int, str) else str(value)


class PlainSelect(OneQueryChoices, forms.Select):
    """Django's <select> markup, written in Python rather than one template per option.

    A district's deputy filter offers about a thousand names; through the option template
    that took most of the list page's time. The options are written straight from the
    choices, without the option dictionary Django builds for each. Options kept in the cache
    (`portal.choices.use_cached_choices`) have the whole <select> kept beside them.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = self.format_value(value)
        if isinstance(self.choices, KeptChoices):
            # Options from the cache: the whole <select> is kept beside them.
            vary = [name, [(key, _plain(given)) for key, given in attrs.items()], chosen]
            kept = self.choices
            markup = kept_fragment(
                f"select:{kept.name}", vary, kept.user, lambda: self._select(name, chosen, attrs)
            )
            return mark_safe(markup)  # what _select wrote
        return self._select(name, chosen, attrs)

    def _select(self, name: str, chosen: list[str], attrs: dict) -> SafeString:
        parts = [f'<select name="{escape(name)}"{_attrs(attrs)}>']
        groups = _options(
            self.listed_choices(chosen), chosen, multiple=self.allow_multiple_selected
        )
        for group_name, _index, options in groups:
            if group_name:  # as Django's templates: a nameless group has no wrapper
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>\n"
                for option_value, label, selected in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value and label escaped


def _input(widget: dict) -> SafeString:
    """An <input> as Django's input.html writes it (value only when there is one)."""
    value = widget["value"]
    shown = f' value="{escape(value)}"' if value is not None else ""
    return SafeString(
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _checkbox_option(option: dict) -> SafeString:
    """One option as checkbox_option.html (through input_option.html) writes it, unstripped.

    f-strings of escaped values: a district's thousand deputies are a thousand of these.
    """
    if not option["wrap_label"]:
        return SafeString(f"{_input(option)}\n\n\n")
    label_id = option["attrs"].get("id")
    label_for = f' for="{escape(label_id)}"' if label_id else ""
    return SafeString(f"<label{label_for}>{_input(option)}\n {escape(option['label'])}</label>\n\n")


class PlainCheckboxSelectMultiple(OneQueryChoices, forms.CheckboxSelectMultiple):
    """Django's checkbox group markup, written in Python rather than three templates per box.

    Both ways of rendering it are covered: the whole group (`{{ field }}`) and each box on
    its own (`{% for choice in field %}{{ choice.tag }}`, as the issue list's state filter does).
    The whole group is written straight from the choices: each box's attributes are the
    group's, written once, with the box's own id (`<id>_<index>`) and `checked`.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        group_attrs = self.build_attrs(self.attrs, attrs)
        if "checked" in group_attrs:  # a box's own `checked` would take its place among them
            return super().render(name, value, attrs, renderer)
        widget_id = group_attrs.get("id")
        css_class = group_attrs.get("class")
        parts = [
            "<div"
            + (f' id="{escape(widget_id)}"' if widget_id else "")
            + (f' class="{escape(css_class)}"' if css_class else "")
            + ">"
        ]
        box = f'<input type="checkbox" name="{escape(name)}"'
        if widget_id:
            # The group's attributes with the id's place marked: each box's id goes there.
            box_id = escape(widget_id)
            head, _, tail = _attrs({**group_attrs, "id": "\x00"}).partition(' id="\x00"')
        else:
            same = _attrs(group_attrs)
        chosen = self.format_value(value)
        groups = _options(self.listed_choices(chosen), chosen, multiple=True)
        for group_name, index, options in groups:
            if group_name:  # as Django's templates: a nameless group has no wrapper
                parts.append(f"\n  <div><label>{escape(group_name)}</label>")
            for position, (option_value, label, selected) in enumerate(options):
                if widget_id:
                    own = f"{index}_{position}" if group_name is not None else index
                    own_id = f"{box_id}_{own}"
                    opening, box_attrs = f'<label for="{own_id}">', f'{head} id="{own_id}"{tail}'
                else:
                    opening, box_attrs = "<label>", same
                shown = f' value="{escape(option_value)}"' if option_value is not None else ""
                checked = " checked" if selected else ""
                parts.append(
                    f"<div>\n    {opening}{box}{shown}{box_attrs}{checked}>\n"
                    f" {escape(label)}</label>\n\n</div>"
                )
            if group_name:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # every value and label escaped

    def _render(self, template_name, context, renderer=None) -> str:
        # BoundWidget.tag() (one box of `{% for choice in field %}`) renders through here;
        # Django's renderer strips what the template wrote, hence strip().
        if template_name == self.option_template_name:
            return mark_safe(_checkbox_option(context["widget"]).strip())
        return super()._render(template_name, context, renderer)


class PlainInputMixin:
    """Django's input.html markup, written in Python (a template and an include per field)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        return mark_safe(_input(self.get_context(name, value, attrs)["widget"]))  # format_html


class PlainTextInput(PlainInputMixin, forms.TextInput):
    """A text (or search) box rendered without the template engine."""


class PlainNumberInput(PlainInputMixin, forms.NumberInput):
    """A number box rendered without the template engine."""


class PlainDateInput(PlainInputMixin, forms.DateInput):
    """A date box rendered without the template engine."""


class PlainTimeInput(PlainInputMixin, forms.TimeInput):
    """A time box rendered without the template engine."""


class PlainHiddenInput(PlainInputMixin, forms.HiddenInput):
    """A hidden field rendered without the template engine."""


class PlainTextarea(forms.Textarea):
    """Django's textarea.html markup, written in Python (a template and an include)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        name, text = escape(widget["name"]), escape(widget["value"]) if widget["value"] else ""
        return mark_safe(f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{text}</textarea>')


class PlainErrorList(ErrorList):
    """Django's error list, which renders its template even when there is nothing in it."""

    def __str__(self) -> str:
        return super().__str__() if self.data else SafeString()

    __html__ = __str__


class PlainFormMixin:
    """A form whose labels are written in Python, and whose empty error lists write nothing.

    Django renders each `label_tag` through label.html (and its attrs include): on the
    activity form, sixteen labels were a tenth of the page's work. Same markup
    (tests/portal/test_widgets.py).
    """

    def __init__(self, *args, **kwargs):
        # A formset passes its own error_class (Django's ErrorList unless told otherwise).
        if kwargs.get("error_class", ErrorList) is ErrorList:
            kwargs["error_class"] = PlainErrorList
        super().__init__(*args, **kwargs)

    def render(self, template_name=None, context=None, renderer=None):
        if template_name is not None and template_name == self.template_name_label:
            label = escape(context["label"])
            if not context["use_tag"]:
                return mark_safe(label)
            tag = context["tag"]
            return mark_safe(f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>")
        return super().render(template_name, context, renderer)


class PlainFormSetMixin:
    """A formset whose management form writes its four hidden inputs in Python.

    Render them as `{% for field in formset.management_form %}{{ field }}{% endfor %}`
    (`{{ formset.management_form }}` renders the form's own template around them): through
    Django's templates, a template and an include per input, they were a tenth of the
    activity form's work. A management form that is missing or tampered with is reported by
    the formset's `non_form_errors`.
    """

    @cached_property
    def management_form(self) -> ManagementForm:
        form = super().management_form
        for field in form.fields.values():  # the form's own copies of its class's fields
            field.widget = PlainHiddenInput()
        return form
