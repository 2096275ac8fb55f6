"""The demo interviews: marked as samples, on the real process, idempotent."""

from __future__ import annotations

from trama.interviews.demo import demo_load
from trama.interviews.models import Interview
from trama.process.demo import demo_load as process_demo_load


def test_the_demo_loads_marked_sample_interviews_once(psm):
    process_demo_load()
    demo_load()
    demo_load()
    interviews = list(Interview.objects.all())
    assert len(interviews) == 4
    assert all(i.is_sample and "(esempio)" in i.interviewee_name for i in interviews)
    assert all(i.process.slug == "verso-nuovo-psm-2024-2026" for i in interviews)
    assert sum(i.judgements.count() for i in interviews) >= 8


def test_the_demo_does_nothing_without_the_process(psm):
    demo_load()
    assert not Interview.objects.exists()
