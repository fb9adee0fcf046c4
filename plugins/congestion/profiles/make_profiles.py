#!/usr/bin/env python3
"""Writes the congestion plugin's iteration profiles from the model profiles the compression
and scheduling plugins already ship, so the three plugins describe the same models:

  vgg19.csv  data-parallel VGG19: gradients per layer from compression/profiles/vgg19.json
             (tensor shapes, fp32), compute from scheduling/profiles/models.json (VGG19),
             split forward 1/3, backward 2/3 (backward = 2 x forward, as the compression
             plugin's compute model), backward time per layer in proportion to its
             multiply-adds at VGG19's feature-map sizes (Simonyan & Zisserman 2015, Table 1).
  dlrm.csv   DLRM-like: the scheduling profile's DLRM (embedding all-to-all forward and
             backward, MLP compute, MLP gradients all-reduced).

Run from the repository root: python3 plugins/congestion/profiles/make_profiles.py
tests/congestion checks the CSVs still agree with both sources."""
import json
import math
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COMPRESSION = "plugins/compression/profiles/vgg19.json"
SCHEDULING = "plugins/scheduling/profiles/models.json"
HEADER = "step,name,compute_ms,gradient_bytes,all_to_all_bytes,source"

# Output feature-map side of each VGG19 conv layer at 224x224 input (Simonyan & Zisserman
# 2015, Table 1: 3x3 convolutions with padding 1 keep the size; five 2x2 max-pools halve it).
VGG19_MAP = {0: 224, 2: 224, 5: 112, 7: 112, 10: 56, 12: 56, 14: 56, 16: 56,
             19: 28, 21: 28, 23: 28, 25: 28, 28: 14, 30: 14, 32: 14, 34: 14}


def model(models, name):
    return next(m for m in models["models"] if m["name"] == name)


def fmt(x):
    return ("%.6f" % x).rstrip("0").rstrip(".")


def vgg19(out):
    tensors = json.load(open(os.path.join(ROOT, COMPRESSION)))["tensors"]
    sched = model(json.load(open(os.path.join(ROOT, SCHEDULING))), "VGG19")
    gbytes = sched["gradient_bytes"]["value"]
    # The whole iteration's compute: forward, plus the backward buckets' where the profile has them.
    total_ms = sum(s["compute_ms"]["value"] for s in sched["iteration"] if "compute_ms" in s) + sum(
        b["compute_ms"] for s in sched["iteration"] if "backward" in s for b in s["backward"]["value"])
    layers = {}  # "features.0" -> [params, multiply-adds, shape text]
    for t in tensors:
        layer, kind = t["name"].rsplit(".", 1)
        n = math.prod(t["shape"])
        entry = layers.setdefault(layer, [0, 0, ""])
        entry[0] += n
        if kind == "weight":
            idx = int(layer.split(".")[1])
            side = VGG19_MAP[idx] if layer.startswith("features") else 1
            entry[1] = n * side * side
            entry[2] = "x".join(map(str, t["shape"]))
    macs = sum(v[1] for v in layers.values())
    fwd, bwd = total_ms / 3, total_ms * 2 / 3
    out.write("# Data-parallel VGG19, one iteration on one rank (batch 64, A100: the scheduling profile's assumption).\n")
    out.write("# Written by plugins/congestion/profiles/make_profiles.py from %s and %s; edit those, not this.\n"
              % (COMPRESSION, SCHEDULING))
    out.write("# Multiply-adds of all layers: %.2f G per image (He et al. 2016 Table 3 quotes 19.6 G for VGG19).\n"
              % (macs / 1e9))
    out.write(HEADER + "\n")
    out.write("forward,all layers,%s,0,0,%s VGG19 compute_ms %s (%s) x 1/3: backward = 2 x forward "
              "(plugins/compression/simulated compute model)\n"
              % (fmt(fwd), SCHEDULING, fmt(total_ms), sched["iteration"][0]["compute_ms"]["source"]))
    for layer in reversed(list(layers)):  # backward runs from the last layer to the first
        params, mac, shape = layers[layer]
        side = VGG19_MAP[int(layer.split(".")[1])] if layer.startswith("features") else 0
        where = "%dx%d output" % (side, side) if side else "fully connected"
        out.write("backward,%s,%s,%d,0,gradients: %s %s.weight [%s] + bias x %d B (%s gradient_bytes); "
                  "time: %s ms of backward x its share of multiply-adds (%s; Simonyan & Zisserman 2015 Table 1)\n"
                  % (layer, fmt(bwd * mac / macs), params * gbytes, COMPRESSION, layer, shape, gbytes,
                     SCHEDULING, fmt(bwd), where))


def dlrm(out):
    m = model(json.load(open(os.path.join(ROOT, SCHEDULING))), "DLRM")
    it = m["iteration"]
    a2a = [s["transfer_mb"] for s in it if "transfer_mb" in s]
    comp = next(s["compute_ms"] for s in it if "compute_ms" in s)
    grads = round(m["parameters_millions"]["value"] * 1e6 * m["gradient_bytes"]["value"])
    out.write("# DLRM-like: embedding all-to-all, MLP compute, MLP gradients all-reduced (one bucket) while the\n")
    out.write("# backward all-to-all runs. Written by plugins/congestion/profiles/make_profiles.py from %s (DLRM).\n"
              % SCHEDULING)
    out.write(HEADER + "\n")
    out.write("all-to-all,embeddings forward,0,0,%d,%s DLRM transfer_mb %s (%s)\n"
              % (round(a2a[0]["value"] * 1e6), SCHEDULING, fmt(a2a[0]["value"]), a2a[0]["source"]))
    out.write("forward,MLP,%s,0,0,%s DLRM compute_ms %s (%s) x 1/3: backward = 2 x forward\n"
              % (fmt(comp["value"] / 3), SCHEDULING, fmt(comp["value"]), comp["source"]))
    out.write("backward,MLP,%s,%d,0,time: the other 2/3 of compute_ms %s; gradients: parameters_millions %s x "
              "gradient_bytes %s (%s)\n"
              % (fmt(comp["value"] * 2 / 3), grads, fmt(comp["value"]), fmt(m["parameters_millions"]["value"]),
                 fmt(m["gradient_bytes"]["value"]), m["parameters_millions"]["source"]))
    out.write("all-to-all,embedding gradients backward,0,0,%d,%s DLRM transfer_mb %s (%s)\n"
              % (round(a2a[1]["value"] * 1e6), SCHEDULING, fmt(a2a[1]["value"]), a2a[1]["source"]))


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "vgg19.csv"), "w") as f:
        vgg19(f)
    with open(os.path.join(here, "dlrm.csv"), "w") as f:
        dlrm(f)
