"""The machine's Chromium under Playwright, for every browser test.

``launched_chromium()`` yields a Playwright ``Browser`` on Debian's Chromium
(or ``$CHROMIUM``), never a downloaded one. Without Playwright or Chromium the
test is skipped with the reason; CI (``.ci/run``) sets
``GLM_COURSE_BROWSER_REQUIRED=1``, and there a missing browser is a failure.
"""

import os
from contextlib import contextmanager

import pytest

from .jlab import CHROMIUM_ARGS, PAGE_HOOKS
from .lab import find_chromium


def browser_unavailable(reason):
    """Skip the test with ``reason``, or fail it where CI requires the browser."""
    if os.environ.get("GLM_COURSE_BROWSER_REQUIRED") == "1":
        pytest.fail(f"{reason} (GLM_COURSE_BROWSER_REQUIRED=1)")
    pytest.skip(f"browser tests skipped: {reason}")


@contextmanager
def course_context(hooks=True, height=900):
    """A browser context on the machine's Chromium, a learner's window in size.

    ``hooks`` installs ``jlab.PAGE_HOOKS`` (frame and key timestamps) in
    every page. One context serves a whole module: JupyterLab's bundle is
    then fetched once.
    """
    with launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": height})
        if hooks:
            context.add_init_script(PAGE_HOOKS)
        try:
            yield context
        finally:
            context.close()


@contextmanager
def launched_chromium():
    """A Playwright ``Browser`` on the machine's Chromium, closed afterwards."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable(
            "Playwright is not installed (it comes with requirements-test.txt)"
        )
    path = find_chromium()
    if path is None:
        browser_unavailable(
            "no Chromium found; install Debian's 'chromium' package "
            "(apt-get install chromium) or set $CHROMIUM"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
