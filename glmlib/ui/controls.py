"""The course's controls: one look for sliders and pickers (chapter 0).

Every simulation builds its controls here, so that widths, label styles and
the live-update setting are the same in every chapter.
"""

import ipywidgets as widgets

from ..course.formatting import FAMILY_LABELS


def slider(description, value, low, high, step, readout_format=".2f"):
    """A float slider in the course's layout (chapter 0)."""
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=readout_format,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="340px"),
    )


def family_picker(value="gaussian", description="distribution"):
    """Toggle buttons for the three distributions of chapters 1 and 4."""
    return widgets.ToggleButtons(
        options=[(FAMILY_LABELS[f], f) for f in ("gaussian", "bernoulli", "poisson")],
        value=value,
        description=description,
        style={"description_width": "initial", "button_width": "80px"},
    )


def control_name(control, fallback=""):
    """The words that name a control: its description, else its tooltip (chapter 0).

    These are the words a screen reader announces for it and the words the
    text description of a simulation uses.
    """
    for words in (getattr(control, "description", ""), getattr(control, "tooltip", "")):
        words = " ".join(str(words or "").split()).rstrip(":")
        if words:
            return words
    return fallback


def control_setting(control):
    """A control's current value in words, as its own readout shows it (chapter 0).

    A picker gives the label of its choice, an on/off button "on" or "off",
    a slider its value in the slider's own format.
    """
    value = control.value
    if isinstance(control, widgets.ToggleButton | widgets.Checkbox):
        return "on" if value else "off"
    if hasattr(control, "label") and hasattr(control, "options"):
        return "none chosen" if control.label is None else str(control.label)
    readout_format = getattr(control, "readout_format", None)
    if readout_format and isinstance(value, int | float):
        return format(value, readout_format).replace("-", "\u2212")
    return str(value)
