"""Every program the project runs has a time limit, and a failed or hung build is reported, never timed."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import paths
from analysis.processes import CommandTimedOut, run
from tools import bench

SUBPROCESS_CALLS = {"run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"}


def test_a_hung_command_is_killed_with_everything_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = f"sleep 600 & echo $! > {pid_file}; echo waiting; wait"
    started = time.monotonic()
    with pytest.raises(CommandTimedOut, match=r"(?s)did not finish within 1 s and was killed.*waiting") as raised:
        run(["bash", "-c", script], capture_output=True, text=True, timeout=1)
    assert time.monotonic() - started < 30
    assert "sleep 600" in str(raised.value)
    child = int(pid_file.read_text())
    for _ in range(50):  # the grandchild is gone (or a zombie, reaped by init) soon after
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{child}/stat").exists() and Path(f"/proc/{child}/stat").read_text().split()[2] == "Z":
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"process {child} started by the timed-out command is still running")


def test_a_command_waiting_for_input_gets_none() -> None:
    result = run([sys.executable, "-c", "import sys; print(repr(sys.stdin.read()))"], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "''"


def test_run_behaves_like_subprocess_run() -> None:
    result = run([sys.executable, "-c", "import sys; print('out'); sys.exit(3)"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (3, "out\n")
    with pytest.raises(subprocess.CalledProcessError):
        run([sys.executable, "-c", "raise SystemExit(1)"], check=True, timeout=60)


def _calls_without_a_timeout(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        direct = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "subprocess"
        if direct and func.attr in SUBPROCESS_CALLS:
            if not (path.name == "processes.py" and func.attr == "Popen"):
                found.append(f"{path.name}:{node.lineno}: subprocess.{func.attr} (use analysis.processes.run with a timeout)")
        elif isinstance(func, ast.Name) and func.id == "run" and not any(k.arg == "timeout" for k in node.keywords):
            found.append(f"{path.name}:{node.lineno}: run() without timeout=")
    return found


def test_every_program_the_project_runs_has_a_time_limit() -> None:
    files = sorted(path for folder in ("analysis", "tools", "tests") for path in (paths.ROOT / folder).rglob("*.py"))
    offenders = [offence for path in files for offence in _calls_without_a_timeout(path)]
    assert offenders == []


def test_the_benchmark_refuses_to_time_a_failed_sphinx_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "_config.yml").write_text("execute:\n  execute_notebooks: cache\n", encoding="utf-8")
    failed = subprocess.CompletedProcess(["jupyter-book"], 2, "Running Sphinx\n", "Extension error: boom\n")
    monkeypatch.setattr(bench, "run", lambda *args, **kwargs: failed)
    with pytest.raises(RuntimeError, match=r"(?s)unexecuted Sphinx build failed \(exit code 2\).*boom"):
        bench.sphinx_unexecuted(tmp_path)


def test_the_benchmark_fails_loudly_when_a_build_fails(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    def failing(quick: bool = False, out: Path | None = None) -> dict:
        raise RuntimeError("make html failed in /tmp/x")

    monkeypatch.setattr(bench, "measure", failing)
    assert bench.main(["--quick"]) == 2
    assert "benchmark failed: make html failed" in capsys.readouterr().err
