import re

from playwright.sync_api import expect


def test_the_lawyer_logs_into_the_back_office_and_finds_the_dossier(page, demo):
    page.goto("/admin/login/")
    expect(page.locator("input[name=username]")).to_be_visible()
    page.fill("input[name=username]", "fabien.delmas@aaps-avocats.com")
    page.fill("input[name=password]", "Delmas-Demo-2026")
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/snippets/dossiers/dossier/")
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    expect(page.locator("input[name=reference]")).to_have_value("2017IIDOS/1529")
    page.get_by_role("tab", name="Documents").click()
    expect(page.locator("input[value='Convocation à l\\'audience']")).to_be_visible()
