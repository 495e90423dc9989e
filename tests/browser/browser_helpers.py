"""Helpers for the browser tests: step screenshots, axe-core checks, and a driver that walks
a journey in either language, by keyboard alone or the ordinary way."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

ROOT = Path(__file__).parents[2]
AXE = ROOT / "tests" / "browser" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"


class Steps:
    """Screenshots per step, named after the test."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, label: str) -> None:
        self.count += 1
        self.page.screenshot(
            path=str(self.folder / f"{self.count:02d}-{label}.png"), full_page=True
        )


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) on the page; return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result
    ]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=2)


PASSWORD = "een lange zin als wachtwoord"


def make_account(api: httpx.Client, email: str, name: str) -> dict[str, str]:
    """A new account through the API; returns bearer headers for it."""
    made = api.post(
        "/api/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": name}
    )
    assert made.status_code == 201, made.text
    token = api.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


# --- Journeys in either language, by keyboard alone -------------------------------------------

# Whether focus is visible: an outline or a box shadow on the focused element, and the element
# on screen with a size (a focus ring on a zero-size or off-screen element is no help).
_FOCUS_STATE = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return {tag: 'body', visible: false, text: ''};
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
        || (s.boxShadow && s.boxShadow !== 'none');
    return {tag: e.tagName.toLowerCase(), visible: Boolean(ring) && r.width > 0 && r.height > 0,
            text: (e.getAttribute('aria-label') || e.innerText || e.value || e.id || '')
                .trim().slice(0, 60)};
}"""
# Is the focused element the target (or, for a label's control, the control itself)?
_FOCUS_IS = "e => document.activeElement === e"
# -1: the target comes before the focused element (use Shift+Tab), 1: after it (use Tab).
_DIRECTION = """e => {
    const a = document.activeElement;
    if (!a || a === document.body || a === e) return 1;
    return a.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING ? -1 : 1;
}"""
# A radio button: the size of its group (0 for anything else).
_RADIO_GROUP = """e => e.type === 'radio' && e.name ?
    document.querySelectorAll(`input[type=radio][name="${e.name}"]`).length : 0"""
# Does pressing Enter on this element load a page (a link away, or a form's submit button)?
_LOADS_A_PAGE = """e => (e.tagName === 'A' && Boolean(e.getAttribute('href'))
        && !e.getAttribute('href').startsWith('#'))
    || (e.tagName === 'BUTTON' && e.type === 'submit' && Boolean(e.form))"""
# Where focus is; whether it is on the target (for a radio button: in its group, as Tab
# enters a group at its chosen button); whether it came back to where the walk started.
_STEP = """([target, start, group]) => {
    const e = document.activeElement;
    const hit = group ? Boolean(e) && e.type === 'radio' && e.name === target.name
        && e.form === target.form : e === target;
    const text = e ? (e.getAttribute('aria-label') || e.innerText || e.value || e.id || '') : '';
    return {hit, round: Boolean(start) && e === start,
            where: `${e ? e.tagName.toLowerCase() : 'none'}:${text.trim().slice(0, 60)}`};
}"""
MAX_TABS = 250


def press_to(page: Page, target: Locator) -> None:
    """Move focus to ``target`` with Tab (or Shift+Tab when it lies behind), as a keyboard
    user would, and check the focus ring is visible on it. Fails when the element cannot be
    reached: a keyboard trap or a control that takes no focus. A radio button is reached as
    a keyboard user reaches it: Tab into its group, then the arrow keys."""
    handle = target.element_handle()
    assert handle is not None
    group = page.evaluate(_RADIO_GROUP, handle)
    key = "Tab" if page.evaluate(_DIRECTION, handle) > 0 else "Shift+Tab"
    path: list[str] = []
    start = None
    left = False  # Tab moves through the parts of a date field without leaving it
    step = page.evaluate(_STEP, [handle, None, bool(group)])
    for _ in range(MAX_TABS):
        if step["hit"]:
            break
        page.keyboard.press(key)
        # One round trip per key: where focus is, whether it is there, whether it went round.
        step = page.evaluate(_STEP, [handle, start, bool(group)])
        path.append(step["where"])
        if start is None:
            start = page.evaluate_handle("() => document.activeElement")
        elif not step["round"]:
            left = True
        elif left:
            raise AssertionError(f"{key} went round without reaching {target}; path: {path}")
    else:
        raise AssertionError(f"{key} never reached {target}; focus went: {path[-30:]}")
    if group:
        for _ in range(group):
            if page.evaluate(_FOCUS_IS, handle):
                break
            page.keyboard.press("ArrowDown" if page.evaluate(_DIRECTION, handle) > 0 else "ArrowUp")
        assert page.evaluate(_FOCUS_IS, handle), f"the arrow keys never reached {target}"
    state = page.evaluate(_FOCUS_STATE)
    assert state["visible"], f"no visible focus on {state}"


_DATE_ORDERS: dict[str, str] = {}


def _date_order(page: Page) -> str:
    """The order in which this browser's date field takes its parts ("dmy", "mdy"): it
    follows the browser's own language, so it is read once from a date field on a scratch
    page."""
    key = page.evaluate("() => navigator.language")
    if key not in _DATE_ORDERS:
        probe = page.context.new_page()
        probe.set_content('<input type="date" id="d">')
        probe.focus("#d")
        probe.keyboard.type("01022003")
        value = probe.eval_on_selector("#d", "e => e.value")
        probe.close()
        _DATE_ORDERS[key] = {"2003-02-01": "dmy", "2003-01-02": "mdy"}[value]
    return _DATE_ORDERS[key]


class Journey:
    """Drives a page in one language, either by keyboard alone (Tab, Shift+Tab, Enter, Space
    and typing; never a mouse click) or the ordinary way. Labels are the English messages of
    the catalogue, translated the way the pages translate them."""

    def __init__(self, page: Page, language: str, *, keyboard: bool) -> None:
        self.page = page
        self.language = language
        self.keyboard = keyboard

    def t(self, message: str, **params: Any) -> str:
        from kunde.web.i18n import gettext  # noqa: PLC0415 - only the browser suite needs it

        return gettext(self.language, message, **params)

    def label(self, message: str, *, exact: bool = True, **params: Any) -> Locator:
        return self.page.get_by_label(self.t(message, **params), exact=exact)

    def button(self, message: str, **params: Any) -> Locator:
        return self.page.get_by_role("button", name=self.t(message, **params), exact=True)

    def link(self, message: str, **params: Any) -> Locator:
        """A link in the page's content."""
        name = self.t(message, **params)
        return self.page.locator("main").get_by_role("link", name=name, exact=True)

    def menu(self, message: str) -> Locator:
        """A link in the main menu at the top of every page."""
        menu = self.page.get_by_role("navigation", name=self.t("Main menu"))
        return menu.get_by_role("link", name=self.t(message), exact=True)

    def goto(self, path: str) -> None:
        """Open an address, as typed in the address bar (the language by the browser's)."""
        self.page.goto(path)
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)

    def activate(self, target: Locator, *, navigates: bool | None = None) -> None:
        """Follow a link, press a button or open a summary. A link or a form's button is
        expected to load a page (``navigates``: say so when it does not, e.g. a download)."""
        if not self.keyboard:
            target.click()
            return
        press_to(self.page, target)
        if navigates is None:
            navigates = target.evaluate(_LOADS_A_PAGE)
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
        else:
            self.page.keyboard.press("Enter")

    def fill(self, target: Locator, text: str) -> None:
        """Type into a field. A date is typed as a person types it in the browser's date
        field, in the order of its parts that the browser shows."""
        if self.keyboard and target.get_attribute("type") == "date":
            press_to(self.page, target)
            year, month, day = text.split("-")
            parts = {"d": day, "m": month, "y": year}
            self.page.keyboard.type("".join(parts[p] for p in _date_order(self.page)))
        elif self.keyboard:
            press_to(self.page, target)
            self.page.keyboard.press("ControlOrMeta+a")
            self.page.keyboard.press("Delete")
            if len(text) > 200:  # long text arrives as a paste does
                self.page.keyboard.insert_text(text)
            else:
                self.page.keyboard.type(text)
        else:
            target.fill(text)
        expect(target).to_have_value(text)

    def submit(self, target: Locator) -> None:
        """Send a form with Enter from one of its text fields."""
        if self.keyboard:
            press_to(self.page, target)
        target.press("Enter")

    def check(self, target: Locator) -> None:
        """Tick a checkbox or choose a radio button (Space)."""
        if self.keyboard:
            press_to(self.page, target)  # the arrow keys choose a radio button on the way
            if not target.is_checked():
                self.page.keyboard.press("Space")
        else:
            target.check()
        expect(target).to_be_checked()

    def select(self, target: Locator, *, label: str = "", value: str = "") -> None:
        """Choose an option of a select by its text or value, with the arrow keys."""
        if not self.keyboard:
            target.select_option(label=label) if label else target.select_option(value)
            return
        press_to(self.page, target)
        read = "s => s.selectedOptions[0].textContent.trim()" if label else "s => s.value"
        self.page.keyboard.press("Home")
        for _ in range(target.locator("option").count()):
            if target.evaluate(read) == (label or value):
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {label or value!r} in {target}")

    def sign_in(self, email: str) -> None:
        self.goto("/sign-in")
        self.fill(self.label("E-mail address"), email)
        self.fill(self.label("Password"), PASSWORD)
        self.submit(self.label("Password"))
        expect(self.button("Sign out")).to_be_visible()


LANGUAGE_WAYS = [
    pytest.param("nl", True, id="nl-keyboard"),
    pytest.param("en", True, id="en-keyboard"),
]
LOCALES = {"nl": "nl-NL", "en": "en-GB"}


def open_page(browser: Browser, server: str, language: str) -> Page:
    """A fresh browser window for one person, its browser set to ``language``."""
    opened = browser.new_context(base_url=server, locale=LOCALES[language]).new_page()
    opened.set_default_timeout(15_000)
    return opened
