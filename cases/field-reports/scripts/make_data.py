"""Write the exact data files of the field-report cases (cases/field-reports/data/*.csv).

Run from anywhere: `python cases/field-reports/scripts/make_data.py` (numpy and sympy, both
dependencies of verify, are the only imports).  Each section below holds the matrix exactly as the
report printed it, and says how its exact values are obtained:

- a float in a report is the binary floating-point number the reporter's program held, and every
  binary float is a dyadic rational p / 2^k; it is written as the exact "p/q" string
  (`Fraction(float)` is exact: no rounding happens in the conversion);
- a Gaussian rational a + b*i is split into its real and imaginary parts, two rational matrices
  (the case builds the real 2n x 2n form Re (x) I_2 + Im (x) J, J = [[0, -1], [1, 0]]).

The script is deterministic except where a report's matrix is itself the output of a float
computation (scipy #11108: S = R C R^T in float64), which is redone here with numpy as in the
report; its last bits may differ from the reporter's machine (see that case's notes).
"""

import os
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def exact(x):
    """The exact rational value of a float (or Fraction) as "p/q" (or "p")."""
    q = Fraction(x)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def write_csv(name, rows, header):
    path = os.path.join(DATA, name)
    with open(path, "w") as f:
        for line in header:
            f.write(f"# {line}\n")
        for r in rows:
            f.write(",".join(exact(x) for x in r) + "\n")
    print("wrote", os.path.relpath(path))


# --------------------------------------------------------------------------- pytorch #25972
# torch.symeig produces negative eigenvalues for symmetric matrix.  The matrix as the reporter
# wrote it in the issue (and in the test `test_symsqrt_neg` of his repository, which has all
# ten rows); `torch.tensor(...)` with torch's default dtype float32 parses each literal to a
# Python float (float64) and rounds that to float32: np.float32(float(s)) does the same.
PYTORCH_25972 = """
1.704692840576171875e-05,-9.693153669044357601e-15,-4.637238930627063382e-07,-5.784777457051859528e-08,-7.958237541183521557e-11,-9.898678399622440338e-06,-2.152719247305867611e-07,-1.635662982835128787e-08,-6.400216989277396351e-06,-1.906904145698717912e-08
-9.693153669044357601e-15,9.693318840469072190e-15,-4.495100185314538545e-21,-5.607465147510056466e-22,-7.714305304820877864e-25,-9.595268609986125189e-20,-2.086734953246380139e-21,-1.585527368218132061e-22,-6.204040063550678436e-20,-1.848454455492805625e-22
-4.637238930627063382e-07,-4.495100185314538545e-21,4.637315669242525473e-07,-2.682631101578927119e-14,-3.690551006200058401e-17,-4.590410516980281130e-12,-9.983013764605641605e-14,-7.585219006177833234e-15,-2.968034672201635971e-12,-8.843071403179941781e-15
-5.784777457051859528e-08,-5.607465147510056466e-22,-2.682631101578927119e-14,5.784875867220762302e-08,-4.603820523722603687e-18,-5.726360683376563454e-13,-1.245342652107404510e-14,-9.462269640040017228e-16,-3.702509490405986314e-13,-1.103139288087268827e-15
-7.958237541183521557e-11,-7.714305304820877864e-25,-3.690551006200058401e-17,-4.603820523722603687e-18,7.958373543504038139e-11,-7.877872806981575052e-16,-1.713243580702275093e-17,-1.301743849346897150e-18,-5.093618864028342207e-16,-1.517611416046059107e-18
-9.898678399622440338e-06,-9.595268609986125189e-20,-4.590410516980281130e-12,-5.726360683376563454e-13,-7.877872806981575052e-16,9.898749340209178627e-06,-2.130980288062023220e-12,-1.619145491510778911e-13,-6.335585528427500890e-11,-1.887647481900456281e-13
-2.152719247305867611e-07,-2.086734953246380139e-21,-9.983013764605641605e-14,-1.245342652107404510e-14,-1.713243580702275093e-17,-2.130980288062023220e-12,2.152755484985391377e-07,-3.521243228436451468e-15,-1.377834044774539635e-12,-4.105169319306963341e-15
-1.635662982835128787e-08,-1.585527368218132061e-22,-7.585219006177833234e-15,-9.462269640040017228e-16,-1.301743849346897150e-18,-1.619145491510778911e-13,-3.521243228436451468e-15,1.635690871637507371e-08,-1.046895521119271810e-13,-3.119158858896762436e-16
-6.400216989277396351e-06,-6.204040063550678436e-20,-2.968034672201635971e-12,-3.702509490405986314e-13,-5.093618864028342207e-16,-6.335585528427500890e-11,-1.377834044774539635e-12,-1.046895521119271810e-13,6.400285201380029321e-06,-1.220501699922618699e-13
-1.906904145698717912e-08,-1.848454455492805625e-22,-8.843071403179941781e-15,-1.103139288087268827e-15,-1.517611416046059107e-18,-1.887647481900456281e-13,-4.105169319306963341e-15,-3.119158858896762436e-16,-1.220501699922618699e-13,1.906936653028878936e-08
"""


def pytorch_25972():
    text = [line.split(",") for line in PYTORCH_25972.split()]
    f32 = [[np.float32(float(s)) for s in r] for r in text]
    write_csv("pytorch-25972-float32.csv", [[float(x) for x in r] for r in f32],
              ["pytorch/pytorch#25972: the 10 x 10 matrix of the report as torch stored it (float32),",
               "each entry the exact value of np.float32(float(literal)); written by scripts/make_data.py"])


# ----------------------------------------------------------------------------- scipy #11108
# scipy.linalg.ldl gives incorrect results when pivoting is required.  The report builds its
# input in float64: S = R C R^T with C = diag(1, 100, 1) and R = R1 R2 two rotations by 30
# degrees.  Redone here exactly as in the report.
def scipy_11108():
    angle = 30
    C = np.diag([1, 100, 1])
    theta = np.radians(angle)
    c, s = np.cos(theta), np.sin(theta)
    R1 = np.array(((c, 0, s), (0, 1, 0), (-s, 0, c)))
    R2 = np.array(((c, -s, 0), (s, c, 0), (0, 0, 1)))
    R = R1 @ R2
    S = R @ C @ R.transpose()
    # The float product is not exactly symmetric (S[0, 2] and S[2, 0] differ in the last bit);
    # scipy.linalg.ldl (lower=True, the report's call) and numpy.linalg.cholesky read only the
    # lower triangle, so the matrix they factor is the symmetric one with S's lower triangle.
    L = np.tril(S)
    A = L + np.tril(S, -1).T
    asym = int(np.count_nonzero(S != S.T)) // 2
    write_csv("scipy-11108-S.csv", A.tolist(),
              ["scipy/scipy#11108: the float64 input S = R C R^T of the report, recomputed with numpy",
               f"{np.__version__} by scripts/make_data.py; the lower triangle of S (what ldl and cholesky",
               f"read), mirrored: S itself is asymmetric in {asym} entry pair(s) by the float rounding.",
               "Entries exact (dyadic)."])


# ---------------------------------------------------------------------------- sympy #16823
# Matrix rank() return the wrong rank of a complex matrix.  The 12 x 16 Gaussian-rational matrix
# T of the report, as sympy's regression test `test_issue_16823` (sympy/matrices/tests/
# test_matrices.py) spells it.
SYMPY_16823 = """
[1+I,-19/4+5/4*I,1/2-I,9/4+55/16*I,-3/4,45/32-37/16*I,1/4+1/2*I,-129/64-9/64*I,1/4-5/16*I,65/128+87/64*I,-9/32-1/16*I,183/256-97/128*I,3/64+13/64*I,-23/32-59/256*I,15/128-3/32*I,19/256+551/1024*I]
[21/8+I,-537/64+143/16*I,-5/8-39/16*I,2473/256+137/64*I,-149/64+49/32*I,-177/128-1369/128*I,125/64+87/64*I,-2063/256+541/128*I,85/256-33/16*I,805/128+2415/512*I,-219/128+115/256*I,6301/4096-6609/1024*I,119/128+143/128*I,-10879/2048+4343/4096*I,129/256-549/512*I,42533/16384+29103/8192*I]
[-2,17/4-13/2*I,1+I,-19/4+5/4*I,1/2-I,9/4+55/16*I,-3/4,45/32-37/16*I,1/4+1/2*I,-129/64-9/64*I,1/4-5/16*I,65/128+87/64*I,-9/32-1/16*I,183/256-97/128*I,3/64+13/64*I,-23/32-59/256*I]
[1/4+13/4*I,-825/64-147/32*I,21/8+I,-537/64+143/16*I,-5/8-39/16*I,2473/256+137/64*I,-149/64+49/32*I,-177/128-1369/128*I,125/64+87/64*I,-2063/256+541/128*I,85/256-33/16*I,805/128+2415/512*I,-219/128+115/256*I,6301/4096-6609/1024*I,119/128+143/128*I,-10879/2048+4343/4096*I]
[-4*I,27/2+6*I,-2,17/4-13/2*I,1+I,-19/4+5/4*I,1/2-I,9/4+55/16*I,-3/4,45/32-37/16*I,1/4+1/2*I,-129/64-9/64*I,1/4-5/16*I,65/128+87/64*I,-9/32-1/16*I,183/256-97/128*I]
[1/4+5/2*I,-23/8-57/16*I,1/4+13/4*I,-825/64-147/32*I,21/8+I,-537/64+143/16*I,-5/8-39/16*I,2473/256+137/64*I,-149/64+49/32*I,-177/128-1369/128*I,125/64+87/64*I,-2063/256+541/128*I,85/256-33/16*I,805/128+2415/512*I,-219/128+115/256*I,6301/4096-6609/1024*I]
[-4,9-5*I,-4*I,27/2+6*I,-2,17/4-13/2*I,1+I,-19/4+5/4*I,1/2-I,9/4+55/16*I,-3/4,45/32-37/16*I,1/4+1/2*I,-129/64-9/64*I,1/4-5/16*I,65/128+87/64*I]
[-2*I,119/8+29/4*I,1/4+5/2*I,-23/8-57/16*I,1/4+13/4*I,-825/64-147/32*I,21/8+I,-537/64+143/16*I,-5/8-39/16*I,2473/256+137/64*I,-149/64+49/32*I,-177/128-1369/128*I,125/64+87/64*I,-2063/256+541/128*I,85/256-33/16*I,805/128+2415/512*I]
[0,-6,-4,9-5*I,-4*I,27/2+6*I,-2,17/4-13/2*I,1+I,-19/4+5/4*I,1/2-I,9/4+55/16*I,-3/4,45/32-37/16*I,1/4+1/2*I,-129/64-9/64*I]
[1,-9/4+3*I,-2*I,119/8+29/4*I,1/4+5/2*I,-23/8-57/16*I,1/4+13/4*I,-825/64-147/32*I,21/8+I,-537/64+143/16*I,-5/8-39/16*I,2473/256+137/64*I,-149/64+49/32*I,-177/128-1369/128*I,125/64+87/64*I,-2063/256+541/128*I]
[0,-4*I,0,-6,-4,9-5*I,-4*I,27/2+6*I,-2,17/4-13/2*I,1+I,-19/4+5/4*I,1/2-I,9/4+55/16*I,-3/4,45/32-37/16*I]
[0,1/4+1/2*I,1,-9/4+3*I,-2*I,119/8+29/4*I,1/4+5/2*I,-23/8-57/16*I,1/4+13/4*I,-825/64-147/32*I,21/8+I,-537/64+143/16*I,-5/8-39/16*I,2473/256+137/64*I,-149/64+49/32*I,-177/128-1369/128*I]
"""


def sympy_16823():
    from sympy import Rational, S, im, re

    rows = []
    for line in SYMPY_16823.split():
        rows.append([S(e) for e in line.strip("[]").split(",")])
    parts = []
    for part in (re, im):
        mat = []
        for r in rows:
            out = []
            for z in r:
                v = part(z)
                assert isinstance(v, Rational), (z, v)
                out.append(Fraction(int(v.p), int(v.q)))
            mat.append(out)
        parts.append(mat)
    for name, mat in zip(("re", "im"), parts):
        write_csv(f"sympy-16823-{name}.csv", mat,
                  [f"sympy/sympy#16823: the {'real' if name == 're' else 'imaginary'} part of the 12 x 16 "
                   "Gaussian-rational matrix T of the report; written by scripts/make_data.py"])


if __name__ == "__main__":
    os.makedirs(DATA, exist_ok=True)
    pytorch_25972()
    scipy_11108()
    sympy_16823()
