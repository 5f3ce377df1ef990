"""A figure that renders its still parts once and its moving parts every frame.

Introduced in chapter 0, used by every simulation. ipympl has no blitting:
each redraw is a full Agg render of the figure, and most of that time goes
into things that never move -- tick labels, titles, axis labels, grids,
legends, reference curves. ``LayeredFigure`` keeps a snapshot of those
pixels. Artists registered with ``add_moving`` are left out of the snapshot
(matplotlib's ``animated`` flag) and drawn on top of it each frame, so a
frame costs one pixel copy plus the few artists a control actually moves.

The snapshot is rebuilt when the canvas size or resolution changes (ipympl
doubles the dpi on high-density screens) and whenever the owner calls
``invalidate_background`` after changing a still artist. A figure with a few
fixed looks (chapter 1 restyles its axes for each distribution) names them
with ``show_layer``, and keeps one snapshot per look. Saving a figure to a file always renders everything in one
pass, so ``savefig`` output is the ordinary picture.
"""

from matplotlib.figure import Figure


class LayeredFigure(Figure):
    """A ``Figure`` with a cached still layer and moving artists (chapter 0)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.moving_artists = []
        self._backgrounds = {}
        self._layer = None
        self.background_renders = 0

    def add_moving(self, *artists):
        """Register artists that change between frames; returns the first one."""
        for artist in artists:
            artist.set_animated(True)
            self.moving_artists.append(artist)
        return artists[0] if artists else None

    def show_layer(self, name):
        """Say that the still artists are now in the state called ``name``.

        A simulation that switches between a few fixed looks (one per
        distribution, say) calls this after restyling its axes; a picture
        already rendered for ``name`` at this size is reused, so switching
        back costs no full render.
        """
        self._layer = name
        self.stale = True

    def invalidate_background(self):
        """Forget every still picture: call after changing any still artist."""
        self._backgrounds.clear()
        self.stale = True

    def draw(self, renderer):
        if self.canvas.is_saving() or not hasattr(renderer, "copy_from_bbox"):
            # Saving (or a renderer that cannot copy pixels): one ordinary pass.
            # Axes include animated artists while saving; otherwise add them.
            super().draw(renderer)
            if not self.canvas.is_saving():
                self._draw_moving(renderer)
            return
        key = (self._layer, renderer.width, renderer.height, self.dpi)
        background = self._backgrounds.get(key)
        if background is None:
            super().draw(renderer)
            self._backgrounds[key] = renderer.copy_from_bbox(self.bbox)
            self.background_renders += 1
        else:
            renderer.restore_region(background)
        self._draw_moving(renderer)
        self.stale = False

    def _draw_moving(self, renderer):
        for artist in self.moving_artists:
            if artist.get_visible():
                artist.draw(renderer)
