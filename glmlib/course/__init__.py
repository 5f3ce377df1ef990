"""The course layer: what the lesson shows, without a single widget.

Between the maths core (``glmlib.families``, ``links``, ``fitting``, ...) and
the widget wing (``glmlib.ui``, ``glmlib.simulations``) sits everything the
course needs that is neither maths nor a view: its colours as data, how it
writes numbers, its tables, its quiz questions and each chapter's lesson
helpers. Nothing here imports matplotlib, ipywidgets, ipympl or IPython
(``tests/test_layout.py`` checks it), so the question bank, the exercise
checker and a notebook's printed tables load without them.
"""
