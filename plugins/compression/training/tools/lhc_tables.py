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
SWITCH_SCHEMES = ["lhc", "lhc-union", "lhc-aligned", "thc", "omnireduce", "topk", "dense"]
LHC_VARIANTS = ["lhc", "lhc-union", "lhc-aligned"]
SCHEME_NOTES = {
    "dense-int": "SwitchML-style dense int32 in the switch (the baseline)",
    "lhc": "LHC int, one pass: OR index + int32 sketch of a size fixed beforehand, in the switch",
    "lhc-union": "LHC int: union registers, OR index, then an int32 sketch sized from the union",
    "lhc-aligned": "LHC int: union registers, OR index, then int32 values aligned to the candidates",
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
    print("\n### Wire bytes of the simulated aggregation (all links, headers included): dense-int's / the scheme's\n")
    print("| model | K | dense-int MB | " + " | ".join(SWITCH_SCHEMES) + " |")
    print("|---|---|---|" + "---|" * len(SWITCH_SCHEMES))
    for model in MODELS:
        for k in workers:
            base = cell.get((model, k, "dense-int"))
            if base is None:
                continue
            parts = [f"{num(base, 'sim_wire_mb'):.1f}"]
            for s in SWITCH_SCHEMES:
                r = cell.get((model, k, s))
                parts.append(f"{num(base, 'sim_wire_mb') / num(r, 'sim_wire_mb'):.2f}x" if r else "-")
            print(f"| {model} | {k} | " + " | ".join(parts) + " |")
    print("\n### The three LHC protocols: passes, aggregation time, switch memory, repairs (simulated aggregation)\n")
    print("| model | K | scheme | passes | aggregation ms | codec ms | effective Gbps | switch KiB | repair rate | "
          "iteration speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for model in MODELS:
        for k in workers:
            for s in LHC_VARIANTS:
                r = cell.get((model, k, s))
                if r is None:
                    continue
                print(f"| {model} | {k} | {s} | {num(r, 'sim_passes'):.0f} | {num(r, 'sim_aggregation_ms'):.3f} | "
                      f"{num(r, 'sim_codec_ms'):.3f} | {num(r, 'sim_effective_gbps'):.1f} | "
                      f"{num(r, 'sim_switch_memory_kib'):.0f} | {num(r, 'sim_repair_rate'):.3f} | "
                      f"{num(r, 'sim_iteration_speedup'):.2f}x |")


def small_tensor_table(rows):
    runs = [r for r in rows if r["experiment"] == "small-tensors" and r["status"] == "done"]
    if not runs:
        return
    cell = {(int(r["param.size"]), r["param.scheme"]): r for r in runs}
    sizes = sorted({k[0] for k in cell})
    schemes = ["lhc", "lhc-union", "lhc-aligned", "dense-int"]
    print("\n### One tensor, 1% density, K = 8: aggregation time in us (passes), bytes on all links (headers included)\n")
    print("| values | " + " | ".join(schemes) + " |")
    print("|---|" + "---|" * len(schemes))
    for n in sizes:
        parts = []
        for s in schemes:
            r = cell.get((n, s))
            parts.append(f"{num(r, 'sim_aggregation_ms') * 1e3:.1f} ({num(r, 'sim_passes'):.0f}), "
                         f"{num(r, 'sim_wire_mb') * 1e3:.1f} kB" if r else "-")
        print(f"| {n} | " + " | ".join(parts) + " |")


def measured_profile_table(rows):
    runs = [r for r in rows if r["experiment"] == "measured-profiles" and r["status"] == "done"]
    if not runs:
        return
    cell = {(r["param.profile"], r["param.workers"], r["param.scheme"]): r for r in runs}
    schemes = ["lhc", "lhc-union", "lhc-aligned"]
    print("\n### Measured densities through the switch: effective rate over dense-int (aggregation us, passes)\n")
    print("| profile | K | union density | " + " | ".join(schemes) + " | dense-int us |")
    print("|---|---|---|" + "---|" * (len(schemes) + 1))
    for profile in sorted({k[0] for k in cell}, reverse=True):
        for k in sorted({k[1] for k in cell}, key=int):
            base = cell.get((profile, k, "dense-int"))
            if base is None:
                continue
            parts = []
            for s in schemes:
                r = cell.get((profile, k, s))
                parts.append(f"{num(r, 'sim_throughput_vs_dense_in_network'):.2f}x ({num(r, 'sim_aggregation_ms') * 1e3:.1f}, "
                             f"{num(r, 'sim_passes'):.0f})" if r else "-")
            print(f"| {profile} | {k} | {num(base, 'union_density'):.3f} | " + " | ".join(parts) +
                  f" | {num(base, 'sim_aggregation_ms') * 1e3:.1f} |")


def codec_time_table(rows):
    if not any(r["experiment"] == "codec-time" for r in rows):
        return
    # A run's identity does not include its experiment: the accelerator points of codec-time
    # are switch-aggregation's K = 8 runs, stored once.
    runs = [r for r in rows if r["experiment"] in ("codec-time", "switch-aggregation") and r["status"] == "done"
            and r["param.workers"] == "8"]
    cell = {(r["param.profile"], r["param.scheme"], r["param.codec_time"]): r for r in runs}
    schemes = [s for s in ["lhc", "lhc-aligned", "dense-int"] if any(k[1] == s for k in cell)]
    print("\n### Where codec time comes from (K = 8): effective Gbps (line rate 100) / iteration speed-up over dense-int\n")
    print("| model | scheme | accelerator | cpu (this machine, 1 core) | none |")
    print("|---|---|---|---|---|")
    for model in MODELS:
        for s in schemes:
            parts = []
            for mode in ["accelerator", "cpu", "none"]:
                r = cell.get((model, s, mode))
                parts.append(f"{num(r, 'sim_effective_gbps'):.1f} / {num(r, 'sim_iteration_speedup'):.2f}x" if r else "-")
            print(f"| {model} | {s} | " + " | ".join(parts) + " |")


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
            parts.append(f"{statistics.mean(num(r, 'step_time') for r in runs) * 1e3:.1f}")  # reported in s
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
    for r in sorted(runs, key=lambda r: (int(r["param.workers"]), r["param.scheme"], label(r))):
        ms = {k: num(r, k) * 1e3 for k in ["step_time", "compute_time", "encode_time", "network_time", "decode_time"]}
        print(f"| {r['param.workers']} | {label(r)} | {ms['step_time']:.1f} | {ms['compute_time']:.1f} | {ms['encode_time']:.1f} | "
              f"{ms['network_time']:.1f} | {ms['decode_time']:.1f} | "
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
    small_tensor_table(rows)
    measured_profile_table(rows)
    codec_time_table(rows)
    training_table(rows)
    gloo_table(rows)


if __name__ == "__main__":
    main()
