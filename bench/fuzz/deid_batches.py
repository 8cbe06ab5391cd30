"""Runs `dropbox deid` over the mutants in batches, with a per-file timeout, and finds the one file behind a hang
or a crash by bisecting its batch.

One process per batch keeps the .NET start-up cost low; a batch gets (files x per-file timeout + start-up
allowance). A batch that times out, exits with a code other than 0 (all de-identified) or 3 (some quarantined,
the documented quarantine exit code), or prints an unhandled exception is split in halves and each half run
again, down to single files: those are the hangs and crashes reported. The peak RSS of every deid process is
read from wait4()'s rusage (the dotnet host runs the program in-process, so that is the program's RSS).
"""
import os
import shutil
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

START_ALLOWANCE = 30.0   # seconds for process start-up (JIT, SQLite) on a loaded 2-core machine
CRASH_MARKERS = ("Unhandled exception", "   at ", "Fatal error", "Segmentation fault", "core dumped")
QUARANTINE_EXIT = 3


class BatchRunner:
    def __init__(self, dropbox, work, out, options, timeout, jobs):
        self.dropbox, self.work, self.out = dropbox, work, out
        self.options, self.timeout, self.jobs = options, timeout, jobs
        self.lock = threading.Lock()
        self.peak_rss_kb = 0
        self.peak_rss_batch = []
        self.runs = 0
        self.quarantined = {}   # mutant name -> (reason, message)
        self.crashes = []       # dicts
        self.hangs = []         # dicts
        self._counter = 0

    def run_all(self, mutant_dir, names, batch_size):
        batches = [names[i:i + batch_size] for i in range(0, len(names), batch_size)]
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            list(pool.map(lambda b: self._run_or_bisect(mutant_dir, b), batches))

    def _next_id(self):
        with self.lock:
            self._counter += 1
            return self._counter

    def _run_or_bisect(self, mutant_dir, names):
        result = self._run(mutant_dir, names)
        if result["status"] == "ok":
            return
        if len(names) > 1:
            half = len(names) // 2
            self._run_or_bisect(mutant_dir, names[:half])
            self._run_or_bisect(mutant_dir, names[half:])
            return
        record = {"name": names[0], "exit": result["exit"], "seconds": round(result["seconds"], 1),
                  "stderr_tail": result["stderr"][-1500:]}
        with self.lock:
            (self.hangs if result["status"] == "hang" else self.crashes).append(record)

    def _run(self, mutant_dir, names):
        """One deid process over a folder holding (hard links to) these mutants."""
        n = self._next_id()
        batch = os.path.join(self.work, "batches", "b%05d" % n)
        os.makedirs(batch)
        for name in names:
            os.link(os.path.join(mutant_dir, name), os.path.join(batch, name))
        state = os.path.join(self.work, "state", "b%05d" % n)
        cmd = self.dropbox + ["deid", batch, self.out, "--keep-names", "--state", state, "--jobs", "1"] + self.options
        # Peak RSS through /usr/bin/time: a child forked from this driver inherits the driver's resident size in
        # ru_maxrss (Linux keeps the high-water mark across execve), so wait4's figure is the larger of the two.
        rss_file = os.path.join(self.work, "batches", "b%05d.rss" % n)
        if os.path.exists("/usr/bin/time"):
            cmd = ["/usr/bin/time", "-q", "-f", "%M", "-o", rss_file] + cmd
        limit = START_ALLOWANCE + self.timeout * len(names)
        t0 = time.monotonic()
        with open(os.path.join(self.work, "batches", "b%05d.stderr" % n), "w+b") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
            status, rusage, hung = None, None, False
            while status is None:
                pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    status, rusage = st, ru
                    break
                if time.monotonic() - t0 > limit:
                    hung = True
                    os.killpg(proc.pid, signal.SIGKILL)
                    _, status, rusage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.05)
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
        seconds = time.monotonic() - t0
        peak_kb = rusage.ru_maxrss
        try:
            with open(rss_file) as f:
                peak_kb = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass  # no /usr/bin/time, or killed: the (upper-bound) wait4 figure stands
        with self.lock:
            self.runs += 1
            if peak_kb > self.peak_rss_kb:
                self.peak_rss_kb, self.peak_rss_batch = peak_kb, list(names)
        shutil.rmtree(batch, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
        code = proc.returncode
        if hung:
            return {"status": "hang", "exit": None, "seconds": seconds, "stderr": stderr}
        crashed = code not in (0, QUARANTINE_EXIT) or any(m in stderr for m in CRASH_MARKERS)
        if not crashed:
            with self.lock:
                for line in stderr.splitlines():
                    if line.startswith("quarantined: "):
                        name, reason, message = (line[len("quarantined: "):].split(": ", 2) + ["", ""])[:3]
                        self.quarantined[name] = (reason, message)
        return {"status": "crash" if crashed else "ok", "exit": code, "seconds": seconds, "stderr": stderr}
