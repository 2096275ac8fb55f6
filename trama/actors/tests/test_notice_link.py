"""Every consent checkbox links to the privacy notice the person agrees to."""

from __future__ import annotations

from django.urls import reverse

from trama.actors.privacy import notice_link
from trama.questionnaires.forms import EmailLinkForm


def test_the_consent_help_text_links_to_the_privacy_notice():
    assert f'href="{reverse("privacy:notice")}"' in notice_link()


def test_the_questionnaire_link_form_shows_the_notice_link_beside_the_consent():
    html = str(EmailLinkForm()["privacy"].help_text)
    assert reverse("privacy:notice") in html


def test_the_contribution_form_shows_the_notice_link_beside_the_consent(db):
    from trama.participation.forms import ContributionForm

    assert reverse("privacy:notice") in str(ContributionForm()["privacy_consent"].help_text)
