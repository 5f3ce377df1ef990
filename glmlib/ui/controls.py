"""The course's controls: one look for sliders and pickers (chapter 0).

Every simulation builds its controls here, so that widths, label styles and
the live-update setting are the same in every chapter.
"""

import ipywidgets as widgets


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
        options=[
            ("Gaussian", "gaussian"),
            ("Bernoulli", "bernoulli"),
            ("Poisson", "poisson"),
        ],
        value=value,
        description=description,
        style={"description_width": "initial", "button_width": "80px"},
    )
