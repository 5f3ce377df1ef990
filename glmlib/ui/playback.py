"""Playing a precomputed sequence of frames without blocking the kernel (chapter 8).

Chapter 8 races gradient ascent against Newton's method one step at a time.
A loop in a cell that draws each step would block the kernel: no frame
reaches the browser and no mouse or slider event is handled until the cell
ends. Instead the whole path is computed first, and playing it is left to
the browser:

* a ``Play`` widget counts frames 0..n-1 with its own timer, in the
  browser;
* it is ``jslink``-ed to an ``IntSlider``, so the two move together in the
  browser with no kernel round trip, and the learner can also drag or
  arrow-key the slider to any step;
* the slider's value reaches the kernel as an ordinary widget change, and
  ``on_frame(k)`` draws frame k from scratch -- cheap, and correct whatever
  frame was shown before. ipywidgets keeps one update in flight and merges
  the rest, so a slow frame makes playback skip steps, never queue them.

No thread, no asyncio task and no loop in a cell is involved. Headless, a
test steps the playback by setting ``slider.value`` (or ``show(k)``); the
Play button's timer only runs in a browser.

ipywidgets' Play buttons are bare icons: no text, no title, no ARIA label
(its ``description`` and ``tooltip`` are not rendered), so a screen reader
announces two nameless buttons. The Play widget is therefore kept out of
sight and driven by a ``ToggleButton`` that says "Play" / "Pause" in words,
``jslink``-ed to the Play's ``playing``: the timer still runs in the
browser. The slider carries a visible description and a tooltip (ipywidgets
cannot give its handle an ARIA label).
"""

from numbers import Integral

import ipywidgets as widgets


def _whole(value, what):
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{what} must be a whole number, not {value!r}")
    return int(value)


def _check_frames(n_frames):
    n_frames = _whole(n_frames, "n_frames")
    if n_frames < 1:
        raise ValueError(f"playback needs at least one frame, not {n_frames}")
    return n_frames


class Playback:
    """A Play button jslinked to a step slider over ``n_frames`` frames (chapter 8).

    ``on_frame(k)`` is called with the new frame number whenever the slider
    (and so the Play button) moves; it should draw frame k from scratch.
    Nothing is drawn at construction: the owner draws its first picture
    itself. ``label`` names the slider ("step"), ``play_label`` the Play
    button; ``interval`` is the time between frames in milliseconds.
    """

    def __init__(
        self,
        n_frames,
        on_frame,
        *,
        label="step",
        play_label="Play the steps one by one",
        interval=150,
    ):
        n_frames = _check_frames(n_frames)
        self.on_frame = on_frame
        self._muted = False
        self.play = widgets.Play(
            value=0,
            min=0,
            max=n_frames - 1,
            step=1,
            interval=int(interval),
            show_repeat=False,
            description=play_label,
            tooltip=play_label,
            layout=widgets.Layout(display="none"),  # its timer runs all the same
        )
        #: the visible Play / Pause button, with words a screen reader reads
        self.button = widgets.ToggleButton(
            value=False,
            description="Play",
            icon="play",
            tooltip=play_label,
            layout=widgets.Layout(width="auto"),
        )
        self.slider = widgets.IntSlider(
            value=0,
            min=0,
            max=n_frames - 1,
            step=1,
            description=label,
            tooltip=f"{label}: drag or use the arrow keys to show one step",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="340px"),
        )
        #: the browser-side link that makes Play move the slider (and back)
        self.link = widgets.jslink((self.play, "value"), (self.slider, "value"))
        #: the browser-side link from the button to the Play's timer
        self.play_link = widgets.jslink((self.button, "value"), (self.play, "playing"))
        self.slider.observe(self._on_value, names="value")
        self.button.observe(self._on_playing, names="value")
        #: the button and the slider, side by side (the Play widget is hidden)
        self.widget = widgets.HBox([self.button, self.play, self.slider])

    @property
    def n_frames(self):
        """How many frames there are (frame numbers run 0..n_frames-1)."""
        return self.slider.max + 1

    @property
    def frame(self):
        """The frame shown now."""
        return self.slider.value

    def _check_frame(self, k, n_frames=None):
        n_frames = self.n_frames if n_frames is None else n_frames
        k = _whole(k, "a frame number")
        if not 0 <= k < n_frames:
            raise IndexError(
                f"frame {k} does not exist: frames run 0 to {n_frames - 1}"
            )
        return k

    def show(self, k):
        """Show frame ``k`` (what a test does instead of pressing Play)."""
        k = self._check_frame(k)
        if k == self.slider.value:
            self.on_frame(k)  # same number, but the caller wants it drawn
        else:
            self.slider.value = k

    def set_frames(self, n_frames, frame=None, draw=True):
        """Change the number of frames, e.g. after the owner recomputed the path.

        Keeps the current frame number (or the last frame, if there are now
        fewer) unless ``frame`` says which one to show; then draws it once,
        unless ``draw`` is False (an owner calling this from its own
        ``draw_state`` draws the frame itself). A playing Play button plays
        on through the new frames.
        """
        n_frames = _check_frames(n_frames)
        k = min(self.slider.value, n_frames - 1) if frame is None else frame
        k = self._check_frame(k, n_frames)
        self._muted = True
        try:
            for widget in (self.slider, self.play):
                if n_frames - 1 < widget.value:
                    widget.value = n_frames - 1
                widget.max = n_frames - 1
            self.slider.value = k
            self.play.value = k
        finally:
            self._muted = False
        if draw:
            self.on_frame(k)

    def stop(self):
        """Stop playing (the browser's timer stops)."""
        self.play.playing = False
        self.button.value = False

    def _on_playing(self, change):
        self.button.description = "Pause" if change["new"] else "Play"
        self.button.icon = "pause" if change["new"] else "play"

    def _on_value(self, change):
        if not self._muted:
            self.on_frame(change["new"])

    def close(self):
        """Unhook the callback and close the widgets and their link (twice is harmless)."""
        if self.on_frame is None:
            return
        self.on_frame = None
        self.slider.unobserve(self._on_value, names="value")
        self.button.unobserve(self._on_playing, names="value")
        for widget in (
            self.link,
            self.play_link,
            self.widget,
            self.button,
            self.play,
            self.slider,
        ):
            widget.close()
