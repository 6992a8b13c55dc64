from django.urls import path

from openita.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:job_id>/retry/", views.retry, name="retry"),
]
