"""The workbench: staff, departments and deputies work on issues here (login required)."""

urlpatterns: list = []
