"""Monte-Carlo frequency of a singular Khatri-Rao product M1 (.) M2 of d x d^2 Bernoulli(p) masks
(Giannou et al., Theorem 3 / Remark 3): by Lemma 9 the sparsified product with generic weights is
singular iff DetBool(M1 (.) M2) = 0; each sample's DetBool is decided by an exact matching
(networkx Hopcroft-Karp) and re-checked by the kernel's `detbool` rule.  Floats only for the plot.

    python3 bench/giannou_sparsity.py [--samples 200] [--out bench/giannou_sparsity.svg]
"""

import argparse
import math
import random

from verify.builders.products import khatri_rao_columns
from verify.engines import detbool_certificate
from verify.kernel.exact import Matrix
from verify.kernel.rules import check_detbool


def singular_frequency(d, p, samples, rng):
    sing = 0
    for _ in range(samples):
        M1 = Matrix(d, d * d, [[int(rng.random() < p) for _ in range(d * d)] for _ in range(d)])
        M2 = Matrix(d, d * d, [[int(rng.random() < p) for _ in range(d * d)] for _ in range(d)])
        K = khatri_rao_columns(M1, M2)
        v, obs = detbool_certificate(K, "K")
        if check_detbool(obs[0], {"K": K})[2] != v:
            raise RuntimeError("kernel disagrees")
        sing += v == 0
    return sing / samples


def svg(curves, marks, path):
    W, H, L, B = 640, 400, 60, 40
    x = lambda p: L + p * (W - L - 20)  # noqa: E731
    y = lambda f: H - B - f * (H - B - 20)  # noqa: E731
    colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<line x1="{L}" y1="{y(0)}" x2="{x(1)}" y2="{y(0)}" stroke="black"/>',
           f'<line x1="{L}" y1="{y(0)}" x2="{L}" y2="{y(1)}" stroke="black"/>',
           f'<text x="{W / 2}" y="{H - 8}">p (keep probability)</text>',
           f'<text x="5" y="15">P(M1 (.) M2 singular), Monte-Carlo</text>']
    for t in range(0, 11, 2):
        out.append(f'<text x="{x(t / 10) - 8}" y="{y(0) + 14}">{t / 10:.1f}</text>')
        out.append(f'<text x="{L - 30}" y="{y(t / 10) + 4}">{t / 10:.1f}</text>')
    for k, (d, pts) in enumerate(sorted(curves.items())):
        c = colors[k % len(colors)]
        out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="' +
                   " ".join(f"{x(p):.1f},{y(f):.1f}" for p, f in pts) + '"/>')
        out.append(f'<text x="{W - 90}" y="{40 + 14 * k}" fill="{c}">d = {d}</text>')
        for name, p in marks[d]:
            dash = "4,2" if name == "log" else "1,3"
            out.append(f'<line x1="{x(p):.1f}" y1="{y(0)}" x2="{x(p):.1f}" y2="{y(1)}" stroke="{c}" stroke-dasharray="{dash}"/>')
    out.append(f'<text x="{L + 10}" y="{H - B - 10}">dashed: log d / d; dotted: sqrt(log d / d)</text></svg>')
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--dims", default="3,4,5,6,7,8")
    ap.add_argument("--out", default="bench/giannou_sparsity.svg")
    a = ap.parse_args()
    rng = random.Random(20230)
    curves, marks = {}, {}
    for d in map(int, a.dims.split(",")):
        curves[d] = [(p / 20, singular_frequency(d, p / 20, a.samples, rng)) for p in range(1, 21)]
        marks[d] = [("log", math.log(d) / d), ("sqrt", math.sqrt(math.log(d) / d))]
        print(d, " ".join(f"{p:.2f}:{f:.2f}" for p, f in curves[d]))
    svg(curves, marks, a.out)


if __name__ == "__main__":
    main()
