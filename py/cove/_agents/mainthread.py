"""Runs the kernel's work on the main thread, and stops a runaway cell from any other thread.

Why the main thread: a stop must reach a cell wherever it is, in a Python loop and equally in
`time.sleep`, `socket.recv` or `queue.get`. Only a signal does both: SIGINT sent to the main
thread (`signal.pthread_kill`) interrupts the blocking system call (EINTR) and runs our handler,
which raises KeyboardInterrupt inside the cell; the runner turns it into an "interrupted" error on
that cell, its dependents are blocked, and the kernel stays usable. (An asynchronous exception
set in a worker thread with PyThreadState_SetAsyncExc would only land when the thread next runs
Python code, so a cell sleeping in C would never see it.) The transports (MCP's event loop, the
JSON-lines reader) therefore live in other threads and hand work to this one through `call`.

The handler raises only while a cell's code is on the main thread's stack (a frame of the
executor's `execute`), so a stop never lands in the kernel's own bookkeeping. The signal is sent
again every `RETRY` seconds until the stop is settled: it arrived between two cells (wait for
the next), the cell it interrupted is still running (it swallowed the KeyboardInterrupt: raise
again), or that cell has ended (stopped: the signals end, the next cell of the plan runs
undisturbed). A cell that keeps swallowing KeyboardInterrupt, or a C extension that never
returns to Python, cannot be stopped this way: `stop` says so after `STOP_TIMEOUT` seconds.
"""
from __future__ import annotations

import _thread
import queue
import signal
import threading
import time
from concurrent.futures import Future
from types import FrameType
from typing import Any, Callable, TypeVar

from .._runtime.executor import execute

__all__ = ["MainThread", "STOP_TIMEOUT"]

T = TypeVar("T")
STOP_TIMEOUT = 5.0
RETRY = 0.1
# A SIGINT within this many seconds of one `stop` sent is that signal, handled late (after the
# work it was meant for had ended); later ones are Ctrl+C from a terminal.
LATE_SIGNAL = 1.0
_CELL_CODE = execute.__code__


class _Shutdown:
    pass


class MainThread:
    """Create and `serve()` on the main thread; `call` and `stop` from any other thread."""

    def __init__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("MainThread must be created on the main thread")
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | _Shutdown] = queue.SimpleQueue()
        self._busy = threading.Event()
        self._done = threading.Condition()
        self._generation = 0  # counts finished jobs, so `stop` knows when the running one ended
        self._stop_wanted = False
        self._stopped = False
        # the `execute` frame of the cell a stop interrupted (kept alive, so `is` stays exact)
        self._target: FrameType | None = None
        self._last_sent = -LATE_SIGNAL
        self._main_id = threading.main_thread().ident
        self._previous = signal.signal(signal.SIGINT, self._on_sigint)

    # ----------------------------------------------------------------- other threads

    def submit(self, fn: Callable[[], T]) -> "Future[T]":
        """Queue `fn` to run on the main thread, after the calls queued before it."""
        future: Future[T] = Future()
        self._jobs.put((fn, future))
        return future

    def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the main thread (in turn with other calls) and return its result."""
        return self.submit(fn).result()

    def shutdown(self) -> None:
        self._jobs.put(_Shutdown())

    def stop(self, timeout: float = STOP_TIMEOUT) -> dict[str, Any]:
        """Interrupt the cell running now; {"stopped": bool, "message": ...} within `timeout`."""
        with self._done:
            if not self._busy.is_set():
                return {"stopped": False, "message": "nothing was running"}
            generation = self._generation
            self._stop_wanted, self._stopped, self._target = True, False, None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._done:
                if self._stopped or (self._generation != generation and self._target is not None):
                    self._stop_wanted, self._target = False, None
                    return {"stopped": True, "message": "the running cell was interrupted"}
                if self._generation != generation:
                    self._stop_wanted = False
                    return {"stopped": False, "message": "nothing was running (the work in progress ended by itself)"}
                if self._stop_wanted:
                    self._last_sent = time.monotonic()
                    self._interrupt_main()
                self._done.wait(RETRY)
        with self._done:
            self._stop_wanted, self._target = False, None
        return {
            "stopped": False,
            "message": f"the cell did not stop within {timeout:g} s (it catches KeyboardInterrupt or "
            "runs in C code that never returns to Python); restart the session to end it",
        }

    def _interrupt_main(self) -> None:
        if hasattr(signal, "pthread_kill"):
            signal.pthread_kill(self._main_id, signal.SIGINT)  # type: ignore[arg-type]
        else:  # Windows: runs our handler at the next bytecode, but does not cut a sleep short
            _thread.interrupt_main(signal.SIGINT)

    # ------------------------------------------------------------------- main thread

    def serve(self) -> None:
        """Run jobs until `shutdown()`; restores the previous SIGINT handler when done."""
        try:
            while True:
                job = self._jobs.get()
                if isinstance(job, _Shutdown):
                    return
                fn, future = job
                self._busy.set()
                try:
                    if future.set_running_or_notify_cancel():
                        try:
                            future.set_result(fn())
                        except BaseException as e:  # noqa: BLE001 - handed to the caller
                            future.set_exception(e)
                finally:
                    with self._done:
                        self._busy.clear()
                        self._generation += 1
                        self._stop_wanted = False
                        self._done.notify_all()
        finally:
            signal.signal(signal.SIGINT, self._previous)

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        if not self._stop_wanted:
            if time.monotonic() - self._last_sent < LATE_SIGNAL:
                return  # our own signal, handled after the work it was meant for had ended
            if self._busy.is_set() and _cell_frame(frame) is None:
                return  # a Ctrl+C between cells: the next stop request (or Ctrl+C) will land
            raise KeyboardInterrupt  # Ctrl+C in a terminal: interrupt the cell, or quit when idle
        cell = _cell_frame(frame)
        if self._target is None:
            if cell is None:
                return  # between two cells: the next signal will find one running
            self._target = cell
            raise KeyboardInterrupt
        if cell is self._target:
            raise KeyboardInterrupt  # the cell swallowed the last one
        with self._done:  # the interrupted cell has ended: leave whatever runs now alone
            self._stop_wanted, self._stopped = False, True
            self._done.notify_all()


def _cell_frame(frame: FrameType | None) -> FrameType | None:
    """The frame of the executor's `execute` on the stack: a cell is running in it."""
    while frame is not None:
        if frame.f_code is _CELL_CODE:
            return frame
        frame = frame.f_back
    return None
