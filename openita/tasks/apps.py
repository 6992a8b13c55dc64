from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "openita.tasks"
    label = (
        "openita_tasks"  # "tasks" reads like the framework's own; this is openita's layer over it
    )
    verbose_name = _("Background tasks")
    default_auto_field = "django.db.models.BigAutoField"
