"""What the Q&A board brings to the desk (openita.accounts.desk): posts waiting for moderation (for the unit's
admins), questions waiting for an answer (for the person or line of work they were assigned to, unassigned ones
for the unit's admins); and the entries of the unit menu."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import DeskQuery, Waiting
from openita.accounts.models import Membership, Role

from .models import Post, PostState

SECTION = gettext_lazy("Questions from the public")
LIMIT = 50


def waiting(query: DeskQuery) -> list[Waiting]:
    admin_units = [unit.pk for unit in query.units_with_role(Role.UNIT_ADMIN)]
    user_id = query.user.pk or 0
    lines = list(
        Membership.objects.filter(user_id=user_id, line__isnull=False).values_list(
            "line_id", flat=True
        )
    )
    mine = Q(assigned_to_id=user_id) | Q(assigned_line_id__in=lines)
    unassigned = Q(assigned_to__isnull=True, assigned_line__isnull=True, unit_id__in=admin_units)
    posts = (
        Post.objects.waiting()
        .filter(
            Q(state=PostState.PENDING, unit_id__in=admin_units)
            | (Q(state=PostState.PUBLISHED) & (mine | unassigned))
        )
        .select_related("unit")
        .order_by("answer_by", "pk")[:LIMIT]
    )
    return [
        Waiting(
            section=SECTION,
            what=_("Moderate") if post.state == PostState.PENDING else _("Answer the question"),
            title=post.body[:80],
            url=reverse("participation:post", args=[post.unit.code, post.pk]),
            unit=post.unit,
            due=post.answer_by,
            overdue=post.answer_by < query.today,
        )
        for post in posts
    ]


def register() -> None:
    """Called from the app's ready(). No entry in the unit menu (it is full at desktop width): the unit's page
    links to the records, the records to the board's queue, and the desk to each post waiting."""
    desk.register_waiting(waiting)
