"""How frames leave the kernel on ipympl's canvas (chapters 0-9).

ipympl sends a frame as the pixels that changed since the frame before,
and its front end keeps one image: a frame that arrives while the previous
one is still loading replaces it, and the lost frame's changes stay on
screen as ghosts. The Simulation base therefore sends a frame whole when
it follows the last one closely (``FULL_FRAME_GAP``), and cheap differences
otherwise. Run under ipympl's backend in a subprocess, recording the image
mode of every frame sent to the browser.
"""

from ipympl_run import run_under_ipympl

IPYMPL_FRAMES = """
import time

import matplotlib
from glmlib.simulations import GaussianInDisguise
from glmlib.ui import simulation

assert "ipympl" in matplotlib.get_backend()
sim = GaussianInDisguise()
canvas = sim.figure.canvas
modes = []  # the image mode of every frame sent to the browser
canvas.send_binary = lambda data: modes.append(canvas._current_image_mode)
canvas.syncing_data_url = False  # the browser shows the canvas
canvas.draw()
slider = sim.controls["mu"]

time.sleep(2 * simulation.FULL_FRAME_GAP)
slider.value = 1.0  # a lone change: only what changed is sent
assert modes[-1] == "diff", modes
slider.value = 1.5  # right after the last frame: sent whole
assert modes[-1] == "full", modes
time.sleep(2 * simulation.FULL_FRAME_GAP)
slider.value = 0.5  # after a pause: a difference again
assert modes[-1] == "diff", modes
print("ok")
"""


def test_a_frame_that_follows_the_last_closely_is_sent_whole():
    run_under_ipympl(IPYMPL_FRAMES)
