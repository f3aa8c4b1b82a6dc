"""The workbench: staff, departments and deputies work on issues here (login required)."""

from django.urls import path

from issues import export_views
from issues import workbench_views as views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("mine/", views.my_issues, name="mine"),
    path("issues/", views.issue_list, name="issue-list"),
    path("issues/new/", views.issue_create, name="issue-create"),
    path("issues/export.xlsx", export_views.issue_export, name="issue-export"),
    path("issues/<id:pk>/", views.issue_detail, name="issue-detail"),
    path("issues/<id:pk>/citizen/", views.citizen_reveal, name="citizen-reveal"),
    path("issues/<id:pk>/photos/<id:photo_pk>/", views.issue_photo, name="issue-photo"),
    path(
        "issues/<id:pk>/photos/<id:photo_pk>/small/",
        views.issue_photo,
        {"small": True},
        name="issue-photo-small",
    ),
    # After the fixed paths above: an unknown action name is a 404 in the view.
    path("issues/<id:pk>/<slug:action>/", views.issue_action, name="issue-action"),
]
