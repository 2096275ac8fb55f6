"""contribution_submit: what it stores, what it refuses, and that a retry stores nothing new."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from trama.actors.models import ActorCategory
from trama.analysis.models import TextKind, TextUnit
from trama.participation import services
from trama.participation.models import Attachment, Contribution, ContributionStatus
from trama.participation.tests import files as f
from trama.participation.tests.conftest import valid_data


def test_a_contribution_is_stored_with_its_zone_consent_stamp_and_a_receipt_code(submit):
    result = submit()

    c = result.contribution
    assert result.created
    assert re.fullmatch(r"PSM-[2-9A-Z]{4}-[2-9A-Z]{4}", c.receipt_code)
    assert c.status == ContributionStatus.RECEIVED and not c.is_public
    assert c.actor_category == ActorCategory.CITIZEN
    assert c.comune.istat_code == "001272" and c.zona.number == 1
    assert c.privacy_consent and c.privacy_version
    assert abs((timezone.now() - c.privacy_consent_at).total_seconds()) < 60
    assert c.public_excerpt == c.text
    assert c.email == "maria.rossi@example.org"
    assert c.ip_hash and "10.0.0.1" not in c.ip_hash


def test_receipt_codes_are_all_different(submit):
    codes = {submit(email=f"p{n}@example.org").contribution.receipt_code for n in range(5)}

    assert len(codes) == 5


def test_the_text_is_queued_for_analysis_in_the_process_corpus(submit):
    c = submit().contribution

    text = TextUnit.objects.get(pk=c.text_unit_id)
    assert text.corpus == "contributi-psm-2024"
    assert text.kind == TextKind.CONTRIBUTION
    assert text.source_ref == f"contribution:{c.pk}"
    assert "Maria" not in text.author_label


def test_the_sender_gets_the_receipt_by_email_when_the_transaction_commits(
    submit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        c = submit().contribution

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["maria.rossi@example.org"]
    assert c.receipt_code in message.subject
    assert c.receipt_code in message.body
    assert f"/contributi/ricevuta/?codice={c.receipt_code}" in message.body


def test_the_same_idempotency_key_returns_the_first_contribution_and_stores_nothing(
    submit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(key="doppio-clic").contribution
    with django_capture_on_commit_callbacks(execute=True):
        again = submit(key="doppio-clic", title="Un altro titolo")

    assert not again.created
    assert again.contribution.pk == first.pk
    assert Contribution.objects.count() == 1 and TextUnit.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_sender_category_words_of_the_form_map_to_actor_categories(submit):
    institution = submit(actor_category="istituzione", email="a@example.org").contribution
    stakeholder = submit(actor_category="stakeholder", email="b@example.org").contribution

    assert institution.actor_category == ActorCategory.INSTITUTION
    assert stakeholder.actor_category == ActorCategory.STAKEHOLDER


def test_choosing_a_strategy_sets_its_axis(submit):
    c = submit(strategy="2.1").contribution

    assert c.strategy.code == "2.1" and c.axis.number == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"privacy_consent": "false"}, "privacy_consent", "serve il consenso al trattamento"),
        ({"privacy_consent": ""}, "privacy_consent", "serve il consenso al trattamento"),
        ({"email": "non-una-mail"}, "email", "Indirizzo e-mail non valido"),
        ({"email": ""}, "email", "serve per la ricevuta"),
        ({"title": "   "}, "title", "Scrivi un titolo"),
        ({"title": "x" * 201}, "title", "al massimo 200 caratteri"),
        ({"text": "corto"}, "text", "troppo breve"),
        ({"text": "x" * 20_001}, "text", "al massimo 20000 caratteri"),
        ({"comune": "999999"}, "comune", "Comune sconosciuto"),
        ({"comune": "Torino"}, "comune", "Comune sconosciuto"),
        ({"actor_category": "azienda"}, "actor_category", "istituzione, stakeholder, cittadino"),
        ({"actor_category": ""}, "actor_category", "Indica se scrivi"),
        ({"strategy": "9.9"}, "strategy", "Scegli una strategia"),
        ({"axis": "1", "strategy": "2.1"}, "strategy", "non appartiene all'asse"),
        ({"kind": "lettera"}, "kind", "tipo di contributo"),
        ({"name": ""}, "name", "nome e cognome"),
    ],
)
def test_bad_input_is_refused_with_an_italian_message_on_its_field(submit, overrides, field, message):
    with pytest.raises(services.ContributionInvalid) as invalid:
        submit(**overrides)

    assert invalid.value.status == 422
    assert any(message in m for m in invalid.value.errors[field]), invalid.value.errors
    assert Contribution.objects.count() == 0


def test_attachments_are_stored_with_their_detected_type_size_and_a_random_file_name(submit):
    pdf = f.pdf_bytes()
    result = submit(files=[f.upload("Proposta Rossi.pdf", pdf), f.upload("foto.png", f.png_bytes())])

    first, second = result.contribution.attachments.order_by("pk")
    assert (first.original_name, first.mime, first.size) == ("Proposta Rossi.pdf", "application/pdf", len(pdf))
    assert "Rossi" not in first.file.name and first.file.name.endswith(".pdf")
    assert first.file.read() == pdf
    assert second.mime == "image/png"


def test_one_bad_attachment_means_nothing_is_stored(submit, settings):
    with pytest.raises(services.ContributionInvalid) as invalid:
        submit(files=[f.upload("buona.pdf", f.pdf_bytes()), f.upload("cattiva.pdf", f.exe_bytes())])

    assert "cattiva.pdf" in invalid.value.errors["files"][0]
    assert Contribution.objects.count() == 0 and Attachment.objects.count() == 0
    root = settings.CONTRIBUTION_UPLOAD_ROOT
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_an_e_mail_address_may_send_only_so_many_contributions_an_hour(submit, settings):
    settings.CONTRIBUTIONS_PER_HOUR_PER_EMAIL = 2
    submit(ip="10.0.0.1")
    submit(ip="10.0.0.2")

    with pytest.raises(services.ContributionInvalid) as invalid:
        submit(ip="10.0.0.3", email="MARIA.ROSSI@example.org")

    assert invalid.value.status == 429
    assert "riprova più tardi" in invalid.value.errors["email"][0]
    assert Contribution.objects.count() == 2


def test_a_connection_may_send_only_so_many_contributions_an_hour(submit, settings):
    settings.CONTRIBUTIONS_PER_HOUR_PER_IP = 2
    submit(email="a@example.org")
    submit(email="b@example.org")

    with pytest.raises(services.ContributionInvalid) as invalid:
        submit(email="c@example.org")

    assert invalid.value.status == 429
    assert "questa connessione" in invalid.value.errors["__all__"][0]


def test_the_limit_counts_only_the_last_hour(submit, settings):
    settings.CONTRIBUTIONS_PER_HOUR_PER_EMAIL = 1
    old = submit().contribution
    Contribution.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))

    assert submit(ip="10.9.9.9").created


def test_a_closed_process_accepts_no_contribution(process):
    process.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    process.starts_on = process.ends_on - datetime.timedelta(days=10)
    process.save()

    with pytest.raises(services.ContributionInvalid) as invalid:
        services.contribution_submit(process=process, data=valid_data(), idempotency_key="k", ip="")

    assert invalid.value.status == 403
    assert "chiuso" in invalid.value.errors["__all__"][0]
    assert Contribution.objects.count() == 0


def test_control_characters_are_removed_and_lines_kept(submit):
    c = submit(title="Titolo\x07 con\ttab", text="prima riga\r\nseconda\x1b riga").contribution

    assert c.title == "Titolo con tab"
    assert c.text == "prima riga\nseconda riga"


def test_a_null_character_is_refused_on_its_field(submit):
    with pytest.raises(services.ContributionInvalid) as invalid:
        submit(text="testo con un \x00 in mezzo")

    assert "caratteri null" in invalid.value.errors["text"][0]


def test_a_long_text_gets_a_shorter_public_excerpt_cut_at_a_word(submit):
    c = submit(text="parola " * 1000).contribution

    assert len(c.public_excerpt) <= 2001 and c.public_excerpt.endswith("…")
    assert "parol…" not in c.public_excerpt
