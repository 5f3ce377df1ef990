"""Widget messages handled on the thread where cells run, whatever thread they arrive on.

Introduced with chapter 0's first simulation, needed by every one. With
ipykernel 7 a front end may send widget messages to kernel *subshells*:
JupyterLab >= 4.4 does so unless its ``commsOverSubshells`` setting is
``disabled`` (the course ships that setting, but a learner may turn
subshells back on), and Jupyter Notebook 7 does so always, since it never
reads the setting. A slider's observer or a canvas' mouse callback then
runs on a ``subshell-...`` thread while the main thread runs cells or draws
the same figure, and matplotlib is not thread-safe.

``MainThread`` remembers the thread and the asyncio event loop of the cell
that builds a simulation: in ipykernel that is the kernel's main thread,
whose loop runs between (and around) cells. ``hand_over_messages`` then
wraps each widget's comm message handler: a message that arrives on any
other thread is passed to that loop with ``call_soon_threadsafe`` and
handled there, in arrival order, once the main thread is free; one that
arrives on the main thread is handled at once, as before. So widget state,
observers, matplotlib events, artists and renders all stay on one thread,
the one where cells run, in every front end. (``call_soon_threadsafe`` also
wakes the loop; a plain ``call_soon`` or an asyncio future set from another
thread would wait for the next cell: ipykernel issue 1510.)

Without a running event loop -- tests, benchmarks, a script -- nothing is
handed over and every callback runs at once on its caller's thread, so
headless tests stay synchronous.
"""

import asyncio
import threading


class MainThread:
    """The thread and event loop of the code that creates this object (chapter 0).

    A ``Simulation`` makes one as it is built in a cell: the kernel's main
    thread and its event loop.
    """

    def __init__(self):
        self.thread = threading.current_thread()
        try:
            self.loop = asyncio.get_running_loop()
        except RuntimeError:
            self.loop = None  # no event loop: run every call where it is made
        #: how many calls arrived on another thread and were handed over
        self.handed_over = 0

    def call(self, function, *args):
        """Run ``function(*args)`` on this thread: now if already on it, else soon."""
        loop = self.loop
        if loop is None or threading.current_thread() is self.thread:
            return function(*args)
        if loop.is_closed():
            return None  # the kernel is shutting down: nothing to update
        self.handed_over += 1
        loop.call_soon_threadsafe(function, *args)
        return None

    def wrap(self, function):
        """``function`` as a callback that always runs on this thread."""

        def on_main_thread(*args):
            return self.call(function, *args)

        on_main_thread.handed_to = function
        return on_main_thread


def hand_over_messages(widget, main_thread):
    """Handle every message for ``widget`` and its children on ``main_thread`` (chapter 0).

    Wraps the handler that ipywidgets gave each widget's comm
    (``Widget._handle_msg``: state updates and their observers, custom
    messages such as ipympl's mouse events and draw requests). A widget
    already handed over is left alone; one without a comm is skipped.
    """
    seen = set()
    todo = [widget]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        todo.extend(getattr(current, "children", ()))
        comm = getattr(current, "comm", None)
        handler = getattr(current, "_handle_msg", None)
        if comm is None or handler is None or getattr(current, "_main_thread", None):
            continue
        current._main_thread = main_thread
        comm.on_msg(main_thread.wrap(handler))
