"""Measure what the course costs on this machine and rewrite benchmarks/RESULTS.md.

    python -m benchmarks                      # everything (about half an hour)
    python benchmarks/run.py                  # the same
    python -m benchmarks --parts imports,layers,explorers --repeats 3
    python -m benchmarks --parts notebooks --notebooks 04,07
    python -m benchmarks --quick --out /tmp/r.md   # smoke run: tiny sizes, 1 repeat

Parts: notebooks (Restart & Run All per notebook, peak memory), training (time to 90% on
Fashion-MNIST), layers (NumPy layers vs Keras), explorers (one update each), imports.
Budgets and settings live in benchmarks/config.py. Running some parts keeps the other
parts' sections of the output file as they were (each says when it was measured).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # `python benchmarks/run.py`: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import (  # noqa: E402
    browser,
    config,
    explorers,
    imports,
    layers,
    notebooks,
    training,
)
from benchmarks.common import CPU_CHECK, cpu_check, load_average, machine  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SAVED = Path(__file__).resolve().parent / "output"  # raw results, git-ignored

# name -> (module, title); cheap parts first.
PARTS = {
    "imports": (imports, "5. Importing course_utils"),
    "layers": (layers, "3. NumPy reference layers vs Keras"),
    "explorers": (explorers, "4. Explorers: one update"),
    "notebooks": (notebooks, "1. Notebooks: Restart & Run All"),
    "training": (training, "2. Training: time to 90% on Fashion-MNIST"),
    "browser": (browser, "6. The browser test"),
}
ORDER = ["notebooks", "training", "layers", "explorers", "imports", "browser"]  # order in the file
MARK = "<!-- part: {} -->"


def _sections(text: str) -> dict[str, str]:
    """The per-part sections of an earlier results file, by part name."""
    found = {}
    pieces = re.split(r"<!-- part: (\w+) -->\n", text)
    for name, body in zip(pieces[1::2], pieces[2::2], strict=True):
        found[name] = body.split("<!-- end -->")[0]
    return found


def _section(name: str, raw: dict) -> str:
    module, title = PARTS[name]
    result, info, load = raw["result"], raw["info"], raw["load"]
    cpu = raw.get("cpu_check")  # results saved before the CPU check existed have none
    speed = f" {CPU_CHECK} took {cpu[0]} s before, {cpu[1]} s after." if cpu else ""
    lines = [
        f"## {title}",
        "",
        f"Measured {info['date']} in {raw['seconds']:.0f} s; load average (1/5/15 min) "
        f"before {load[0][0]}/{load[0][1]}/{load[0][2]}, after "
        f"{load[1][0]}/{load[1][1]}/{load[1][2]} on {info['cores']} cores.{speed}",
        "",
        *module.render(result),
    ]
    problems = module.misses(result)
    lines += ["", "**Missed:** " + " ".join(problems) if problems else "All budgets met ✓"]
    return "\n".join(lines) + "\n"


def render(info: dict, sections: dict[str, str], quick: bool) -> str:
    """The whole RESULTS.md: header, misses, one section per part."""
    misses = []
    for name in ORDER:
        body = sections.get(name, "")
        m = re.search(r"\*\*Missed:\*\* (.*)", body)
        if m:
            misses.append(f"- {PARTS[name][1]}: {m.group(1)}")
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m benchmarks` (or `python benchmarks/run.py`); medians over "
        "repeated runs; budgets in `benchmarks/config.py`. Do not edit by hand.",
        "",
        *(["**QUICK SMOKE RUN: tiny sizes, numbers mean nothing.**", ""] if quick else []),
        f"- Written: {info['date']}",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} memory, {info['os']}",
        f"- Python {info['python']}, NumPy {info['numpy']}, TensorFlow {info['tensorflow']}, "
        f"Keras {info['keras']}, Matplotlib {info['matplotlib']}, ipywidgets "
        f"{info['ipywidgets']}, nbclient {info['nbclient']}, ipykernel {info['ipykernel']}, "
        f"course_utils {info['course_utils']}",
        "- Each section says when it was measured and the machine's load average then: "
        "numbers taken under a high load (other jobs on the same cores) are slower than on "
        "an idle machine. It also times a fixed piece of CPU work before and after: on a "
        "virtual machine the same code runs slower while other machines share its cores, "
        "even at load 0, and this check shows it.",
        "",
        "## Budgets and goals missed",
        "",
        *(misses or ["None: every part met its budgets ✓"]),
        "",
    ]
    for name in ORDER:
        if name in sections:
            lines += [MARK.format(name), sections[name].rstrip("\n"), "<!-- end -->", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--parts", default=",".join(ORDER), help=f"comma-separated, from {', '.join(ORDER)}"
    )
    parser.add_argument("--repeats", type=int, help="repeats for every part (default per part)")
    parser.add_argument("--notebooks", help="only notebooks whose names start with these (04,07)")
    parser.add_argument("--quick", action="store_true", help="smoke run: tiny sizes, 1 repeat")
    parser.add_argument("--out", type=Path, help=f"results file (default {RESULTS})")
    parser.add_argument(
        "--rerender", action="store_true", help="rewrite from benchmarks/output/*.json, no runs"
    )
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"--parts: unknown {unknown}; choose from {', '.join(ORDER)}")
    if args.repeats is not None and args.repeats < 1:
        parser.error(f"--repeats={args.repeats} is not allowed: it must be at least 1")
    out = args.out or RESULTS
    if args.quick and args.out is None:
        parser.error("--quick needs --out FILE (a smoke run never rewrites RESULTS.md)")
    sections = _sections(out.read_text(encoding="utf-8")) if out.exists() else {}
    info = machine()
    print(f"{info['cpu']}, {info['cores']} cores; parts: {', '.join(parts)}", flush=True)
    for name in sorted(parts, key=list(PARTS).index):
        module, title = PARTS[name]
        repeats = 1 if args.quick else (args.repeats or config.DEFAULT_REPEATS[name])
        kwargs = {}
        if name == "notebooks" and args.notebooks:
            kwargs["names"] = [n.strip() for n in args.notebooks.split(",") if n.strip()]
        saved = SAVED / f"{name}.json"
        if args.rerender:  # format again from the last full run's raw numbers
            raw = json.loads(saved.read_text(encoding="utf-8"))
        else:
            part_info = {**info, "date": machine()["date"]}  # when this part started
            cpu_before, load_before = cpu_check(), load_average()
            start = time.perf_counter()
            result = module.bench(repeats, quick=args.quick, **kwargs)
            seconds = time.perf_counter() - start
            raw = {
                "result": result,
                "info": part_info,
                "load": [load_before, load_average()],
                "seconds": seconds,
                "cpu_check": [cpu_before, cpu_check()],
            }
            if not args.quick:
                SAVED.mkdir(exist_ok=True)
                saved.write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
        sections[name] = _section(name, raw)
        print(f"\n{sections[name]}", flush=True)
        out.write_text(render(info, sections, args.quick), encoding="utf-8")  # after each part
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
