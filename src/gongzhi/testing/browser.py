"""Helpers for the Playwright stories."""

from __future__ import annotations


def touch_height(locator) -> float:
    """The height a phone user gets to tap, measured once the page's stylesheets have arrived.

    A locator finds its element as soon as the HTML is parsed; an app's own stylesheet (a link in extra_head)
    may still be on its way, and a layout taken then measures the bare .btn (CI once saw 39.6 px for a
    button its stylesheet makes 49 px). Waiting for the page's load event measures what the user sees.
    """
    locator.page.wait_for_load_state("load")
    box = locator.bounding_box()
    assert box is not None, "the element is not laid out"
    return box["height"]
