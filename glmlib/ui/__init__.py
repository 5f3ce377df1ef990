"""The course's widget wing: everything a simulation needs besides the maths.

* ``style`` -- the figure look: font sizes, fixed ticks, the figure builder
  (colours and number formats are data in ``glmlib.course``);
* ``layered_figure`` -- a figure that re-renders only the artists that move;
* ``simulation`` -- the ``Simulation`` base class and ``Readout`` rows;
* ``main_thread`` -- widget messages handled on the kernel's main thread,
  whatever thread a front end delivers them on (chapter 0 onwards);
* ``pictures`` and ``access`` -- the stored stills with their descriptions,
  and names for screen readers;
* ``controls`` -- sliders and pickers in the course's layout;
* ``pipeline`` -- the GLM drawn as boxes and arrows (chapters 4 and 5);
* ``quiz`` -- the multiple-choice quiz widget (the questions are in
  ``glmlib.quizzes``, built from ``glmlib.course.questions``);
* ``drag`` -- points a learner moves with the mouse, or with a picker and
  number boxes from the keyboard (chapter 7);
* ``playback`` -- a Play button over a precomputed path, stepped by the
  browser's timer so the kernel never blocks (chapter 8).

Nothing below it, the maths core (families, links, fitting) or the course
layer (``glmlib.course``, the question bank, the exercises), imports this
package, so those load without matplotlib and ipywidgets.
"""
