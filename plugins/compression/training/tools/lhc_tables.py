#!/usr/bin/env python3
"""Result tables of experiments/compression-lhc.sextant, in the shape of the LHC paper's.

    sextant-cli export experiments/compression-lhc.sextant --format csv --out lhc.csv
    python3 plugins/compression/training/tools/lhc_tables.py lhc.csv

Prints Markdown: aggregation throughput relative to dense in-network aggregation and
per-iteration speed-up (simulated switch), final accuracy per scheme (real training,
mean over seeds with the spread), and the Gloo measurements. Nothing is adjusted: every
number is a summary metric of a run in the CSV.
"""
import csv
import statistics
import sys
from collections import defaultdict

MODELS = ["ncf", "lstm", "vgg19", "bert-base"]
SWITCH_SCHEMES = ["lhc", "thc", "omnireduce", "topk", "dense"]
SCHEME_NOTES = {
    "dense-int": "SwitchML-style dense int32 in the switch (the baseline)",
    "lhc": "LHC int: OR index + int32 sketch, in the switch",
    "thc": "THC 4-bit, in the switch (lossy)",
    "omnireduce": "OmniReduce blocks via aggregators",
    "topk": "top-1% via allgather (lossy)",
    "dense": "dense float32 ring allreduce on hosts",
}


def num(row, key):
    value = row.get(key, "")
    return float(value) if value not in ("", None) else None


def label(row):
    scheme = row["param.scheme"]
    if scheme == "lhc":
        index = " bitmap" if row.get("param.index") == "bitmap" else ""
        return "lhc " + row.get("param.mode", "int") + index
    return scheme


def switch_tables(rows):
    runs = [r for r in rows if r["experiment"] == "switch-aggregation" and r["status"] == "done"]
    if not runs:
        return
    cell = {(r["param.profile"], r["param.workers"], r["param.scheme"]): r for r in runs}
    workers = sorted({r["param.workers"] for r in runs}, key=int)
    for title, key in [
        ("Aggregation throughput relative to dense in-network aggregation (dense-int = 1)",
         "sim_throughput_vs_dense_in_network"),
        ("Per-iteration speed-up over dense in-network aggregation, no overlap", "sim_iteration_speedup"),
        ("Per-iteration speed-up over dense in-network aggregation, communication overlapped with backward",
         "sim_iteration_overlap_speedup"),
    ]:
        print(f"\n### {title}\n")
        print("| model | K | " + " | ".join(SWITCH_SCHEMES) + " | union density | compute ms |")
        print("|---|---|" + "---|" * (len(SWITCH_SCHEMES) + 2))
        for model in MODELS:
            for k in workers:
                base = cell.get((model, k, "dense-int"))
                if base is None:
                    continue
                values = []
                for s in SWITCH_SCHEMES:
                    r = cell.get((model, k, s))
                    v = num(r, key) if r else None
                    values.append(f"{v:.2f}x" if v is not None else "-")
                print(f"| {model} | {k} | " + " | ".join(values) +
                      f" | {num(base, 'union_density'):.3f} | {num(base, 'sim_compute_ms'):.2f} |")
    print("\n### Bytes per worker and compression ratio (one aggregation)\n")
    print("| model | K | dense-int bytes | lhc ratio | lhc ratio to minimum | thc ratio | omnireduce ratio | topk ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for model in MODELS:
        for k in workers:
            base = cell.get((model, k, "dense-int"))
            if base is None:
                continue
            parts = [f"{num(base, 'bytes_sent_per_worker') / 1e6:.2f} MB"]
            lhc = cell.get((model, k, "lhc"))
            parts.append(f"{num(lhc, 'compression_ratio'):.2f}x" if lhc else "-")
            parts.append(f"{num(lhc, 'ratio_to_minimum'):.2f}x" if lhc else "-")
            for s in ["thc", "omnireduce", "topk"]:
                r = cell.get((model, k, s))
                parts.append(f"{num(r, 'compression_ratio'):.2f}x" if r else "-")
            print(f"| {model} | {k} | " + " | ".join(parts) + " |")


def spread(values):
    if not values:
        return "-"
    mean = statistics.mean(values)
    if len(values) == 1:
        return f"{mean:.4f}"
    return f"{mean:.4f} ({min(values):.4f}-{max(values):.4f})"


def training_table(rows):
    experiments = [("fashion-mnist-cnn", "CNN, Fashion-MNIST"), ("ncf-synthetic", "NCF, SYNTHETIC data")]
    by = defaultdict(list)
    for r in rows:
        if r["status"] == "done" and r["experiment"] in dict(experiments):
            by[(r["experiment"], label(r))].append(r)
    if not by:
        return
    order = ["dense", "dense-int", "lhc int", "lhc float", "omnireduce", "topk", "thc", "fp16"]
    print("\n### Final test accuracy per scheme (real training, 4 workers in one process; mean over seeds, range)\n")
    head = []
    for _, title in experiments:
        head += [f"{title}: accuracy", "bytes/worker/step", "ratio", "step ms"]
    print("| scheme | " + " | ".join(head) + " |")
    print("|---|" + "---|" * len(head))
    for scheme in order:
        parts = []
        for exp, _ in experiments:
            runs = by.get((exp, scheme), [])
            if not runs:
                parts += ["-"] * 4
                continue
            parts.append(spread([num(r, "final_test_accuracy") for r in runs]))
            parts.append(f"{statistics.mean(num(r, 'bytes_sent_per_worker') for r in runs) / 1e3:.1f} kB")
            parts.append(f"{statistics.mean(num(r, 'compression_ratio') for r in runs):.2f}x")
            parts.append(f"{statistics.mean(num(r, 'step_time') for r in runs):.1f}")
        print(f"| {scheme} | " + " | ".join(parts) + " |")
    # Exactness, seed by seed: the same final loss means the same trajectory.
    print("\nLossless checks (final test loss, seed by seed):\n")
    for exp, title in experiments:
        for a, b in [("lhc int", "dense-int"), ("omnireduce", "dense")]:
            ra = {r["seed"]: num(r, "final_test_loss") for r in by.get((exp, a), [])}
            rb = {r["seed"]: num(r, "final_test_loss") for r in by.get((exp, b), [])}
            same = [s for s in ra if s in rb and ra[s] == rb[s]]
            print(f"- {title}: {a} == {b} in {len(same)} of {len(ra)} seeds")
        best = [num(r, "best_possible_accuracy") for r in by.get((exp, "dense"), []) if num(r, "best_possible_accuracy")]
        if best:
            print(f"- {title}: best possible test accuracy (true click probabilities) {statistics.mean(best):.4f}")


def gloo_table(rows):
    runs = [r for r in rows if r["experiment"] == "ncf-gloo" and r["status"] == "done"]
    if not runs:
        return
    print("\n### Over Gloo (TCP, localhost): K rank processes, NCF, measured per iteration on rank 0\n")
    print("| K | scheme | step ms | compute ms | encode ms | network ms | decode ms | bytes sent/rank | "
          "dense ring bytes | ratio | final accuracy |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(runs, key=lambda r: (int(r["param.workers"]), ["dense", "dense-int", "lhc"].index(r["param.scheme"]), label(r))):
        print(f"| {r['param.workers']} | {label(r)} | {num(r, 'step_time'):.1f} | {num(r, 'compute_time'):.1f} | {num(r, 'encode_time'):.1f} | "
              f"{num(r, 'network_time'):.1f} | {num(r, 'decode_time'):.1f} | "
              f"{num(r, 'bytes_sent_per_worker') / 1e3:.1f} kB | {num(r, 'dense_bytes_per_worker') / 1e3:.1f} kB | "
              f"{num(r, 'compression_ratio'):.2f}x | {num(r, 'final_test_accuracy'):.4f} |")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: lhc_tables.py EXPORT.csv   (from sextant-cli export ... --format csv)")
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "experiment" not in rows[0]:
        sys.exit(f"{sys.argv[1]}: not a sextant-cli CSV export")
    switch_tables(rows)
    training_table(rows)
    gloo_table(rows)


if __name__ == "__main__":
    main()
