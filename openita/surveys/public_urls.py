"""Public survey links: /s/<code> (a campaign, or one of its quota groups). No login."""

from django.urls import path

from . import public_views

app_name = "respond"
urlpatterns = [
    path("<str:code>/", public_views.answer, name="answer"),
]
