"""The GLM pipeline drawn as a row of boxes joined by arrows (chapters 4 and 5).

Chapter 4 draws the recipe as an assembly line -- features, linear score,
response, mean -- and chapter 5 draws the same line under each fitted model.
Both build it here, so the boxes look the same in both chapters and the
simulations only write the text inside them.
"""

#: the frame of every box: rounded, dark edge, white inside
BOX_STYLE = {"linewidth": 1.2, "edgecolor": "#333333", "facecolor": "white"}
ARROW_STYLE = {"arrowstyle": "-|>", "color": "#333333", "lw": 1.3}


def pipeline_boxes(ax, centres, half_widths, y, *, pad=0.45, gap=0.0):
    """Empty text boxes at ``centres`` (data x) on height ``y``, arrows between them.

    Introduced in chapter 4. ``half_widths`` are the boxes' half widths in
    data units, which place each arrow from one box's right edge to the next
    box's left edge, ``gap`` short of both. Returns the box ``Text`` artists,
    left to right; the caller writes their text and registers the ones that
    change as moving artists.
    """
    boxes = [
        ax.text(
            x,
            y,
            "",
            ha="center",
            va="center",
            fontsize=10,
            linespacing=1.4,
            bbox={"boxstyle": f"round,pad={pad}", **BOX_STYLE},
        )
        for x in centres
    ]
    for i in range(len(centres) - 1):
        ax.annotate(
            "",
            xy=(centres[i + 1] - half_widths[i + 1] - gap, y),
            xytext=(centres[i] + half_widths[i] + gap, y),
            arrowprops=ARROW_STYLE,
        )
    return boxes
