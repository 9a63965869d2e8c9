"""Runs a command as a fresh process and reports its wall time and peak resident memory."""
import os
import subprocess
import time


def run(argv, env=None):
    """Returns (seconds, peak_mb, stdout) for one run of argv; raises if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = b"", b""
    # wait4 gives this child's own rusage, so each figure is one process's peak.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out = proc.stdout.read()
    err = proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv[0]} failed: {err.decode(errors='replace')[-2000:]}")
    return seconds, usage.ru_maxrss / 1024.0, out.decode(errors="replace")


def warm_page_cache(paths):
    """Reads every file once so that all systems start from the page cache."""
    for p in paths:
        with open(p, "rb") as f:
            while f.read(1 << 24):
                pass
