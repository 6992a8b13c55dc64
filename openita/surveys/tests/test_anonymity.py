"""Each anonymity guarantee of docs/anonymity.md, tested on the schema itself and on real submissions."""

import uuid

from django.db import models

from openita.audit.models import AuditEntry
from openita.audit.registry import is_audited
from openita.surveys import services
from openita.surveys.models import (
    Campaign,
    EitContact,
    PersonalLinkToken,
    QuotaGroup,
    RateCounter,
    SurveyResponse,
    UsedSubmissionKey,
)
from openita.surveys.tally import tally_answers_by_group
from openita.surveys.tests.conftest import flush, full_answers, signed

IDENTIFYING_WORDS = ("user", "person", "ip", "addr", "agent", "token", "contact", "time", "session")


def _fields(model: type[models.Model]) -> dict[str, models.Field]:
    return {field.name: field for field in model._meta.concrete_fields}


def test_an_answer_row_holds_campaign_group_date_and_answers_only() -> None:
    fields = _fields(SurveyResponse)
    assert set(fields) == {"id", "campaign", "group", "submitted_on", "answers"}
    assert type(fields["submitted_on"]) is models.DateField  # a date, never a time
    assert not any(isinstance(field, models.DateTimeField) for field in fields.values())
    for name in fields:
        assert not any(word in name for word in IDENTIFYING_WORDS), name


def test_an_answer_row_points_at_nothing_about_a_person() -> None:
    targets = {
        field.related_model for field in SurveyResponse._meta.concrete_fields if field.is_relation
    }
    assert targets == {Campaign, QuotaGroup}


def test_answer_ids_are_random_so_rows_carry_no_order_of_arrival(iit: Campaign) -> None:
    for number in range(3):
        services.submit_response(
            iit, answers=full_answers(iit), submission_key=signed(iit, f"{number}" * 20)
        )
    flush(iit)
    ids = list(SurveyResponse.objects.values_list("id", flat=True))
    assert all(isinstance(value, uuid.UUID) and value.version == 4 for value in ids)


def test_used_keys_and_personal_link_tokens_have_no_link_to_answers_or_contacts() -> None:
    for model in (UsedSubmissionKey, PersonalLinkToken, RateCounter):
        related = {
            field.related_model for field in model._meta.concrete_fields if field.is_relation
        }
        assert SurveyResponse not in related, model
        assert EitContact not in related, model
        assert not any(
            isinstance(field, models.DateTimeField)
            for field in _fields(model).values()
            if model is not RateCounter
        )
    assert not any(
        field.is_relation and field.related_model in (SurveyResponse, PersonalLinkToken)
        for field in EitContact._meta.concrete_fields
    )


def test_nothing_in_the_surveys_app_points_at_an_answer() -> None:
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model is not SurveyResponse, f"{model.__name__}.{field.name}"


def test_answers_tokens_keys_and_contacts_are_never_audited(eit: Campaign) -> None:
    for model in (SurveyResponse, UsedSubmissionKey, PersonalLinkToken, EitContact, RateCounter):
        assert not is_audited(model), model
    before = AuditEntry.objects.count()
    services.submit_response(eit, answers=full_answers(eit), submission_key=signed(eit, "a" * 32))
    assert AuditEntry.objects.count() == before


def test_a_personal_link_token_is_stored_only_as_a_hash(eit: Campaign) -> None:
    services.import_contacts(eit, [services.ContactRow("สมหญิง", "", "", "somying@example.org", "")])
    links: list[str] = []

    def link_for(token: str) -> str:
        links.append(token)
        return f"/s/x?t={token}"

    services.send_personal_links(eit, link_for)
    (token,) = links
    stored = PersonalLinkToken.objects.get()
    assert stored.token_hash == services.token_hash(token) and token not in stored.token_hash
    assert set(_fields(PersonalLinkToken)) == {"token_hash", "campaign", "group", "is_used"}


def test_breakdowns_by_group_are_withheld_under_five_answers(eit: Campaign) -> None:
    traffic, inquiry = eit.groups.get(code="traffic"), eit.groups.get(code="inquiry")
    for number in range(5):
        services.submit_response(
            eit,
            answers=full_answers(eit),
            submission_key=signed(eit, f"t{number}" * 10),
            group=traffic,
        )
    for number in range(4):
        services.submit_response(
            eit,
            answers=full_answers(eit),
            submission_key=signed(eit, f"i{number}" * 10),
            group=inquiry,
        )
    flush(eit)
    by_group = {item.group.code: item for item in tally_answers_by_group(eit)}
    assert by_group["traffic"].responses == 5 and by_group["traffic"].tally is not None
    assert by_group["traffic"].tally["e2"] == {"1": 5}
    assert by_group["inquiry"].responses == 4 and by_group["inquiry"].tally is None
