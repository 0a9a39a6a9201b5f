"""A papermill engine that keeps one kernel warm for many notebooks.

Starting a kernel and importing pandas, matplotlib and the workbook costs seconds per notebook; the
stages themselves take a fraction of that. ``WarmKernel`` starts one kernel per process and papermill
runs every notebook in it through the ``warm`` engine. Between notebooks the kernel's namespace is
cleared (``%reset -f``) and its execution counter set back to 1, so each notebook starts as in a fresh
kernel, except that imported modules stay imported. ``tests/test_batch.py`` checks that the outputs are
the same as a fresh-kernel ``papermill`` run.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from multiprocessing.util import Finalize
from pathlib import Path

import papermill
from jupyter_client.manager import KernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

__all__ = ["WarmKernel", "execute", "kernel", "restart"]

# Clear the namespace (reset collects the garbage), then freeze what survives (modules, caches) so the
# next collection does not walk the whole heap again: %reset -f alone costs ~0.3 s with pandas loaded.
_RESET = "get_ipython().reset(new_session=False)\nimport gc\ngc.freeze()\ndel gc\nget_ipython().execution_count = 1"
_KERNEL: WarmKernel | None = None


class WarmKernel:
    """One running python3 kernel and its client, reset between notebooks."""

    def __init__(self, cwd: Path):
        self.cwd = Path(cwd)
        # IPC: unix sockets in a private temporary folder, so no TCP port is opened (and the kernel does
        # not warn about unencrypted TCP on every start)
        self.folder = Path(tempfile.mkdtemp(prefix="workbook-kernel-"))
        self.manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(self.folder / "ipc"),
                                     connection_file=str(self.folder / "kernel.json"))
        # the kernel keeps no input history on disk: it costs ~10 ms a cell and no output depends on it
        self.manager.start_kernel(cwd=str(self.cwd), extra_arguments=["--HistoryManager.enabled=False"])
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    def alive(self) -> bool:
        return self.manager.is_alive()

    def reset(self) -> None:
        """Clear the namespace left by the last notebook; modules stay imported."""
        reply = self.client.execute_interactive(_RESET, store_history=False, timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content']}")

    def shutdown(self) -> None:
        self.client.stop_channels()
        try:
            self.manager.shutdown_kernel(now=True)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class WarmEngine(NBClientEngine):
    """papermill engine ``warm``: run the notebook in this process's ``WarmKernel``."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        kernel = _KERNEL
        client = PapermillNotebookClient(nb_man, km=kernel.manager, timeout=execution_timeout,
                                         startup_timeout=start_timeout, kernel_name=kernel_name,
                                         log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
        client.kc = kernel.client
        return client.execute()


papermill_engines.register("warm", WarmEngine)


def kernel(cwd: Path) -> WarmKernel:
    """This process's warm kernel, started (or restarted after a crash) when needed."""
    global _KERNEL
    if _KERNEL is None or not _KERNEL.alive():
        _KERNEL = WarmKernel(cwd)
        # shut the kernel down when this (worker) process ends; atexit does not run in pool workers
        Finalize(_KERNEL, restart, exitpriority=10)
    return _KERNEL


def restart() -> None:
    """Throw the kernel away (after a crash or a timeout); the next notebook starts a new one."""
    global _KERNEL
    if _KERNEL is not None:
        try:
            _KERNEL.shutdown()
        except Exception as exc:  # noqa: BLE001 - the kernel may already be dead; a new one is started anyway
            logging.getLogger(__name__).info("shutting down a broken kernel failed: %s", exc)
        _KERNEL = None


def execute(notebook: Path, output: Path, parameters: dict, cwd: Path, timeout: int = 600):
    """Execute ``notebook`` with ``parameters`` in the warm kernel, writing ``output``.

    Raises:
        papermill.PapermillExecutionError: when a cell fails; ``output`` then holds the partial
            notebook with papermill's error marker.
    """
    warm = kernel(cwd)
    warm.reset()
    return papermill.execute_notebook(str(notebook), str(output), parameters=parameters, engine_name="warm",
                                      kernel_name="python3", progress_bar=False, cwd=None,
                                      execution_timeout=timeout, log_output=False,
                                      request_save_on_cell_execute=False)
