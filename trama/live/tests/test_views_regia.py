from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.live import services
from trama.live.models import IdeaTheme, Theme


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ideas(table, other_table):
    return [
        services.idea_submit(table=t, client_uuid=uuid.uuid4(), text=f"Idea {n} <script>alert(1)</script>").idea
        for n, t in enumerate([table, other_table, table])
    ]


@pytest.mark.parametrize(
    ("role", "membership", "status"),
    [
        (Role.CITIZEN, None, 403),
        (Role.FACILITATOR, None, 403),
        (Role.REGIA, None, 403),
        (Role.REGIA, "member", 200),
        (Role.REGIA, "lead", 200),
        (Role.PLAN_OFFICE, None, 200),
    ],
)
def test_who_sees_the_regia_page(event, make_user, role, membership, status):
    user = make_user(role, username=f"r-{role}-{membership}")
    if membership:
        services.regia_member_set(event=event, user=user, is_lead=membership == "lead")
    assert client_for(user).get(reverse("live:regia", kwargs={"slug": event.slug})).status_code == status


def test_anonymous_visitors_are_sent_to_login(client, event):
    response = client.get(reverse("live:regia", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_regia_page_shows_ideas_escaped_with_counts_in_few_queries(
    event, ideas, member, django_assert_max_num_queries
):
    client = client_for(member)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("live:regia", kwargs={"slug": event.slug}))
    page = response.content.decode()
    assert "Idea 0 &lt;script&gt;" in page and "<script>alert(1)</script>" not in page
    assert 'data-venue-count="A">2<' in page and 'data-venue-count="B">1<' in page


def test_the_query_count_does_not_grow_with_the_ideas(event, table, member, django_assert_max_num_queries):
    for n in range(40):
        services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Idea {n}")
    client = client_for(member)
    with django_assert_max_num_queries(25):
        client.get(reverse("live:regia", kwargs={"slug": event.slug}))


def test_the_feed_filters_by_venue_and_cursor(event, ideas, member):
    url = reverse("live:feed", kwargs={"slug": event.slug})
    data = client_for(member).get(url, {"venue": "A", "after": ideas[0].pk}).json()
    assert [i["id"] for i in data["ideas"]] == [ideas[2].pk]
    assert data["cursor"] == ideas[2].pk
    nonsense = client_for(member).get(url, {"venue": "<>", "after": "x"}).json()
    assert [i["id"] for i in nonsense["ideas"]] == [i.pk for i in ideas]  # bad filters are ignored, not a 500


def test_a_member_moves_an_idea_between_themes_with_htmx(event, ideas, member):
    client = client_for(member)
    a = services.theme_create(event=event, label="Trasporti", by=member)
    b = services.theme_create(event=event, label="Lavoro", by=member)
    services.idea_theme_add(idea=ideas[0], theme=a, by=member)
    url = reverse("live:idea_theme_add", kwargs={"slug": event.slug})
    response = client.post(url, {"idea": ideas[0].pk, "theme": b.pk, "from": a.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="temi"' in response.content.decode()
    assert list(IdeaTheme.objects.filter(idea=ideas[0]).values_list("theme__label", flat=True)) == ["Lavoro"]


def test_a_third_theme_is_refused_with_a_message_on_the_board(event, ideas, member):
    client = client_for(member)
    themes = [services.theme_create(event=event, label=f"Tema {n}", by=member) for n in range(3)]
    url = reverse("live:idea_theme_add", kwargs={"slug": event.slug})
    for theme in themes[:2]:
        client.post(url, {"idea": ideas[0].pk, "theme": theme.pk})
    response = client.post(url, {"idea": ideas[0].pk, "theme": themes[2].pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "al massimo in 2 temi" in response.content.decode()


def test_an_idea_of_another_event_cannot_be_filed_here(event, ideas, member):
    from trama.live.tests.factories import make_live_event
    from trama.plans.models import PlanVersion

    other = make_live_event(slug="altro", plan=PlanVersion.objects.get())
    theme = services.theme_create(event=other, label="Altrove", by=member)
    services.regia_member_set(event=other, user=member)
    url = reverse("live:idea_theme_add", kwargs={"slug": other.slug})
    response = client_for(member).post(url, {"idea": ideas[0].pk, "theme": theme.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert not IdeaTheme.objects.filter(theme=theme).exists()


@pytest.mark.parametrize(("who", "status", "published"), [("member", 403, False), ("lead", 200, True)])
def test_only_the_lead_publishes_a_theme(event, request, who, status, published):
    user = request.getfixturevalue(who)
    theme = services.theme_create(event=event, label="Mobilità", by=user)
    url = reverse("live:theme_publish", kwargs={"slug": event.slug, "theme_id": theme.pk})
    response = client_for(user).post(url, {"published": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == status
    assert Theme.objects.get(pk=theme.pk).is_published is published


def test_the_publish_button_is_shown_only_to_the_lead(event, member, lead):
    services.theme_create(event=event, label="Mobilità", by=lead)
    url = reverse("live:regia", kwargs={"slug": event.slug})
    assert "Pubblica" not in client_for(member).get(url).content.decode()
    assert "Pubblica" in client_for(lead).get(url).content.decode()


def test_a_theme_without_a_name_gets_an_error_not_a_500(event, member):
    url = reverse("live:theme_create", kwargs={"slug": event.slug})
    response = client_for(member).post(url, {"label": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Dai un nome al tema" in response.content.decode()


def test_merge_and_split_from_the_board(event, ideas, member):
    client = client_for(member)
    a = services.theme_create(event=event, label="Trasporti", by=member)
    b = services.theme_create(event=event, label="Bus", by=member)
    for i in ideas:
        services.idea_theme_add(idea=i, theme=b, by=member)
    client.post(reverse("live:themes_merge", kwargs={"slug": event.slug, "theme_id": a.pk}), {"others": [b.pk]})
    assert a.idea_links.count() == 3
    split = reverse("live:theme_split", kwargs={"slug": event.slug, "theme_id": a.pk})
    response = client.post(split, {"ideas": [ideas[0].pk], "label": "Ciclabili"})
    assert response.status_code == 302
    assert Theme.objects.get(label="Ciclabili").idea_links.count() == 1


def test_the_dissent_lane_is_not_offered_for_merging(event, member):
    lane = Theme.objects.get(event=event, is_dissent=True)
    a = services.theme_create(event=event, label="Trasporti", by=member)
    url = reverse("live:themes_merge", kwargs={"slug": event.slug, "theme_id": a.pk})
    response = client_for(member).post(url, {"others": [lane.pk]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    lane.refresh_from_db()
    assert lane.merged_into is None
