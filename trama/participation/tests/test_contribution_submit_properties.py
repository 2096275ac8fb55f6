"""Property tests of contribution_submit: whatever arrives (random unicode, huge texts, random files), it
never crashes and never writes half a contribution: either it is stored with all its attachments, or
nothing is."""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from trama.analysis.models import TextUnit
from trama.participation import services
from trama.participation.models import Attachment, Contribution
from trama.participation.tests import files as f
from trama.participation.tests.conftest import valid_data

KEYS = itertools.count()
text = st.text(max_size=300)
# Hypothesis draws short strings; repeating one makes texts around and beyond the 20,000-character limit.
huge = st.tuples(st.text(min_size=1, max_size=60), st.integers(300, 2_000)).map(lambda t: t[0] * t[1])
field_values = {
    "title": st.one_of(text, st.just("Titolo valido")),
    "text": st.one_of(text, huge, st.just("Un testo abbastanza lungo da essere valido.")),
    "kind": st.sampled_from(["suggerimento", "contributo", "materiali", "", "x"]),
    "actor_category": st.sampled_from(["istituzione", "stakeholder", "cittadino", "", "citizen", "🙂"]),
    "organisation": text,
    "comune": st.sampled_from(["001272", "001191", "001999", "", "000000", "١٢٣٤٥٦"]),
    "name": text,
    "email": st.one_of(st.emails(), text),
    "privacy_consent": st.sampled_from(["true", "false", "", "on", "1"]),
    "publish_consent": st.sampled_from(["true", "false", ""]),
    "strategy": st.sampled_from(["", "1.1", "2.1", "9.9", "x"]),
    "axis": st.sampled_from(["", "1", "2", "7", "-1", "uno"]),
}
file_builders = st.sampled_from(
    [
        ("a.pdf", f.pdf_bytes),
        ("b.png", f.png_bytes),
        ("c.pdf", f.exe_bytes),
        ("d.docx", f.docx_bytes),
        ("e.html", f.html_bytes),
        ("f.odt", f.odt_bytes),
    ]
)
# Django itself never builds an upload whose base name is empty, «.» or «..».
file_name = st.text(min_size=1, max_size=40).filter(lambda n: os.path.basename(n) not in ("", ".", ".."))
random_file = st.tuples(file_name, st.binary(max_size=300))


@pytest.mark.django_db
@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    overrides=st.fixed_dictionaries({}, optional=field_values),
    built=st.lists(file_builders, max_size=3),
    randoms=st.lists(random_file, max_size=2),
)
def test_any_input_is_either_stored_whole_or_refused_with_field_errors(process, settings, overrides, built, randoms):
    settings.CONTRIBUTIONS_PER_HOUR_PER_IP = 10_000
    settings.CONTRIBUTIONS_PER_HOUR_PER_EMAIL = 10_000
    uploads = [f.upload(name, build()) for name, build in built] + [f.upload(name, data) for name, data in randoms]
    before = (Contribution.objects.count(), Attachment.objects.count(), TextUnit.objects.count())

    try:
        result = services.contribution_submit(
            process=process,
            data=valid_data(**overrides),
            files=uploads,
            idempotency_key=f"p-{next(KEYS)}",
            ip="1.2.3.4",
        )
    except services.ContributionInvalid as invalid:
        assert invalid.errors and all(isinstance(m, str) and m for ms in invalid.errors.values() for m in ms)
        assert (Contribution.objects.count(), Attachment.objects.count(), TextUnit.objects.count()) == before
        return
    c = result.contribution
    assert result.created
    assert c.attachments.count() == len(uploads)
    assert Contribution.objects.count() == before[0] + 1
    assert TextUnit.objects.count() == before[2] + 1
    assert len(c.text) <= 20_000 and c.title.strip()


def test_a_failure_after_the_files_are_written_leaves_no_row_and_no_file(submit, monkeypatch, settings):
    def broken(**kwargs):
        raise RuntimeError("analysis store down")

    monkeypatch.setattr(services.analysis, "text_submit", broken)

    with pytest.raises(RuntimeError):
        submit(files=[f.upload("a.pdf", f.pdf_bytes()), f.upload("b.png", f.png_bytes())])

    assert not Contribution.objects.exists() and not Attachment.objects.exists()
    root = settings.CONTRIBUTION_UPLOAD_ROOT
    assert not any(p.is_file() for p in root.rglob("*"))
