"""Run a snippet under ipympl's widget backend, as the notebooks do.

The test process itself runs on Agg; a fresh interpreter with
``MPLBACKEND`` set to ipympl gives the canvas the notebooks use (a widget
that sends PNG frames), without a browser or a kernel. The snippet prints
"ok" when all its assertions held.
"""

import os
import subprocess
import sys


def run_under_ipympl(code):
    """Run ``code`` in a fresh Python under ipympl; assert it printed "ok"."""
    env = {**os.environ, "MPLBACKEND": "module://ipympl.backend_nbagg"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
