#!/usr/bin/env python3
# Usage: python3 plugins/scheduling/tools/load_grid_table.py runs.csv   (sextant-cli export ... --format csv)
# Paired-by-seed table of the load-grid experiment: avg/p99 JCT ratio host / host+CASSINI,
# mean over seeds with a 95% t-interval, host/ideal, and ECN marks where present.
import csv, sys, statistics as st, math
# Themis-like cluster runs of any experiment: a point that cassini-vs-host also holds (30 jobs/h,
# 2:1 and 4:1) is stored once, under whichever experiment ran it first.
rows=[r for r in csv.DictReader(open(sys.argv[1])) if r['status']=='done' and r['param.mode']!='snapshot'
      and r['param.scheduler']=='themis']
f=float
by={}
for r in rows: by[(f(r['param.jobs_per_hour']),int(float(r['param.oversubscription'])),r['param.cassini'],r['seed'])]=r
T={2:12.706,3:4.303,4:3.182,5:2.776}
def ci(xs):
    m=st.mean(xs)
    if len(xs)<2: return m,0
    return m,T.get(len(xs),2)*st.stdev(xs)/math.sqrt(len(xs))
print('| jobs/h | oversub. | seeds | avg JCT ratio (95% CI) | p99 JCT ratio (95% CI) | host alone / ideal | host + CASSINI / ideal | ideal avg JCT s | gave up (sum) |')
print('|'+'---|'*9)
for load in sorted({k[0] for k in by}):
  for o in sorted({k[1] for k in by}):
    seeds=sorted({k[3] for k in by if k[0]==load and k[1]==o})
    a=[];p=[];hi=[];ci_=[];ideal=[];gu=0
    for s in seeds:
      h=by.get((load,o,'false',s)); c=by.get((load,o,'true',s))
      if not h or not c: continue
      a.append(f(h['avg_jct_s'])/f(c['avg_jct_s'])); p.append(f(h['p99_jct_s'])/f(c['p99_jct_s']))
      hi.append(f(h['avg_jct_s'])/f(h['ideal_avg_jct_s'])); ci_.append(f(c['avg_jct_s'])/f(c['ideal_avg_jct_s'])); ideal.append(f(h['ideal_avg_jct_s']))
      gu+=int(float(c['gave_up']))
    if not a: continue
    ma,ea=ci(a); mp,ep=ci(p)
    print(f"| {load:g} | {o}:1 | {len(a)} | {ma:.3f} +- {ea:.3f} | {mp:.3f} +- {ep:.3f} | {st.mean(hi):.3f} | {st.mean(ci_):.3f} | {st.mean(ideal):,.0f} | {gu} |")
