"""Themes on the board: rename, merge, split and re-cluster through POSTs."""

from __future__ import annotations

from django.urls import reverse

from trama.analysis.models import Theme, ThemeMember

HTMX = {"HX-Request": "true"}


def test_the_board_shows_each_theme_with_keywords_example_and_count(themed_corpus, plan_office_client):
    html = plan_office_client.get(reverse("analysis:board", args=["valli"])).content.decode()
    for theme in themed_corpus:
        assert theme.label in html
        assert "Testo esemplare" in html
        assert theme.keywords[0] in html
        count = theme.memberships.count()
        assert f"{count} testi" in html or f"{count} testo" in html
    assert "Unisci i temi selezionati" in html
    assert "Ricalcola i temi" in html


def test_renaming_a_theme_locks_its_label(themed_corpus, plan_office_client):
    theme = themed_corpus[0]
    url = reverse("analysis:theme_rename", args=["valli", theme.pk])
    html = plan_office_client.post(url, {f"tema-{theme.pk}-label": "Trasporti nelle valli"}, headers=HTMX)
    html = html.content.decode()
    assert html.lstrip().startswith('<section id="temi"')
    assert "Trasporti nelle valli" in html
    assert "scelto da una persona" in html
    theme.refresh_from_db()
    assert (theme.label, theme.label_locked) == ("Trasporti nelle valli", True)


def test_an_empty_name_is_a_field_error_and_changes_nothing(themed_corpus, plan_office_client):
    theme = themed_corpus[0]
    url = reverse("analysis:theme_rename", args=["valli", theme.pk])
    htmx = plan_office_client.post(url, {f"tema-{theme.pk}-label": "  "}, headers=HTMX)
    plain = plan_office_client.post(url, {f"tema-{theme.pk}-label": ""})
    assert "Scrivi il nuovo nome del tema." in htmx.content.decode()
    assert plain.status_code == 400
    assert "Scrivi il nuovo nome del tema." in plain.content.decode()
    theme.refresh_from_db()
    assert not theme.label_locked


def test_a_theme_of_another_corpus_is_a_404(themed_corpus, plan_office_client):
    theme = themed_corpus[0]
    for name in ("analysis:theme_rename", "analysis:theme_split"):
        response = plan_office_client.post(reverse(name, args=["altro-corpus", theme.pk]), {"label": "x"})
        assert response.status_code == 404
    merge = reverse("analysis:themes_merge", args=["altro-corpus"])
    assert plan_office_client.post(merge, {"themes": [t.pk for t in themed_corpus]}).status_code == 404


def test_merging_themes_keeps_the_first_selected_and_moves_the_texts(themed_corpus, plan_office_client):
    first, second = themed_corpus
    texts = ThemeMember.objects.filter(theme__in=themed_corpus).count()
    url = reverse("analysis:themes_merge", args=["valli"])
    response = plan_office_client.post(url, {"themes": [second.pk, first.pk]})
    assert response["Location"] == "/analisi/valli/#temi"
    first.refresh_from_db()
    assert first.merged_into_id == second.pk
    assert second.memberships.count() == texts
    assert list(Theme.objects.filter(corpus="valli", merged_into__isnull=True)) == [second]


def test_merging_needs_at_least_two_themes(themed_corpus, plan_office_client):
    url = reverse("analysis:themes_merge", args=["valli"])
    html = plan_office_client.post(url, {"themes": [themed_corpus[0].pk]}, headers=HTMX).content.decode()
    assert "Seleziona almeno due temi da unire." in html
    assert plan_office_client.post(url, {"themes": ["x", "y"]}).status_code == 400
    assert Theme.objects.filter(merged_into__isnull=False).count() == 0


def test_splitting_a_theme_makes_a_new_one(themed_corpus, plan_office_client):
    theme = max(themed_corpus, key=lambda t: t.memberships.count())
    before = theme.memberships.count()
    url = reverse("analysis:theme_split", args=["valli", theme.pk])
    html = plan_office_client.post(url, headers=HTMX).content.decode()
    assert "diviso" in html
    new = Theme.objects.filter(corpus="valli").exclude(pk__in=[t.pk for t in themed_corpus]).get()
    assert new.memberships.count() + theme.memberships.count() == before


def test_a_theme_with_one_text_cannot_be_split(themed_corpus, plan_office_client):
    theme = themed_corpus[0]
    ThemeMember.objects.filter(theme=theme).exclude(pk=theme.memberships.first().pk).delete()
    url = reverse("analysis:theme_split", args=["valli", theme.pk])
    response = plan_office_client.post(url)
    assert response.status_code == 302
    page = plan_office_client.get(response["Location"]).content.decode()
    assert "non si può dividere" in page


def test_reclustering_shows_a_summary(themed_corpus, plan_office_client):
    url = reverse("analysis:themes_recluster", args=["valli"])
    html = plan_office_client.post(url, headers=HTMX).content.decode()
    assert "Temi ricalcolati su 8 testi" in html
    assert 'role="status"' in html


def test_reclustering_a_corpus_without_texts_says_why_nothing_happened(analysis_plan, plan_office_client):
    url = reverse("analysis:themes_recluster", args=["vuoto"])
    html = plan_office_client.post(url, headers=HTMX).content.decode()
    assert "Servono almeno due testi" in html
