"""Closing the day: only the lead, once; the report is stored and served (public once closed)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from trama.live.models import LiveEventStatus
from trama.reports.models import FileKind, LiveDayReport, ReportStatus
from trama.reports.services import live_day_close, report_store
from trama.votes.models import Poll, PollStatus


def test_a_theme_member_cannot_close_the_day(day, member):
    with pytest.raises(PermissionDenied):
        live_day_close(event=day, by=member)
    day.refresh_from_db()
    assert day.status == LiveEventStatus.LIVE


def test_the_lead_closes_the_day_and_the_report_is_stored(day, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        live_day_close(event=day, by=lead)
    report = LiveDayReport.objects.get(event=day)
    assert report.status == ReportStatus.READY
    assert report.generated_at is not None and report.build_seconds is not None
    assert set(report.files.values_list("kind", flat=True)) == {k.value for k in FileKind}
    html = report.files.get(kind="html").file.read().decode()
    assert "Trasporti nelle valli" in html


def test_closing_closes_the_open_polls(event, lead, django_capture_on_commit_callbacks):
    from trama.votes import services

    options = [services.OptionSpec(label="Uno"), services.OptionSpec(label="Due")]
    poll = services.poll_create(event=event, title="Aperta", kind="approval", options=options, by=lead)
    services.poll_open(poll=poll, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        live_day_close(event=event, by=lead)
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.CLOSED


def test_the_day_closes_once(day, lead):
    live_day_close(event=day, by=lead)
    with pytest.raises(ValidationError) as exc:
        live_day_close(event=day, by=lead)
    assert "già chiusa" in exc.value.messages[0]


def test_storing_again_replaces_the_files(day):
    first = report_store(event=day)
    second = report_store(event=day)
    assert first.pk == second.pk
    assert second.files.count() == len(FileKind)


def test_the_report_is_hidden_before_the_close_and_public_after(day, lead):
    url = reverse("reports:live_day", kwargs={"slug": day.slug})
    assert Client().get(url).status_code == 404
    day.status = LiveEventStatus.CLOSED
    day.save()
    report_store(event=day)
    page = Client().get(url).content.decode()
    assert "Leggi il report" in page and "PDF" in page
    html = Client().get(reverse("reports:live_day_file", kwargs={"slug": day.slug, "kind": "html"}))
    assert html["Content-Type"].startswith("text/html")
    assert "Trasporti nelle valli" in b"".join(html.streaming_content).decode()
    pdf = Client().get(reverse("reports:live_day_file", kwargs={"slug": day.slug, "kind": "pdf"}))
    assert pdf["Content-Disposition"].startswith("attachment")
    assert Client().get(reverse("reports:live_day_file", kwargs={"slug": day.slug, "kind": "exe"})).status_code == 404


def test_a_pending_report_page_refreshes_itself(day, lead):
    live_day_close(event=day, by=lead)  # on_commit never runs inside the test transaction: still pending
    client = Client()
    client.force_login(lead)
    html = client.get(reverse("reports:live_day", kwargs={"slug": day.slug})).content.decode()
    assert "in preparazione" in html and 'hx-trigger="every 2s"' in html


def test_the_lead_generates_the_report_again_and_others_cannot(day, lead, member, django_capture_on_commit_callbacks):
    live_day_close(event=day, by=lead)
    url = reverse("reports:live_day_rebuild", kwargs={"slug": day.slug})
    other = Client()
    other.force_login(member)
    assert other.post(url).status_code == 403
    client = Client()
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert LiveDayReport.objects.get(event=day).status == ReportStatus.READY
