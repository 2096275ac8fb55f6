from __future__ import annotations

from django.db.models import Sum

from trama.territory.models import Comune, Venue, ZonaOmogenea
from trama.territory.services import territory_load_reference, zone_membership_load_shipped


def test_the_eleven_zones_have_their_official_names(territory):
    names = list(ZonaOmogenea.objects.values_list("number", "name"))
    assert names[0] == (1, "Torino")
    assert names[6] == (7, "Ciriacese-Valli di Lanzo")
    assert names[10] == (11, "Chierese-Carmagnolese")
    assert len(names) == 11


def test_all_312_comuni_are_loaded_with_istat_code_and_population(territory):
    assert Comune.objects.count() == 312
    torino = Comune.objects.get(name="Torino")
    assert torino.istat_code == "001272"
    assert torino.population == 841_600
    assert Comune.objects.aggregate(total=Sum("population"))["total"] == 2_198_237


def test_shipped_memberships_assign_214_comuni_and_leave_98_unassigned(territory):
    assert Comune.objects.filter(zona__isnull=False).count() == 214
    assert Comune.objects.unassigned().count() == 98
    assert Comune.objects.get(name="Mappano").zona.number == 4
    assert ZonaOmogenea.objects.with_counts().get(number=5).comuni_count == 45


def test_each_assigned_comune_keeps_the_source_of_its_zone(territory):
    assert not Comune.objects.filter(zona__isnull=False, zona_source="").exists()


def test_venue_a_groups_the_four_metropolitan_zones(territory):
    venue = Venue.objects.get(letter="A")
    assert sorted(venue.zones.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert venue.sua == "SUA 12-13-14"
    assert Venue.objects.get(letter="C").host_town == "Condove"


def test_loading_twice_changes_nothing(territory):
    territory_load_reference()
    report = zone_membership_load_shipped()
    assert report.changed == 0
    assert Comune.objects.filter(zona__isnull=False).count() == 214
    assert ZonaOmogenea.objects.count() == 11


def test_the_shipped_list_never_overwrites_a_zone_set_by_an_official_import(territory):
    comune = Comune.objects.get(name="Collegno")
    zona_3 = ZonaOmogenea.objects.get(number=3)
    comune.zona, comune.zona_source = zona_3, "official file"
    comune.save()
    zone_membership_load_shipped()
    comune.refresh_from_db()
    assert comune.zona == zona_3
