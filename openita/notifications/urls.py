from django.urls import path

from openita.notifications import views

app_name = "notifications"

urlpatterns = [
    path("webhook/<str:unit_code>/", views.webhook, name="webhook"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/<int:channel_id>/code/", views.new_code, name="new_code"),
    path("settings/<int:channel_id>/unlink/", views.unlink, name="unlink"),
    path("units/<str:unit_code>/", views.channel, name="channel"),
    path("units/<str:unit_code>/test/", views.channel_test, name="channel_test"),
    path("units/<str:unit_code>/disconnect/", views.channel_disconnect, name="channel_disconnect"),
    path("units/<str:unit_code>/groups/<int:group_id>/", views.group_confirm, name="group_confirm"),
    path(
        "units/<str:unit_code>/groups/<int:group_id>/unlink/",
        views.group_unlink,
        name="group_unlink",
    ),
]
