"""What a simulation looks like without a kernel: a still picture and its words (chapter 0).

A stored notebook cannot hold a live widget: its view refers to a model
that exists only in a running kernel. So that GitHub, nbviewer and an
unrun notebook still show every simulation, a simulation's display also
carries

* ``picture_png`` -- a small still PNG of the figure as it is now (at the
  course's resolution, reduced to a palette of at most ``PICTURE_COLOURS``
  colours, so a picture costs tens of kilobytes, not hundreds), and
* ``describe_figure`` -- the same figure in words: its title, every panel's
  title, axes and ranges, the legend entries and the text drawn in it.
  ``Simulation.description`` adds the controls' settings and the readouts;
  this is what a screen reader reads and what a text-only view shows.

``notebooks/store_outputs.py`` stores the picture and the words and drops
the live view; in a running kernel the live widget is shown instead. nbval
skips ``image/png`` and compares ``text/plain``, so the words -- with the
readouts glmlib computes -- are checked on every run, never the pixels.
"""

import base64
import io
import re
import textwrap

import matplotlib.axis
from matplotlib.legend import Legend
from PIL import Image

from ..course.formatting import tick_label

#: colours kept in a still picture; antialiased text and lines need a few
#: dozen, and more only make the file larger
PICTURE_COLOURS = 64
#: width of a line of the text description (it is shown as plain text)
DESCRIPTION_WIDTH = 79
#: every description starts with this, so a reader knows what it stands for
DESCRIPTION_HEADING = "Still picture of the simulation"

_MATH_WORDS = {
    r"\eta": "η",
    r"\mu": "μ",
    r"\theta": "θ",
    r"\phi": "φ",
    r"\sigma": "\u03c3",
    r"\lambda": "λ",
    r"\infty": "∞",
    r"\cdot": "·",
    r"\log": "log",
    r"\exp": "exp",
    r"\,": " ",
    r"\;": " ",
    r"\!": "",
}


def picture_png(figure, colours=PICTURE_COLOURS):
    """The figure as it is now, as a small palette PNG (bytes) (chapter 0).

    Rendered by Agg at the figure's own resolution (a high-density screen's
    doubling undone), so the picture has the pixel size the live canvas has
    on an ordinary screen. ``savefig`` draws every artist in one pass and
    leaves the live canvas alone.
    """
    ratio = getattr(figure.canvas, "device_pixel_ratio", 1) or 1
    raw = io.BytesIO()
    figure.savefig(raw, format="png", dpi=figure.dpi / ratio, facecolor="white")
    raw.seek(0)
    with Image.open(raw) as image:
        small = image.convert("RGB").quantize(
            colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    packed = io.BytesIO()
    small.save(packed, format="PNG", optimize=True)
    return packed.getvalue()


def picture_base64(figure):
    """``picture_png`` as the base64 text a notebook output stores (chapter 0)."""
    return base64.b64encode(picture_png(figure)).decode("ascii")


def _fraction(match):
    """``\\frac{1}{1+e^(-η)}`` as "1/(1+e^(-η))": brackets only where a part needs them."""

    def part(text):
        return text if re.fullmatch(r"\\?[\w.]+", text) else f"({text})"

    return f"{part(match.group(1))}/{part(match.group(2))}"


def plain_text(text):
    """Figure text without mathtext markup, ``$\\mu = e^{\\eta}$`` -> ``μ = e^(η)`` (chapter 0).

    As in matplotlib, text is mathtext only between an even number of
    unescaped dollar signs; a lone ``$`` (a price) stays as it is.
    """
    text = str(text)
    dollars = len(re.findall(r"(?<!\\)\$", text))
    if dollars and dollars % 2 == 0:
        for _ in range(3):  # innermost groups first: e^{-\eta} -> e^(-\eta)
            text = re.sub(r"([\^_])\{([^{}]*)\}", r"\1(\2)", text)
        text = re.sub(r"\\d?frac\{([^{}]*)\}\{([^{}]*)\}", _fraction, text)
        text = re.sub(r"\\mathrm\{([^{}]*)\}", r"\1", text)
        for command, word in _MATH_WORDS.items():
            text = text.replace(command, word)
        text = re.sub(r"(?<!\\)\$", "", text).replace("{", "").replace("}", "")
        text = re.sub(r"\\([A-Za-z]+)", r"\1", text)
        text = re.sub(r"_\(([^()]*)\)|_(\w)", r"\1\2", text)
    text = text.replace("\\$", "$")
    return " ".join(text.split())


def _number(value):
    return tick_label(float(f"{value:.4g}"))


def _panel_names(axes):
    if len(axes) == 1:
        return ["The panel"]
    if len(axes) == 2:
        return ["Left panel", "Right panel"]
    if len(axes) == 3:
        return ["Left panel", "Middle panel", "Right panel"]
    return [f"Panel {i + 1}" for i in range(len(axes))]


def _axis_words(name, axis, limits):
    label = plain_text(axis.get_label_text())
    low, high = limits
    span = f"from {_number(low)} to {_number(high)}"
    return f'{name} axis "{label}" {span}' if label else f"{name} axis {span}"


def _legend_entries(ax):
    entries = []
    for child in ax.get_children():
        if isinstance(child, Legend) and child.get_visible():
            entries += [plain_text(t.get_text()) for t in child.get_texts()]
    return [e for e in entries if e]


def _texts(container):
    found = []
    for text in container.texts:
        words = plain_text(text.get_text())
        if text.get_visible() and words:
            found.append(words)
    return found


def describe_figure(figure):
    """The figure in words: title, then each visible panel (chapter 0).

    For each panel (left to right): its title; for an axes with visible
    axis lines, both axes' labels and ranges; the entries of its legend and
    every piece of text drawn in it. Returns a list of sentences.
    """
    sentences = []
    title = figure.get_suptitle()
    if title:
        sentences.append(f'Figure: "{plain_text(title)}".')
    axes = [ax for ax in figure.axes if ax.get_visible()]
    axes.sort(key=lambda ax: (-ax.get_position().y1, ax.get_position().x0))
    for name, ax in zip(_panel_names(axes), axes, strict=True):
        parts = []
        panel_title = plain_text(ax.get_title())
        head = f'{name}, "{panel_title}"' if panel_title else name
        if ax.axison:
            shown = [
                _axis_words(word, axis, limits)
                for word, axis, limits in (
                    ("horizontal", ax.xaxis, ax.get_xlim()),
                    ("vertical", ax.yaxis, ax.get_ylim()),
                )
                if isinstance(axis, matplotlib.axis.Axis) and axis.get_visible()
            ]
            if shown:
                parts.append(", ".join(shown))
        legend = _legend_entries(ax)
        if legend:
            parts.append("Key: " + "; ".join(legend))
        texts = _texts(ax)
        if texts:
            parts.append("Text: " + "; ".join(texts))
        sentences.append(f"{head}: " + ". ".join(parts) + "." if parts else head + ".")
    extra = [words for words in _texts(figure) if words != plain_text(title)]
    if extra:
        sentences.append("Also written on the figure: " + "; ".join(extra) + ".")
    return sentences


def wrap_paragraphs(paragraphs, width=DESCRIPTION_WIDTH):
    """Each paragraph wrapped at ``width``, one paragraph after the other (chapter 0)."""
    return "\n".join(
        textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False)
        for p in paragraphs
    )
