"""No input answers 5xx: every GET view, as every role, with arbitrary query strings and paths.

The views are found by walking the URL resolver (the admin's with them), so a new view is
covered without editing this module. Each view gets arbitrary values under the parameter
names it is known to read: those of every FilterSet, those the page's own forms and links
send (read from the page itself), and an admin list's filter, search, sort and paging keys;
and arbitrary names too. A value may be anything a browser can send: non-numeric or huge
ids, out-of-range dates, NUL characters, long strings, repeated keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import django_filters
import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests import factories

ROLES = ("anonymous", "superuser", "district_staff", "deputy", "department")

# Admin changelist keys besides each filter's own: search, sort, page, show all, the popup and
# to-field keys, the error flag, and the filters a change form carries back to the list.
ADMIN_LIST_KEYS = (SEARCH_VAR, ORDER_VAR, PAGE_VAR, "all", "e", "_popup", "_to_field")
ADMIN_OBJECT_KEYS = ("_changelist_filters", "_popup", "_to_field")

# Values that broke, or could break, a page: ids that are no number or too large for the
# database, dates outside any calendar the database keeps, NUL, digits that are not ASCII.
AWKWARD_VALUES = (
    "",
    " ",
    "abc",
    "1.5",
    "-1",
    "0",
    "+1",
    "1e3",
    "0x10",
    " 7 ",
    "99999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "9999",
    "10000",
    "²",
    "٣",
    "１",
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2026-02-30",
    "10000-01-01",
    "2026-13",
    "99999-01",
    "2026-W01",
    "\x00",
    "1\x00",
    "a" * 3000,
    "-",
    "--",
    "'",
    '"',
    "%",
    "<b>",
    "true",
    "null",
    "[]",
    "-pk",
    "-submitted_at",
    "1.2.3",
    "0.0",
    "nan",
    "inf",
    "-0",
)


@dataclass(frozen=True)
class Target:
    """One URL pattern to request: its route as pieces (text, or a converter to fill in)."""

    id: str
    pieces: tuple[tuple[str, str], ...]  # ("text", "work/issues/") or (kind, regex or name)
    model_label: str | None = None  # an admin URL's model ("app_label.model_name")
    admin_list: bool = False


ROUTE_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def _pieces(pattern) -> list[tuple[str, str]]:
    """A route's pieces: ("text", literal), (converter, name), or ("regex", a group's regex)."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        matches = [(m, (m["kind"] or "str", m["name"])) for m in ROUTE_CONVERTER.finditer(route)]
    else:
        route = pattern.regex.pattern.removeprefix("^").removesuffix("$")
        matches = [(m, ("regex", m["body"])) for m in REGEX_GROUP.finditer(route)]
    pieces, position = [], 0
    for match, piece in matches:
        pieces += [("text", route[position : match.start()].replace("\\", "")), piece]
        position = match.end()
    pieces.append(("text", route[position:].replace("\\", "")))
    return [piece for piece in pieces if piece != ("text", "")]


def _targets() -> list[Target]:
    """Every URL pattern, the admin's included, as a Target."""
    admin_models = {
        f"{model._meta.app_label}/{model._meta.model_name}/": model
        for model in admin.site._registry
    }
    found = []

    def walk(patterns, prefix: list[tuple[str, str]]) -> None:
        for pattern in patterns:
            pieces = prefix + _pieces(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pieces)
                continue
            assert isinstance(pattern, URLPattern)
            route = "".join(value if kind == "text" else f"<{kind}>" for kind, value in pieces)
            model = next(
                (m for prefix_, m in admin_models.items() if route.startswith(f"admin/{prefix_}")),
                None,
            )
            label = model._meta.label_lower if model else None
            admin_list = model is not None and pattern.name == (
                f"{model._meta.app_label}_{model._meta.model_name}_changelist"
            )
            found.append(Target(route or "/", tuple(pieces), label, admin_list))

    walk(get_resolver().url_patterns, [])
    return found


TARGETS = _targets()


def _filterset_names() -> set[str]:
    """Every filter of every FilterSet, with the suffixes a widget of several inputs sends."""
    names, pending = set(), list(django_filters.FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        for name in filterset.base_filters:
            names.update({name, f"{name}_0", f"{name}_1", f"{name}_after", f"{name}_before"})
    return names


FILTERSET_NAMES = sorted(_filterset_names())


def _admin_list_names(model_label: str, user) -> set[str]:
    """An admin changelist's own keys: each list filter's, the date hierarchy's, and the rest."""
    from django.apps import apps

    model = apps.get_model(model_label)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = set(ADMIN_LIST_KEYS) | set(ADMIN_OBJECT_KEYS)
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    names.update(
        field.name
        for field in model._meta.get_fields()
        if not field.auto_created or field.is_relation
    )
    return names


_NAME_IN_FORM = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
_NAME_IN_LINK = re.compile(r'href="[^"?]*\?([^"#]*)"')


def _names_on_page(html: str) -> set[str]:
    """The parameter names a page's forms and links send."""
    names = set(_NAME_IN_FORM.findall(html))
    for query in _NAME_IN_LINK.findall(html):
        names.update(part.split("=", 1)[0] for part in query.replace("&amp;", "&").split("&"))
    return {name for name in names if name and name != "csrfmiddlewaretoken"}


@dataclass
class Site:
    """The seeded data and a signed-in client for each role."""

    clients: dict[str, Client]
    superuser: object
    pks: list[int]
    texts: list[str]
    object_pk: dict[str, str]


@pytest.fixture
def site(db, shinan, laoshan, shinan_staff, superuser, shinan_issue, laoshan_issue):
    """A little of everything in 市南 and 崂山, so that every filter has real choices."""
    from issues.models import Issue

    station = shinan_issue.station
    deputy = factories.DeputyFactory(name="张市南", district=shinan, phone="13800001111")
    deputy.user = factories.DeputyUserFactory(username="deputy_zhang")
    deputy.save()
    factories.StationAssignmentFactory(deputy=deputy, station=station)
    department = factories.DepartmentFactory(name="市南区城市管理局", district=shinan)
    department_user = factories.DepartmentUserFactory(username="shinan_cg", department=department)
    transferred = factories.issue_in_state(
        "transferred", district=shinan, station=station, deputy=deputy, department=department
    )
    community = factories.CommunityFactory(parent=station.area)
    factories.ActivityFactory(deputy=deputy, station=station, created_by=deputy.user)
    factories.AnnualTargetFactory(district=shinan)
    factories.DutyShiftFactory(station=station, deputy=deputy)
    factories.DeputyGroupFactory(area=station.area)
    factories.MandateFactory(deputy=deputy)
    factories.BlockedPhoneFactory(created_by=superuser)

    users = {
        "superuser": superuser,
        "district_staff": shinan_staff,
        "deputy": deputy.user,
        "department": department_user,
    }
    clients = {"anonymous": Client(raise_request_exception=True)}
    for role, user in users.items():
        clients[role] = Client(raise_request_exception=True)
        clients[role].force_login(user)

    object_pk = {}
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            object_pk[model._meta.label_lower] = str(first.pk)
    pks = sorted(
        {
            shinan.pk,
            laoshan.pk,
            station.pk,
            station.area_id,
            community.pk,
            deputy.pk,
            department.pk,
            shinan_issue.pk,
            transferred.pk,
            shinan_issue.category_id,
            shinan_staff.pk,
        }
    )
    texts = [
        station.code,
        deputy.code,
        shinan_issue.tracking_number,
        Issue.objects.get(pk=shinan_issue.pk).token,
        "transfer",
        "register",
    ]
    return Site(clients=clients, superuser=superuser, pks=pks, texts=texts, object_pk=object_pk)


@dataclass(frozen=True)
class Seeded:
    """A path value standing for the n-th seeded value that fits the converter."""

    n: int


def _seeded(kind: str, value: str, target: Target, site: Site, n: int) -> object:
    if target.model_label and value == "object_id":
        # The admin's own row half the time, else another table's id (likely not this one's).
        return (
            site.object_pk.get(target.model_label, "1")
            if n % 2 == 0
            else site.pks[n % len(site.pks)]
        )
    if kind in ("int", "id"):
        return site.pks[n % len(site.pks)]
    fitting = [text for text in site.texts if kind != "regex" or re.fullmatch(value, text)]
    return (fitting or site.texts)[n % len(fitting or site.texts)]


def _path(target: Target, site: Site, path_values: list) -> str:
    """The target's route with each converter filled: by a drawn value, else a seeded one."""
    drawn = iter(path_values)
    parts = []
    for kind, value in target.pieces:
        if kind == "text":
            parts.append(value)
            continue
        given = next(drawn, Seeded(0))
        if isinstance(given, Seeded):
            given = _seeded(kind, value, target, site, given.n)
        parts.append(quote(str(given), safe=""))
    return "/" + "".join(parts)


_names_cache: dict[str, list[str]] = {}


def _known_names(target: Target, site: Site) -> list[str]:
    """The parameter names worth trying on this target (read from its pages once a run)."""
    if target.id in _names_cache:
        return _names_cache[target.id]
    names = set(FILTERSET_NAMES)
    if target.admin_list:
        names |= _admin_list_names(target.model_label, site.superuser)
    elif target.model_label:
        names |= set(ADMIN_OBJECT_KEYS)
    else:
        # Each role's page may offer other filters (a superuser's district, a deputy's own).
        for role in ("superuser", "district_staff", "deputy", "department", "anonymous"):
            response = site.clients[role].get(_path(target, site, []))
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                names |= _names_on_page(response.content.decode())
    _names_cache[target.id] = sorted(names)
    return _names_cache[target.id]


path_values = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=7).map(Seeded),
        st.integers(min_value=0, max_value=2**70),
        st.sampled_from(["99999999999999999999", "9223372036854775808", "2147483648", "0"]),
        st.text(min_size=1, max_size=20),
    ),
    max_size=3,
)
query_values = st.one_of(
    st.sampled_from(AWKWARD_VALUES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.text(max_size=20),
)


@pytest.mark.parametrize("target", TARGETS, ids=[target.id for target in TARGETS])
@settings(
    max_examples=6,
    derandomize=True,
    database=None,
    deadline=None,
    # The seeded site is made once per target and shared by its examples, on purpose: a
    # GET reads it (what one may write, a session or a message, trips no later example).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    role=st.sampled_from(ROLES),
    path=path_values,
    picks=st.lists(
        st.tuples(st.one_of(st.integers(min_value=0), st.text(max_size=12)), query_values),
        max_size=6,
    ),
)
# The cases users ran into (the issue list, the ledger and the admin lists answered 500).
@example(role="district_staff", path=[], picks=[("station", "abc"), ("deputy", "1.5")])
@example(role="district_staff", path=[], picks=[("submitted_to", "9999-12-31")])
@example(
    role="superuser",
    path=["99999999999999999999"],
    picks=[("district", "99999999999999999999")],
)
@example(role="deputy", path=[], picks=[("page", "-1"), ("station", "\x00")])
# With those, every role meets every URL at least once, whatever is drawn.
@example(role="department", path=["0"], picks=[("year", "²"), ("sort", "-nonsense")])
@example(role="anonymous", path=["9223372036854775808"], picks=[("q", "长" * 3000)])
def test_no_input_answers_a_server_error(target, site, role, path, picks):
    names = _known_names(target, site)
    params = [
        (names[key % len(names)] if isinstance(key, int) else key, value) for key, value in picks
    ]
    url = _path(target, site, path)
    if params:
        url += "?" + urlencode(params)
    response = site.clients[role].get(url)
    assert response.status_code < 500, url
