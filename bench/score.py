# score.py — the benchmark's pandas side: the same scale scores as `securebase score` on the
# default bank with read_csv, numpy and to_csv. Usage: python3 score.py CODEBOOK.csv ANSWERS.csv OUT.csv
# Prints the seconds spent reading, scoring and writing (start-up and imports not counted).
# Rules: reverse keying min + max - x, mean of the answered items, a scale scored only when at
# least 80% of its items are answered (the default bank's min_answered).
import sys
import time

import numpy as np
import pandas as pd

cb = pd.read_csv(sys.argv[1])
t0 = time.perf_counter()
d = pd.read_csv(sys.argv[2], dtype={"id": str})
out = pd.DataFrame({"id": d["id"]})
for scale, it in cb.groupby("scale", sort=False):
    m = d[it["item"]].to_numpy(dtype=np.float64)
    rev = (it["reverse"] == "yes").to_numpy()
    m[:, rev] = (it["min"].to_numpy()[rev] + it["max"].to_numpy()[rev]) - m[:, rev]
    answered = (~np.isnan(m)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        sc = np.nanmean(m, axis=1) if answered.all() else np.nansum(m, axis=1) / answered
    sc[answered < 0.8 * len(it)] = np.nan
    out[scale] = sc
out.to_csv(sys.argv[3], index=False, float_format="%.15g")
print(f"{time.perf_counter() - t0:.3f}")
