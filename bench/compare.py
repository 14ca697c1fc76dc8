# compare.py — checks that two score files agree: ours (securebase score --decimals 9) and another
# tool's (id, then one column per scale, empty or NaN when not scored). Every scale of every row
# must be empty in both or differ by at most 1e-9. Usage: python3 compare.py OURS.csv THEIRS.csv
import csv
import sys

with open(sys.argv[1], newline="") as a, open(sys.argv[2], newline="") as b:
    ra, rb = csv.reader(a), csv.reader(b)
    ha, hb = next(ra), next(rb)
    scales = hb[1:]
    ia = [ha.index(s) for s in scales]
    rows = bad = 0
    for x, y in zip(ra, rb):
        rows += 1
        if x[0] != y[0]:
            sys.exit(f"row {rows + 1}: ids differ: {x[0]!r} / {y[0]!r}")
        for s, i, v in zip(scales, ia, y[1:]):
            u = x[i]
            none_u = u == ""
            none_v = v in ("", "NA", "nan", "NaN")
            if none_u != none_v or (not none_u and abs(float(u) - float(v)) > 1e-9):
                bad += 1
                if bad <= 5:
                    print(f"row {rows + 1} {s}: {u!r} / {v!r}", file=sys.stderr)
    if next(ra, None) is not None or next(rb, None) is not None:
        sys.exit("the files have different numbers of rows")
print(f"{rows} rows, {len(scales)} scales: {'all agree' if bad == 0 else f'{bad} differ'}")
sys.exit(1 if bad else 0)
