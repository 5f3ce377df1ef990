"""Helpers that drive the course in a real JupyterLab in headless Chromium.

Used by ``tests/test_browser.py`` and ``benchmarks/bench_browser_latency.py``.
"""
