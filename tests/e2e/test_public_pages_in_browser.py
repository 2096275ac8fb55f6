"""A visitor opens the public pages in a real browser; axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


def test_home_shows_the_vision_and_is_accessible(site, page, axe_check, screenshot):
    page.goto(site + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Torino Metro(poli)montana"
    assert page.locator(".plan-numbers").inner_text().count("113") == 1
    screenshot(page, "home")
    violations = axe_check(page)
    assert not violations, _describe(violations)


def test_a_visitor_goes_from_home_to_an_axis_and_a_strategy(site, page, axe_check, screenshot):
    page.goto(site + "/")
    page.get_by_role("link", name="Torino Metropoli più mobile, accessibile e collegata").click()
    page.wait_for_url("**/assi/3/")
    assert "Asse 3" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "axis")
    violations = axe_check(page)
    assert not violations, _describe(violations)

    page.get_by_role("link", name="3.1 Progettare la mobilità metropolitana", exact=False).first.click()
    page.wait_for_url("**/strategie/3.1/")
    assert "tariffazione" in page.content()
    screenshot(page, "strategy")
    violations = axe_check(page)
    assert not violations, _describe(violations)


def test_the_territory_map_renders_offline_and_is_accessible(site, page, axe_check, screenshot):
    blocked: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site)
            else (blocked.append(route.request.url), route.abort())
        ),
    )
    page.goto(site + "/territorio/")
    assert page.locator("svg.territory-map path").count() == 312
    box = page.locator("svg.territory-map").bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 300
    assert blocked == []
    screenshot(page, "territory-map")
    violations = axe_check(page)
    assert not violations, _describe(violations)


def test_search_and_comparison_pages_work_and_are_accessible(site, page, axe_check, screenshot):
    page.goto(site + "/")
    page.get_by_label("Cerca nel piano").fill("tariffazione")
    page.get_by_label("Cerca nel piano").press("Enter")
    page.wait_for_url("**/cerca/?q=tariffazione")
    assert page.get_by_role("link", name="Implementare un sistema integrato della mobilità", exact=False).count() >= 1
    violations = axe_check(page)
    assert not violations, _describe(violations)

    page.goto(site + "/piani/confronto/")
    assert page.locator("tr.change-new").count() == 4
    screenshot(page, "compare")
    violations = axe_check(page)
    assert not violations, _describe(violations)


def test_the_language_switch_turns_the_interface_to_english(site, page):
    page.goto(site + "/piani/psm-2024-2026/")
    page.get_by_label("Lingua").select_option("en")
    page.get_by_role("button", name="Cambia lingua").click()
    page.wait_for_url("**/en/piani/psm-2024-2026/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Axis 1" in page.content()
