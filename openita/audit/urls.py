from django.urls import path

from openita.audit import views

app_name = "audit"
urlpatterns = [
    path("<str:model_label>/<str:object_id>/", views.object_history, name="object_history"),
]
