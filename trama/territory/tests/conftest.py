from __future__ import annotations

import pytest

from trama.territory.services import comuni_load_fixture, territory_load_reference, zone_membership_load_shipped


@pytest.fixture
def territory(db) -> None:
    """The real territory: 11 zones, 6 venues, 312 comuni and the shipped zone memberships."""
    territory_load_reference()
    comuni_load_fixture()
    zone_membership_load_shipped()
