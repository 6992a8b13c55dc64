from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "openita.tasks"
    label = (
        "openita_tasks"  # "tasks" reads like the framework's own; this is openita's layer over it
    )
    verbose_name = _("Background tasks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every app's background tasks live in (or are imported by) its `tasks` module: load them all, so that
        # a worker knows every kind of task (whether it is safe to retry, what to do when it fails).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
