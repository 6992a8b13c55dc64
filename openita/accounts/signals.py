"""Signals accounts sends for the apps above it (which may not be imported from here)."""

from django.dispatch import Signal

# Sent after a person changed their own password, knowing the old one: sender=User, user, request,
# old_password, new_password. The complaint channel re-wraps the person's private key with it.
password_changed = Signal()
