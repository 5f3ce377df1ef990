"""Screen readers and the keyboard: what ipywidgets and ipympl leave out (chapter 0).

Checked in Chromium (ipywidgets 8.1, ipympl 0.10, JupyterLab 4.6): a
``Dropdown``, ``FloatText`` / ``IntText``, ``Button`` and ``Checkbox`` reach
the page with an accessible name (their ``description``); the rest do not:

* a slider's handle (``role=slider``) has no name: its description is a
  ``<label>`` tied to nothing;
* ``ToggleButtons`` is a row of buttons with no group and no name, so a
  screen reader says "Gaussian, button" without saying what it chooses, and
  neither those buttons nor a ``ToggleButton`` say whether they are pressed;
* an ipympl canvas is focusable (``tabindex=0``) and swallows every key,
  Tab, Shift+Tab and Escape included: whoever tabs or clicks into it cannot
  leave it from the keyboard.

``label_controls`` gives every control words of its own (a description, a
tooltip, and for ``ToggleButtons`` a tooltip per option that names the
group). ``accessibility_patch`` returns a tiny ``HTML`` widget that, once the
widget box it sits in (marked with ``ACCESSIBLE_CLASS``) is on the page,
names each slider handle after its label, makes each row of toggle buttons
a named group, keeps ``aria-pressed`` on every toggle button, and takes
every ipympl canvas out of the focus order (it gets ``role=img`` and a
name instead; nothing the course does needs keys on a canvas, and every
canvas action has a route through ordinary widgets). It keeps doing so as
widgets redraw (a ``MutationObserver``). The script runs from the widget's
own markup: ipywidgets' ``HTML`` widget inserts its value as is, which
tests/test_accessibility.py checks in a real browser.
"""

import html

import ipywidgets as widgets

#: the DOM class of a widget box whose controls ``accessibility_patch`` fixes
ACCESSIBLE_CLASS = "glm-accessible"

_PATCH = """(function (marker) {
  var root = marker.closest('.ACCESSIBLE');
  if (!root || root.glmAccessible) return;
  root.glmAccessible = true;
  var figure = marker.getAttribute('data-figure');
  function words(element) {
    return element ? element.textContent.replace(/\\s+/g, ' ').trim() : '';
  }
  function set(element, name, value) {
    if (value && element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
  function patch() {
    root.querySelectorAll('.widget-slider').forEach(function (slider) {
      var name = words(slider.querySelector('.widget-label'));
      slider.querySelectorAll('.noUi-handle').forEach(function (handle) {
        set(handle, 'aria-label', name);
      });
      var readout = slider.querySelector('.widget-readout');
      if (readout) set(readout, 'aria-label', name + ' (type a value)');
    });
    root.querySelectorAll('.widget-toggle-buttons').forEach(function (row) {
      var box = row.querySelector(':scope > div');
      if (!box) return;
      set(box, 'role', 'group');
      set(box, 'aria-label', words(row.querySelector('.widget-label')));
    });
    root.querySelectorAll('.widget-toggle-button').forEach(function (button) {
      set(button, 'aria-pressed', String(button.classList.contains('mod-active')));
    });
    root.querySelectorAll('.jupyter-matplotlib-canvas-div').forEach(function (canvas) {
      if (canvas.hasAttribute('tabindex')) canvas.removeAttribute('tabindex');
      if (document.activeElement === canvas) canvas.blur();
      set(canvas, 'role', 'img');
      set(canvas, 'aria-label', figure);
    });
  }
  var waiting = false;
  new MutationObserver(function () {
    if (waiting) return;
    waiting = true;
    requestAnimationFrame(function () { waiting = false; patch(); });
  }).observe(root, {subtree: true, childList: true, attributes: true,
                    attributeFilter: ['class', 'tabindex']});
  patch();
})(this)""".replace("ACCESSIBLE", ACCESSIBLE_CLASS)


def accessibility_patch(figure_label=""):
    """The hidden ``HTML`` widget that fixes names, states and focus in its box (chapter 0).

    Put it inside a widget box that has the DOM class ``ACCESSIBLE_CLASS``
    (``box.add_class(ACCESSIBLE_CLASS)``). ``figure_label`` becomes the
    accessible name of every ipympl canvas in the box.
    """
    markup = (
        '<img alt="" src="data:image/gif;base64," style="display:none" '
        f'data-figure="{html.escape(figure_label, quote=True)}" '
        f'onerror="{html.escape(_PATCH, quote=True)}">'
    )
    return widgets.HTML(
        value=markup, layout=widgets.Layout(height="0px", margin="0", overflow="hidden")
    )


def label_controls(controls):
    """Make sure every control in ``controls`` (name -> widget) has words (chapter 0).

    A control without a description gets its name ("learning_rate" ->
    "learning rate"); one without a tooltip gets its description, and the
    buttons of ``ToggleButtons`` without tooltips get "<description>:
    <option>", so each button names the choice it belongs to. Returns
    ``controls``.
    """
    for name, control in controls.items():
        if hasattr(control, "description") and not str(control.description).strip():
            control.description = name.replace("_", " ")
        words = " ".join(str(getattr(control, "description", "")).split()).rstrip(":")
        if hasattr(control, "tooltip") and not control.tooltip:
            control.tooltip = words
        if isinstance(control, widgets.ToggleButtons) and not any(control.tooltips):
            control.tooltips = [
                f"{words}: {label}" for label in control._options_labels
            ]
    return controls
