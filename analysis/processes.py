"""Running other programs, always with a time limit.

A hung Chromium, LaTeX run or Jupyter kernel must fail the build or the test in
minutes with a message saying what hung, not wait for CI's 90-minute kill. `run`
is `subprocess.run` with a mandatory `timeout`: the command runs in a process
group of its own, and when time is up the whole group (the command and everything
it started) is killed and `CommandTimedOut` raised. Standard input is empty unless
given, so a program that stops to ask a question (LaTeX on an error) gets an
answer at once instead of waiting for one.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
from collections.abc import Sequence
from typing import Any

#: Seconds allowed for a quick tool: git, the Poppler tools, ruff, one `python -m analysis` command.
QUICK = 300
#: Seconds allowed for one book build (`make html`, `make pdf`, a Sphinx build): a cold build takes minutes.
BOOK_BUILD = 1800
#: Seconds allowed for the whole quick benchmark, which builds the book several times in a copy.
BENCHMARK = 3600


class CommandTimedOut(RuntimeError):
    """A command ran past its time limit; it and every process it started were killed."""


def _tail(output: str | bytes | None, limit: int = 2000) -> str:
    if not output:
        return ""
    text = output.decode("utf-8", errors="replace") if isinstance(output, bytes) else output
    return text[-limit:]


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def run(
    command: Sequence[str],
    *,
    timeout: float,
    check: bool = False,
    capture_output: bool = False,
    input: str | bytes | None = None,
    **options: Any,
) -> subprocess.CompletedProcess:
    """Run `command` like `subprocess.run`, killing it and its children after `timeout` seconds.

    Raises CommandTimedOut (a RuntimeError) naming the command, the limit and the
    end of its output when the limit is reached, and CalledProcessError when
    `check` is set and the command fails.
    """
    if capture_output:
        options["stdout"] = options["stderr"] = subprocess.PIPE
    if input is None:
        options.setdefault("stdin", subprocess.DEVNULL)
    else:
        options["stdin"] = subprocess.PIPE
    with subprocess.Popen(list(command), start_new_session=True, **options) as process:
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired as expired:
            _kill_group(process)
            output = (_tail(expired.output) + _tail(expired.stderr)).strip()
            raise CommandTimedOut(
                f"`{shlex.join(str(part) for part in command)}` did not finish within {timeout:.0f} s and was killed "
                "with every process it started (a hung browser, LaTeX run or notebook kernel is the usual cause)"
                + (f"; its last output:\n{output}" if output else "; it printed nothing")
            ) from None
        except BaseException:  # Ctrl-C or any other error: do not leave the group running
            _kill_group(process)
            raise
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    if check:
        result.check_returncode()
    return result
