"""Role fixtures shared by the suite: two districts (市南, 崂山) with staff and data in each."""

import pytest

from tests import factories


@pytest.fixture
def shinan(db):
    return factories.DistrictFactory(name="市南区")


@pytest.fixture
def laoshan(db):
    return factories.DistrictFactory(name="崂山区")


@pytest.fixture
def shinan_staff(shinan):
    return factories.StaffFactory(username="shinan_staff", district=shinan)


@pytest.fixture
def laoshan_staff(laoshan):
    return factories.StaffFactory(username="laoshan_staff", district=laoshan)


@pytest.fixture
def superuser(db):
    return factories.SuperuserFactory(username="root")


@pytest.fixture
def shinan_station(shinan):
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    return factories.StationFactory(name="新就业群体专业化代表联络站", area=street)


@pytest.fixture
def laoshan_station(laoshan):
    street = factories.SubdistrictFactory(name="沙子口街道", parent=laoshan)
    return factories.StationFactory(name="沙子口代表联络站", area=street)


@pytest.fixture
def shinan_deputy(shinan):
    return factories.DeputyFactory(name="张市南", district=shinan, phone="13800001111")


@pytest.fixture
def laoshan_deputy(laoshan):
    return factories.DeputyFactory(name="李崂山", district=laoshan, phone="13900002222")


@pytest.fixture
def staff_client(client, shinan_staff):
    client.force_login(shinan_staff)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories set a password on every user: a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets its own key space in the real cache (Redis in CI): no shared counters."""
    import uuid

    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }
