"""Points a learner moves with the mouse, or with ordinary widgets (chapter 7).

Chapter 7's Poisson lab lets the learner drag the shop's hours and watch the
fitted curve follow. ``DraggablePoints`` is the reusable part: it works on
any matplotlib canvas (an ipympl widget in JupyterLab, the Agg canvas in
tests and benchmarks) and knows nothing of fitting. It

* picks the point nearest to a left-button press, within ``radius`` CSS
  pixels, by comparing display coordinates through ``ax.transData`` (so the
  owner must set the axis limits explicitly: lazy autoscaling would make
  ``transData`` wrong before the first draw);
* moves it while the left button is held, and applies the release event's
  own position, because ipympl throttles mouse moves (33 ms) and a fast
  drag can lose its last move;
* ends the drag when a move arrives without the left button held: a
  release outside the canvas never reaches the kernel;
* passes every position through a constraint -- ``inside_axes`` by default,
  ``whole_counts`` for counts -- before anything else sees it;
* ignores presses while the toolbar's pan or zoom mode holds the canvas,
  and turns off the two ipympl canvas features that swallow presses: the
  toolbar (it covers the top-left of the axes) and the resize handle (the
  bottom-right corner);
* offers the same action without the mouse, since a focused ipympl canvas
  keeps Tab from leaving it: a ``Dropdown`` to pick a point and two number
  boxes to set its position, kept in step with every drag;
* reports each move, after the constraint, through ``on_move(index, x, y)``;
  the owner (a ``Simulation``, see ``Simulation.make_draggable``) refits and
  redraws. ``on_release(index, x, y)`` says the drag is over.

Moves are coalesced: one slot holds the newest position not yet applied, and
only one move is applied at a time. A move that arrives while another is
being applied (from a callback on another thread, or re-entrantly) only
replaces the slot, and the move in progress applies the newest position
when it finishes; stale positions are dropped, never queued.
"""

import math
import threading

import ipywidgets as widgets
import numpy as np
from matplotlib.backend_bases import MouseButton

#: how far from a point's centre (in CSS pixels) a press still picks it
PICK_RADIUS = 8


def _clip(value, limits):
    low, high = sorted(limits)
    return float(min(max(value, low), high))


def inside_axes(ax):
    """A constraint that keeps a point inside the axes' current limits (chapter 7).

    Returns ``constrain(x, y) -> (x, y)``; the limits are read at each call,
    so the constraint follows any later ``set_xlim`` / ``set_ylim``.
    """

    def constrain(x, y):
        return _clip(x, ax.get_xlim()), _clip(y, ax.get_ylim())

    return constrain


def whole_counts(ax):
    """A constraint for count data: y a whole number >= 0, both inside the axes (chapter 7).

    y is rounded to the nearest whole count (halves round up), then kept
    between the larger of 0 and the lowest whole count the y axis shows and
    the highest one it shows; x is kept inside the x limits. This is the
    support of a Poisson response, so a dragged point is always a count the
    Poisson family accepts.
    """

    def constrain(x, y):
        low, high = sorted(ax.get_ylim())
        lowest, highest = max(0, math.ceil(low)), math.floor(high)
        if highest < lowest:
            raise ValueError(
                f"the y axis ({low:g} to {high:g}) shows no whole count >= 0 "
                "to move a point to"
            )
        count = min(max(math.floor(y + 0.5), lowest), highest)
        return _clip(x, ax.get_xlim()), float(count)

    return constrain


def _finite(value, name):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    return number


def _decimals(step):
    """Decimals that show a value one place finer than a box's ``step`` (chapter 7)."""
    return max(0, 1 - math.floor(math.log10(abs(step)))) if step else 3


def keep_canvas_clear(canvas):
    """Hide ipympl's toolbar and resize handle, which swallow presses (chapter 7).

    The toolbar sits over the top-left of the axes and the resize handle is
    the canvas' bottom-right corner; a press on either never reaches the
    kernel. A no-op on canvases without these settings (Agg).
    """
    for name in ("toolbar_visible", "resizable"):
        if hasattr(type(canvas), name):
            setattr(canvas, name, False)


class DraggablePoints:
    """Points on ``ax`` that the mouse or two number boxes can move (chapter 7).

    ``x`` and ``y`` are the starting positions (data coordinates).
    ``artist`` is the ``Line2D`` (markers) or scatter collection that shows
    them; it is moved in place on every move. ``constrain(x, y) -> (x, y)``
    is applied to every new position (default: ``inside_axes(ax)``).
    ``names`` label the points in the picker (default "point 1", ...);
    ``x_label`` / ``y_label`` and ``x_step`` / ``y_step`` describe the two
    number boxes, and ``y_integer`` makes the y box a whole-number box.

    ``on_move(index, x, y)`` is called after each applied move with the
    constrained position; without it the canvas is asked for a redraw.
    ``on_release(index, x, y)`` is called when a drag ends.
    """

    def __init__(
        self,
        ax,
        x,
        y,
        *,
        artist=None,
        on_move=None,
        on_release=None,
        constrain=None,
        names=None,
        radius=PICK_RADIUS,
        x_label="x",
        y_label="y",
        x_step=0.1,
        y_step=0.1,
        y_integer=False,
        description="point",
    ):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        if x.ndim != 1 or x.shape != y.shape or x.size == 0:
            raise ValueError(
                f"x and y must be two 1-d arrays of the same, non-zero length; "
                f"got shapes {x.shape} and {y.shape}"
            )
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            raise ValueError("every starting position must be finite")
        if names is None:
            names = [f"point {i + 1}" for i in range(x.size)]
        names = [str(n) for n in names]
        if len(names) != x.size:
            raise ValueError(f"{len(names)} names for {x.size} points")
        self.ax = ax
        self.canvas = ax.figure.canvas
        self.artist = artist
        self.on_move = on_move
        self.on_release = on_release
        self.constrain = constrain if constrain is not None else inside_axes(ax)
        self.radius = float(radius)
        self.y_integer = bool(y_integer)
        self._xy = np.column_stack([x, y])
        #: index of the point being dragged, or None
        self.dragging = None
        self._grab = (0.0, 0.0)
        self._pending = None
        self._applying = threading.Lock()
        self._syncing = False
        self.n_moves = 0

        keep_canvas_clear(self.canvas)
        self._cids = [
            self.canvas.mpl_connect("button_press_event", self._on_press),
            self.canvas.mpl_connect("motion_notify_event", self._on_motion),
            self.canvas.mpl_connect("button_release_event", self._on_release),
        ]

        wide = {"description_width": "initial"}
        self.picker = widgets.Dropdown(
            options=[(name, i) for i, name in enumerate(names)],
            value=0,
            description=description,
            tooltip="Choose a point to move with the number boxes",
            style=wide,
            layout=widgets.Layout(width="auto"),
        )
        box = widgets.IntText if self.y_integer else widgets.FloatText
        self.x_box = widgets.FloatText(
            description=x_label,
            step=x_step,
            tooltip=f"{x_label} of the chosen point; press Enter to move it",
            style=wide,
            layout=widgets.Layout(width="190px"),
        )
        self.y_box = box(
            description=y_label,
            step=int(y_step) if self.y_integer else y_step,
            tooltip=f"{y_label} of the chosen point; press Enter to move it",
            style=wide,
            layout=widgets.Layout(width="190px"),
        )
        self._decimals = (_decimals(x_step), _decimals(y_step))
        self._sync_boxes(0)
        self.picker.observe(self._on_pick, names="value")
        self.x_box.observe(self._on_box, names="value")
        self.y_box.observe(self._on_box, names="value")
        #: the keyboard route: picker and number boxes in one row
        self.widget = widgets.HBox(
            [self.picker, self.x_box, self.y_box],
            layout=widgets.Layout(flex_flow="row wrap"),
        )

    # --- positions ---------------------------------------------------------
    @property
    def x(self):
        """The points' x positions (a copy)."""
        return self._xy[:, 0].copy()

    @property
    def y(self):
        """The points' y positions (a copy)."""
        return self._xy[:, 1].copy()

    def __len__(self):
        return len(self._xy)

    def display_positions(self):
        """The points in display pixels (matplotlib's, origin bottom-left)."""
        return self.ax.transData.transform(self._xy)

    def css_positions(self, xy=None):
        """Points (default: all of them) in CSS pixels from the canvas' top-left.

        Where a browser shows them: display pixels divided by the canvas'
        device pixel ratio (ipympl doubles the dpi on a high-density
        screen), with y flipped. Browser tests drag at these positions.
        """
        xy = self._xy if xy is None else np.atleast_2d(np.asarray(xy, dtype=float))
        display = self.ax.transData.transform(xy)
        ratio = getattr(self.canvas, "device_pixel_ratio", 1.0) or 1.0
        height = self.ax.figure.bbox.height
        return np.column_stack([display[:, 0], height - display[:, 1]]) / ratio

    def point_at(self, px, py):
        """Index of the point within ``radius`` of display pixel (px, py), or None.

        The nearest one wins; among equally near points, the one drawn last
        (the highest index), which is the one on top.
        """
        ratio = getattr(self.canvas, "device_pixel_ratio", 1.0) or 1.0
        distance = np.hypot(*(self.display_positions() - (px, py)).T)
        # equally near up to rounding (a millionth of a pixel): the last one
        nearest = int(np.flatnonzero(distance <= distance.min() + 1e-6)[-1])
        return nearest if distance[nearest] <= self.radius * ratio else None

    # --- moving ------------------------------------------------------------
    def move(self, index, x=None, y=None):
        """Move point ``index`` to (x, y) (None keeps a coordinate); return where it went.

        The position passes through the constraint first; the owner's
        ``on_move`` then sees the constrained position (and is not called
        when the point is already there). This is what the number boxes
        call, and what ``Simulation.move_point`` calls.
        """
        index = self._check_index(index)
        old_x, old_y = self._xy[index]
        x = old_x if x is None else _finite(x, "x")
        y = old_y if y is None else _finite(y, "y")
        position = self._constrained(x, y)
        self._pending = (index, *position)
        self._flush()
        return position

    def _check_index(self, index):
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise TypeError(f"a point index must be an integer, not {index!r}")
        if not 0 <= index < len(self._xy):
            raise IndexError(
                f"point {index} does not exist: there are {len(self._xy)} points "
                f"(0 to {len(self._xy) - 1})"
            )
        return int(index)

    def _constrained(self, x, y):
        cx, cy = self.constrain(x, y)
        return float(cx), float(cy)

    def _flush(self):
        """Apply the newest pending position, unless a move is being applied now.

        Whoever holds the lock re-reads the slot until it is empty, so a
        position stored while it worked is applied by it; after releasing,
        it looks once more in case a position arrived in between.
        """
        while self._pending is not None:
            if not self._applying.acquire(blocking=False):
                return  # the move in progress will apply the newest position
            try:
                while self._pending is not None:
                    job, self._pending = self._pending, None
                    self._apply(*job)
            finally:
                self._applying.release()

    def _apply(self, index, x, y):
        if self._xy[index, 0] == x and self._xy[index, 1] == y:
            return  # e.g. a move within one whole count: nothing to refit
        self._xy[index] = (x, y)
        self.n_moves += 1
        self._show_points()
        if self.on_move is not None:
            self.on_move(index, x, y)
        else:
            self.canvas.draw_idle()
        # The boxes follow after the frame, and only once a drag is over:
        # their messages would otherwise reach the browser ahead of each frame.
        if index == self.picker.value and self.dragging is None:
            self._sync_boxes(index)

    def _show_points(self):
        artist = self.artist
        if artist is None:
            return
        if hasattr(artist, "set_offsets"):
            artist.set_offsets(self._xy)
        else:
            artist.set_data(self._xy[:, 0], self._xy[:, 1])

    # --- the mouse ---------------------------------------------------------
    def _toolbar_busy(self):
        """Is pan, zoom or another tool holding the canvas?"""
        toolbar = getattr(self.canvas, "toolbar", None)
        mode = getattr(toolbar, "mode", None)
        if mode is not None and str(getattr(mode, "value", mode)):
            return True
        lock = getattr(self.canvas, "widgetlock", None)
        return lock is not None and not lock.available(self)

    def _on_press(self, event):
        if event.button != MouseButton.LEFT or self._toolbar_busy():
            return
        if self.dragging is not None:
            # the last drag's release happened outside the canvas and no
            # move has told us yet
            self._end_drag()
        index = self.point_at(event.x, event.y)
        if index is None:
            return
        px, py = self.ax.transData.transform(self._xy[index])
        self._grab = (px - event.x, py - event.y)
        self.dragging = index
        if self.picker.value != index:
            self.picker.value = index  # shows its position in the boxes

    def _on_motion(self, event):
        if self.dragging is None:
            return
        buttons = getattr(event, "buttons", None)
        if buttons is not None and MouseButton.LEFT not in buttons:
            # released outside the canvas: that release never arrived
            self._end_drag()
            return
        self._drag_to(event.x, event.y)

    def _on_release(self, event):
        if self.dragging is None or event.button != MouseButton.LEFT:
            return
        self._end_drag(event.x, event.y)

    def _drag_to(self, px, py):
        gx, gy = self._grab
        x, y = self.ax.transData.inverted().transform((px + gx, py + gy))
        self._pending = (self.dragging, *self._constrained(x, y))
        self._flush()

    def _end_drag(self, px=None, py=None):
        """Finish the drag, at (px, py) if the release said where."""
        index = self.dragging
        if px is not None:
            self._drag_to(px, py)
        self.dragging = None
        self._flush()
        if self.on_release is not None:
            self.on_release(index, *self._xy[index])
        if index == self.picker.value:
            self._sync_boxes(index)

    # --- the number boxes --------------------------------------------------
    def _sync_boxes(self, index):
        x, y = self._xy[index]
        self._syncing = True
        try:
            # shown to one decimal finer than a box step; the point keeps its
            # full position until the learner types a new one
            self.x_box.value = round(float(x), self._decimals[0])
            self.y_box.value = (
                round(float(y))
                if self.y_integer
                else round(float(y), self._decimals[1])
            )
        finally:
            self._syncing = False

    def _on_pick(self, change):
        self._sync_boxes(change["new"])

    def _on_box(self, change):
        if self._syncing:
            return
        index = self.picker.value
        x, y = self._xy[index]
        # only the box the learner changed moves the point: the other one
        # shows a rounded value, which must not nudge it
        if change["owner"] is self.x_box:
            x = self.x_box.value
        else:
            y = self.y_box.value
        try:
            self.move(index, x, y)
        finally:
            # show where the point went: the constraint may have moved it
            self._sync_boxes(index)

    def close(self):
        """Disconnect from the canvas and close the widgets (twice is harmless)."""
        if not self._cids:
            return
        for cid in self._cids:
            self.canvas.mpl_disconnect(cid)
        self._cids = []
        self.dragging = None
        self.picker.unobserve(self._on_pick, names="value")
        self.x_box.unobserve(self._on_box, names="value")
        self.y_box.unobserve(self._on_box, names="value")
        for widget in (self.widget, self.picker, self.x_box, self.y_box):
            widget.close()
