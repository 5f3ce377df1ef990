"""The course's colours, as plain data (introduced in chapter 0).

Figures (``glmlib.ui.style``), quiz feedback and the exercise checker's
verdicts all read their colours here, so a colour is chosen once.
"""

#: The Okabe-Ito palette (Okabe & Ito, 2008), safe for colour-blind readers.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#666666",  # 5.7:1 on white; apart from green and purple for deuteranopes
    "light_grey": "#D9D9D9",
}

#: Darker shades of two palette colours for words in HTML (quiz feedback,
#: notices, the exercise checker's verdicts): at least 4.5:1 against white,
#: WCAG 2's level AA for text; the palette's own green and vermillion reach
#: only 3.4:1 and 3.9:1.
TEXT_COLOURS = {"green": "#007A5A", "vermillion": "#B04E00"}

#: Each distribution keeps its colour from chapter to chapter.
FAMILY_COLOURS = {
    "gaussian": PALETTE["blue"],
    "bernoulli": PALETTE["vermillion"],
    "poisson": PALETTE["green"],
    # chapters 5 and 6 colour the families beyond the first three
    "binomial": PALETTE["vermillion"],
    "gamma": PALETTE["purple"],
    "exponential": PALETTE["orange"],
    "categorical": PALETTE["sky_blue"],
}
