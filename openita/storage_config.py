"""Where uploaded files live (Django's "default" storage), read from OPENITA_STORAGE_* (README "Configuration").

    OPENITA_STORAGE_BACKEND=filesystem   the default: MEDIA_ROOT under the data directory (put it on a shared
                                         file system, e.g. NFS, when several application servers run)
    OPENITA_STORAGE_BACKEND=s3           S3-compatible object storage through django-storages
                                         (`pip install 'openita[s3]'`), with OPENITA_STORAGE_BUCKET and optional
                                         OPENITA_STORAGE_ENDPOINT_URL, _REGION, _LOCATION, _ACCESS_KEY, _SECRET_KEY

Files on S3 are private: every link to one is signed and expires (OPENITA_STORAGE_URL_SECONDS). Private files
(OPENITA_PRIVATE_FILES_ROOT: OIT evidence, document batches) stay on the file system in every case.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from openita.env import env_int, env_secret, env_str


def default_storage_from_env() -> dict[str, Any]:
    backend = env_str("OPENITA_STORAGE_BACKEND", "filesystem").strip().lower()
    if backend in {"", "filesystem"}:
        return {"BACKEND": "openita.core.storage.AtomicFileSystemStorage"}
    if backend != "s3":
        raise ImproperlyConfigured(
            f"OPENITA_STORAGE_BACKEND must be filesystem or s3, not {backend!r}"
        )
    bucket = env_str("OPENITA_STORAGE_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("OPENITA_STORAGE_BACKEND=s3 needs OPENITA_STORAGE_BUCKET")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": env_int("OPENITA_STORAGE_URL_SECONDS", 300),
        "file_overwrite": False,
    }
    optional = {
        "endpoint_url": env_str("OPENITA_STORAGE_ENDPOINT_URL"),
        "region_name": env_str("OPENITA_STORAGE_REGION"),
        "location": env_str("OPENITA_STORAGE_LOCATION"),
        "access_key": env_secret("OPENITA_STORAGE_ACCESS_KEY"),
        "secret_key": env_secret("OPENITA_STORAGE_SECRET_KEY"),
    }
    options.update({key: value for key, value in optional.items() if value})
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
