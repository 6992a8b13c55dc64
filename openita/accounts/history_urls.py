"""The `audit:` URL names, kept; the page is in `accounts.history_views`."""

from django.urls import path

from openita.accounts import history_views as views

app_name = "audit"
urlpatterns = [
    path("<str:model_label>/<str:object_id>/", views.object_history, name="object_history"),
]
