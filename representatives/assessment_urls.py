"""Assessment routes: the merit board (争先创优榜) and each deputy's annual report."""

from django.urls import path

from representatives import assessment_views

app_name = "assessment"

urlpatterns = [
    path("", assessment_views.board, name="board"),
    path("deputies/<id:pk>/<int:year>/", assessment_views.report, name="report"),
]
