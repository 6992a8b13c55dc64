"""Helpers to answer the public form with Django's test client, screen by screen, as a browser would."""

import re
from typing import Any

from django.test import Client

from openita.surveys.models import Campaign
from openita.surveys.questionnaire import questionnaire_for

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden_fields(html: str) -> dict[str, str]:
    return {name: value for name, value in HIDDEN.findall(html) if name != "csrfmiddlewaretoken"}


def answer_all(
    client: Client,
    campaign: Campaign,
    url: str,
    group: str = "",
    choose: int = 0,
    access_code: str = "",
    expect_refusal: bool = False,
    **extra: Any,
) -> Any:
    """Open the link, pick the group (and enter the access code), answer every screen and send; the last
    response (with ``expect_refusal``, the first screen that does not move on)."""
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content.decode()[:500]
    state = hidden_fields(response.content.decode())
    if group:
        state["group"] = group
    if access_code:
        state["ac"] = access_code
    response = client.post(url, {**state, "go": "next"}, **extra)
    if expect_refusal:
        return response
    questionnaire = questionnaire_for(campaign)
    for number, page in enumerate(questionnaire.pages, start=1):
        state = hidden_fields(response.content.decode())
        assert state["step"] == str(number), response.content.decode()[:2000]
        for question in page.questions:
            state[f"q_{question.code}"] = question.options[choose % len(question.options)].code
        go = "send" if number == len(questionnaire.pages) else "next"
        response = client.post(url, {**state, "go": go}, **extra)
    return response
