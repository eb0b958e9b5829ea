"""The cost of running an app build in its own process (``newslens.job_process``) instead of in the
server's thread, on the bundled sample corpus with the default model.

In ONE process, as the app runs them (``JobRegistry`` + ``in_child(loading._build_job, ...)``), each
build into a fresh data folder (a cold embedding cache: every paragraph embedded):

  - thread, cold: the first build in this process (it loads the model);
  - thread, warm: a later one (the model is loaded: the server's searches and builds share it);
  - child: a build in a fresh interpreter (imports and model load every time).

The figure is child / thread-warm (the worst case: the server had the model loaded) and child /
thread-cold (a first start). The machine is shared: ``--repeats`` rounds alternate warm and child,
and the fastest of each counts. Memory: the peak resident size of this process (the server, with the
model the thread builds loaded) and of the largest build process (its own copy of the model); with
child builds the server holds its copy for searches, so the two add up.

    python -m benchmarks.bench_build_process --repeats 3
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslens import config  # noqa: E402
from newslens.job_process import in_child  # noqa: E402
from newslens.jobs import JobRegistry  # noqa: E402
from newslens.ui import loading  # noqa: E402

SAMPLE_RAW = ROOT / "data" / "raw"


def peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM, of its own image (``ru_maxrss`` of a child
    started by fork and exec also counts the server's pages it had before the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured_build(job, raw: Path, out: Path, model: str, what: str) -> tuple[str, float]:
    """The app's build (``loading._build_job``) and the peak memory of the process it ran in."""
    return loading._build_job(job, raw, out, model, what), peak_mb()


def timed_build(mode: str, model: str, work_dir: Path) -> tuple[float, float]:
    """Seconds from start to the job's end of one build of the sample in ``mode`` (thread/child),
    and the peak memory in MB of the process it ran in."""
    from benchmarks import bench_build_process as me     # (not ``__main__``: the child imports it by name)

    out = Path(tempfile.mkdtemp(prefix=f"{mode}-", dir=work_dir))
    os.environ["NEWSLENS_BUILD_PROCESS"] = mode          # read by in_child, as in a page's run
    started = time.perf_counter()
    job = JobRegistry().start(str(out), "snapshot", "the sample corpus",
                              in_child(me.measured_build, SAMPLE_RAW, out, model, "the sample corpus"), bars={})
    assert job.wait(1800) and job.error is None, job.error
    seconds = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    return seconds, job.result[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", default=None, help="default: the app's default model")
    args = parser.parse_args()
    model = args.model or config.default_model()
    with tempfile.TemporaryDirectory(prefix="bench-build-process-") as tmp:
        work_dir = Path(tmp)
        cold, _ = timed_build("thread", model, work_dir)
        print(f"thread, cold (loads the model): {cold:.2f} s", flush=True)
        warm, child, child_peak = [], [], 0.0
        for round_ in range(args.repeats):
            order = ("thread", "child") if round_ % 2 == 0 else ("child", "thread")
            for mode in order:
                seconds, peak = timed_build(mode, model, work_dir)
                (warm if mode == "thread" else child).append(seconds)
                child_peak = max(child_peak, peak) if mode == "child" else child_peak
                print(f"round {round_ + 1}: {mode}: {seconds:.2f} s", flush=True)
    best_warm, best_child = min(warm), min(child)
    print(f"model {model}, sample corpus ({SAMPLE_RAW}), load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"thread warm {best_warm:.2f} s, thread cold {cold:.2f} s, child {best_child:.2f} s")
    print(f"child / thread-warm = {best_child / best_warm:.2f}; child / thread-cold = {best_child / cold:.2f}; "
          f"child - thread-warm = {best_child - best_warm:.2f} s")
    server = peak_mb()
    print(f"peak resident memory: server (thread builds) {server:.0f} MB, build process {child_peak:.0f} MB; "
          f"server + child build {server + child_peak:.0f} MB")


if __name__ == "__main__":
    main()
