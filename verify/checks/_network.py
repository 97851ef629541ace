"""The network spec of the `network_*` check kinds (trusted: it reads the case and builds the
problem objects with `verify.builders.network`).

    network:
      widths: [n_0, ..., n_L]
      layers:                                   # one per layer 1..L
        - activation: linear | logistic | tanh | relu | leaky_relu | {polynomial: [c_0, c_1, ...] | "x^2 + x"}
          slope: "1/100"                        # leaky_relu only (default 1/100)
          weight: MATRIX                        # n_l x n_(l-1) (PyTorch's Linear.weight)
          bias: MATRIX                          # n_l entries (a column, a row or a 1-D array); omit: no bias
          odds: MATRIX                          # logistic / tanh instead of weight: E = exp(W) (tanh: exp(2W))
          bias_odds: MATRIX                     # ... and the bias's odds
      loss: square | cross_entropy              # default square; cross_entropy: a logistic output layer
      loss_scale: mean | sum | half_sum | "p/q" # J = c sum_i E_i, c = 1/T (default), 1, 1/2 or c
      parameter_order: paper | torch            # default paper (Shen, Kawaguchi): see builders/network.py
      symbolic: true                            # network_generic_rank: every weight (odds) a variable;
                                                # then a layer says bias: true | false
    data:
      X: MATRIX                                 # n_0 x T (samples are columns)
      Y: MATRIX                                 # n_L x T
      samples: columns | rows                   # rows: X is T x n_0 and Y is T x n_L (numpy's layout)

A MATRIX is any matrix form of the case format (a list of rows, a `let` name, `{file: W.npy,
exact_floats: true}`, ...), or a numpy file read here: `{file: W.npy | model.npz, array: NAME (npz),
exact_floats: true, transpose: true}` (1-D arrays allowed, read with allow_pickle=False; floats only
with exact_floats, each read as the exact dyadic rational it is).  Forms under `let` are embedded in
standalone certificates; numpy files named inside `network:` / `data:` are not (`verify check`
then needs the case file and the data files).
"""

import os
from fractions import Fraction

from ..builders.network import ODDS, PIECEWISE, Layer, Network, ZeroPreactivation, symbolic_layer_matrix
from ..cases.numbers import InputError, describe, parse_int, parse_number
from ..cases.numbers import did_you_mean
from ..cases.polyparse import PolySyntaxError, parse_poly
from ..errors import CaseError
from ..kernel.exact import Matrix, norm
from ..kernel.poly import Poly
from .base import AND, NOT, OR, eq, gt, make_statement

NETWORK_KEYS = ("widths", "layers", "loss", "loss_scale", "parameter_order", "symbolic")
LAYER_KEYS = ("activation", "slope", "weight", "bias", "odds", "bias_odds")
DATA_KEYS = ("X", "Y", "samples")
NAMED = ("linear", "logistic", "tanh", "relu", "leaky_relu")
SCALES = {"mean": None, "sum": 1, "half_sum": Fraction(1, 2)}
FILE_KEYS = ("file", "array", "exact_floats", "transpose")
MAX_WIDTH = 4096
MAX_LAYERS = 64


# ====================================================================== validation (load time)
def validate_spec(item, case, err, symbolic_check=False):
    """The network spec and the data, into case.network (a canonical dict); matrices stay forms."""
    spec = item.get("network")
    if not isinstance(spec, dict):
        raise err("network", f"expected a mapping with widths and layers, got {describe(spec)}")
    for k in spec:
        if k not in NETWORK_KEYS:
            raise err(f"network.{k}", f"unknown key{did_you_mean(k, NETWORK_KEYS)} (allowed: {', '.join(NETWORK_KEYS)})")
    widths = spec.get("widths")
    if not isinstance(widths, list) or not 2 <= len(widths) <= MAX_LAYERS + 1:
        raise err("network.widths", f"expected a list [n_0, ..., n_L] (L >= 1), got {describe(widths)}")
    try:
        widths = [parse_int(w, minimum=1, maximum=MAX_WIDTH, what="a width") for w in widths]
    except InputError as e:
        raise err("network.widths", e.message) from None
    L = len(widths) - 1
    layers = spec.get("layers")
    if not isinstance(layers, list) or len(layers) != L:
        raise err("network.layers", f"expected a list of {L} layers (one per width after n_0), got {describe(layers)}")
    symbolic = spec.get("symbolic", symbolic_check)
    if not isinstance(symbolic, bool):
        raise err("network.symbolic", f"expected true or false, got {describe(symbolic)}")
    if symbolic_check and not symbolic:
        raise err("network.symbolic", "the generic rank is over all weights: symbolic is always true here")
    if symbolic and not symbolic_check:
        raise err("network.symbolic", "symbolic weights are for check network_generic_rank (the rank over all "
                                      "weights); this check is about the network at given weights")
    out_layers = []
    for l, lay in enumerate(layers, start=1):
        key = f"network.layers[{l}]"
        if not isinstance(lay, dict):
            raise err(key, f"a layer is a mapping (activation, weight, bias, ...), got {describe(lay)}")
        for k in lay:
            if k not in LAYER_KEYS:
                raise err(f"{key}.{k}", f"unknown key{did_you_mean(k, LAYER_KEYS)} (allowed: {', '.join(LAYER_KEYS)})")
        act, coeffs = _activation(lay.get("activation"), f"{key}.activation", err)
        if act in ODDS and l != 1:
            raise err(f"{key}.activation", f"{act} units are exact (through their odds) in the first layer only: "
                                           "later layers see irrational inputs")
        slope = None
        if "slope" in lay:
            if act != "leaky_relu":
                raise err(f"{key}.slope", "only a leaky_relu layer has a slope")
            try:
                slope = parse_number(lay["slope"])
            except InputError as e:
                raise err(f"{key}.slope", e.message) from None
        elif act == "leaky_relu":
            slope = Fraction(1, 100)
        wkey, bkey = ("odds", "bias_odds") if act in ODDS else ("weight", "bias")
        other_w, other_b = ("weight", "bias") if act in ODDS else ("odds", "bias_odds")
        if not symbolic and (other_w in lay or other_b in lay):
            bad = other_w if other_w in lay else other_b
            hint = ("logistic and tanh units are exact through their odds only: give odds: E = exp(W) "
                    "(tanh: exp(2W)) and bias_odds" if act in ODDS else f"{bad} is for logistic / tanh layers")
            raise err(f"{key}.{bad}", hint)
        if symbolic:
            if "weight" in lay or "odds" in lay or "bias_odds" in lay:
                raise err(f"{key}.{wkey}", "symbolic weights are variables: give no values (bias: true | false)")
            b = lay.get("bias", False)
            if not isinstance(b, bool):
                raise err(f"{key}.bias", f"with symbolic weights, bias is true or false, got {describe(b)}")
            if act in PIECEWISE:
                raise err(f"{key}.activation", f"{act} has no generic Jacobian (its pattern depends on the "
                                               "weights): use polynomial, linear, logistic or tanh units")
            out_layers.append({"activation": act, "coeffs": coeffs, "slope": slope, "bias": b})
            continue
        if wkey not in lay:
            raise err(f"{key}.{wkey}", f"required: the layer's {'odds' if act in ODDS else 'weights'} "
                                       f"({widths[l]} x {widths[l - 1]})")
        b = lay.get(bkey, False)
        if b is True:
            raise err(f"{key}.{bkey}", "give the bias values (a column of n_l entries), or omit it for no bias")
        out_layers.append({"activation": act, "coeffs": coeffs, "slope": slope, "weight": lay[wkey],
                           "bias": None if b is False or b is None else b})
    if symbolic and any(x["activation"] in ODDS for x in out_layers[:1]) and \
            any(x["activation"] != "linear" for x in out_layers[1:]):
        raise err("network.layers", "a generic Jacobian with a logistic / tanh first layer needs linear layers "
                                    "after it")
    loss = spec.get("loss", "square")
    if loss not in ("square", "cross_entropy"):
        raise err("network.loss", f"expected square or cross_entropy, got {describe(loss)}")
    if loss == "cross_entropy" and out_layers[-1]["activation"] != "logistic":
        raise err("network.loss", "cross_entropy needs a logistic output layer (its derivatives sigma - y and "
                                  "sigma' are rational in the odds)")
    scale = spec.get("loss_scale", "mean")
    if isinstance(scale, str) and scale in SCALES:
        scale_text = scale
    else:
        try:
            c = parse_number(scale)
        except InputError as e:
            raise err("network.loss_scale", f"expected mean, sum, half_sum or a positive number: {e.message}") from None
        if c <= 0:
            raise err("network.loss_scale", f"the loss scale must be positive, got {c}")
        scale_text = _text(c)
    order = spec.get("parameter_order", "paper")
    if order not in ("paper", "torch"):
        raise err("network.parameter_order", f"expected paper or torch, got {describe(order)}")
    data = item.get("data")
    if not isinstance(data, dict):
        raise err("data", f"expected a mapping with X and Y, got {describe(data)}")
    for k in data:
        if k not in DATA_KEYS:
            raise err(f"data.{k}", f"unknown key{did_you_mean(k, DATA_KEYS)} (allowed: {', '.join(DATA_KEYS)})")
    for k in ("X",) if symbolic_check else ("X", "Y"):
        if k not in data:
            raise err(f"data.{k}", "required")
    samples = data.get("samples", "columns")
    if samples not in ("columns", "rows"):
        raise err("data.samples", f"expected columns or rows, got {describe(samples)}")
    case.network = {"widths": widths, "layers": out_layers, "loss": loss, "scale": scale_text, "order": order,
                    "symbolic": symbolic, "X": data["X"], "Y": data.get("Y"), "samples": samples}


def _activation(v, key, err):
    if isinstance(v, str) and v in NAMED:
        return v, None
    if isinstance(v, dict) and set(v) == {"polynomial"}:
        p = v["polynomial"]
        if isinstance(p, list):
            try:
                cs = [parse_number(c) for c in p]
            except InputError as e:
                raise err(f"{key}.polynomial", e.message) from None
        elif isinstance(p, str):
            try:
                poly = parse_poly(p)
            except (PolySyntaxError, InputError) as e:
                raise err(f"{key}.polynomial", f"not a polynomial in x: {getattr(e, 'message', e)}") from None
            cs = _coefficients(poly, key, err)
        else:
            raise err(f"{key}.polynomial", f"expected coefficients [c_0, c_1, ...] or a polynomial in x such as "
                                           f"\"x^2\", got {describe(p)}")
        if not any(cs):
            raise err(f"{key}.polynomial", "the zero polynomial")
        return "polynomial", [_text(c) for c in cs]
    raise err(key, f"expected one of {', '.join(NAMED)} or {{polynomial: [c_0, c_1, ...] | \"x^2\"}}, got "
                   f"{describe(v)}")


def _coefficients(p, key, err):
    if not isinstance(p, Poly):
        return [p]
    if set(p.variables()) - {"x"}:
        raise err(f"{key}.polynomial", f"a polynomial in x only, got the variables {p.variables()}")
    cs = [Fraction(0)] * (p.degree("x") + 1)
    for mono, c in p.terms.items():
        cs[mono[0][1] if mono else 0] += c
    return [norm(c) for c in cs]


def _text(x):
    x = norm(Fraction(x))
    return x if isinstance(x, int) else f"{x.numerator}/{x.denominator}"


def params(case):
    """The architecture (what defines the problem besides its matrices)."""
    n = case.network
    return {"widths": n["widths"], "activations": [_act_text(x) for x in n["layers"]],
            "bias": [x["bias"] is not None and x["bias"] is not False for x in n["layers"]], "loss": n["loss"],
            "loss_scale": n["scale"], "parameter_order": n["order"], "symbolic": n["symbolic"],
            "samples": n["samples"]}


def _act_text(x):
    if x["activation"] == "polynomial":
        return {"polynomial": x["coeffs"]}
    if x["activation"] == "leaky_relu":
        return {"leaky_relu": _text(x["slope"])}
    return x["activation"]


# ====================================================================== building
def read_numpy(form, case, key, max_entries):
    """A numpy file form {file: .npy | .npz, array, exact_floats, transpose} as a Matrix (1-D arrays
    as a column); never unpickles."""
    import numpy as np

    from ..cases.sources import MAX_FILE_BYTES, _exact_float_matrix, check_size, data_file_path

    for k in form:
        if k not in FILE_KEYS:
            raise case.error(f"{key}.{k}", f"unknown option of a numpy file form (allowed: {', '.join(FILE_KEYS)})")
    name, ef, tr = form["file"], form.get("exact_floats", False), form.get("transpose", False)
    if not isinstance(ef, bool) or not isinstance(tr, bool):
        raise case.error(key, "exact_floats and transpose are true or false")
    if not isinstance(name, str) or not name.strip():
        raise case.error(f"{key}.file", f"a path relative to the case file, got {describe(name)}")
    try:
        data_file_path(name, case.base_dir)  # inside the case file's tree (or an allowed directory)
    except InputError as e:
        raise case.error(f"{key}.file", e.message) from None
    path = os.path.join(case.base_dir, name)
    ext = os.path.splitext(name)[1].lower()
    if not os.path.isfile(path):
        raise case.error(f"{key}.file", f"no such file: {path}")
    if os.path.getsize(path) > MAX_FILE_BYTES:
        raise case.error(f"{key}.file", f"{path} is larger than {MAX_FILE_BYTES} bytes")
    try:
        if ext == ".npz":
            arrays = form.get("array")
            if not isinstance(arrays, str):
                raise case.error(f"{key}.array", "an .npz file holds several arrays: name one (array: NAME)")
            with np.load(path, allow_pickle=False) as z:
                if arrays not in z.files:
                    raise case.error(f"{key}.array", f"{path} has no array {arrays!r} (it has: {', '.join(z.files)})")
                arr = z[arrays]
        elif ext == ".npy":
            if "array" in form:
                raise case.error(f"{key}.array", "an .npy file holds one array: array names one inside an .npz")
            arr = np.load(path, allow_pickle=False)
        else:
            raise case.error(f"{key}.file", f"numpy files are .npy or .npz, got {name!r} (a .csv or .mtx matrix goes "
                                            "under let)")
    except CaseError:
        raise
    except Exception as e:  # numpy raises ValueError, OSError, ... on bad or pickled files
        raise case.error(f"{key}.file", f"cannot read {path} without unpickling: {e}") from None
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2 or arr.size == 0:
        raise case.error(key, f"{path}: expected a 1-D or 2-D array, got shape {arr.shape}")
    if tr:
        arr = arr.T
    m, n = arr.shape
    try:
        check_size(m, n, max_entries, f"the array in {path}")
        if arr.dtype.kind in "iu":
            return Matrix(m, n, np.asarray(arr).tolist())
        if arr.dtype.kind == "f":
            if not ef:
                raise InputError(f"{path}: dtype {arr.dtype} holds binary floats; add exact_floats: true to read each "
                                 "float as the exact dyadic rational it is")
            return _exact_float_matrix(np.ascontiguousarray(arr), path, max_entries)
        raise InputError(f"{path}: dtype {arr.dtype} is not an integer or float dtype")
    except InputError as e:
        raise case.error(key, e.message) from None


def matrix_of(form, case, ev, key):
    """A matrix of the spec: a numpy file form is read here (1-D arrays, .npz members), any other form
    by the case loader's evaluator (let names, inline rows, {file: .csv | .mtx}, expressions)."""
    if isinstance(form, dict) and isinstance(form.get("file"), str) and \
            os.path.splitext(form["file"])[1].lower() in (".npy", ".npz"):
        return read_numpy(form, case, key, ev.max_entries)
    return ev.build(form, key)


def _vector(M, n, case, key):
    if M.shape == (n, 1):
        return [r[0] for r in M.rows]
    if M.shape == (1, n):
        return list(M.rows[0])
    raise case.error(key, f"expected {n} entries (a column, a row or a 1-D array), got a {M.nrows} x {M.ncols} matrix")


def build_network(case, ev):
    """(Network, X, Y, objects): the network of the case, its data (n_0 x T, n_L x T) and the input
    objects (X, Y and per layer W<l> or E<l>: the layer's weights / odds with the bias last)."""
    ev.build_all_lets()
    spec = case.network
    widths = spec["widths"]
    layers, objs = [], {}
    for l, lay in enumerate(spec["layers"], start=1):
        key = f"network.layers[{l}]"
        act = lay["activation"]
        odds = act in ODDS
        n_in, n_out = widths[l - 1], widths[l]
        if spec["symbolic"]:
            A = symbolic_layer_matrix(l, n_out, n_in, lay["bias"], odds=odds)
            bias = lay["bias"]
        else:
            wkey, bkey = ("odds", "bias_odds") if odds else ("weight", "bias")
            W = matrix_of(lay["weight"], case, ev, f"{key}.{wkey}")
            if W.shape != (n_out, n_in):
                raise case.error(f"{key}.{wkey}", f"layer {l} maps {n_in} inputs to {n_out} units: expected a "
                                                  f"{n_out} x {n_in} matrix (PyTorch's weight layout), got {W.nrows} x "
                                                  f"{W.ncols}")
            rows = [list(r) for r in W.rows]
            bias = lay["bias"] is not None
            if bias:
                b = _vector(matrix_of(lay["bias"], case, ev, f"{key}.{bkey}"), n_out, case, f"{key}.{bkey}")
                rows = [r + [v] for r, v in zip(rows, b)]
            A = Matrix(n_out, n_in + bias, rows)
            if A.is_polynomial():
                raise case.error(f"{key}.{wkey}", "weights are exact numbers (symbolic weights: check "
                                                  "network_generic_rank)")
            if odds:
                for k, r in enumerate(A.rows):
                    for j, e in enumerate(r):
                        if e <= 0:
                            what = f"bias_odds entry {k + 1}" if j == n_in else f"odds entry ({k + 1}, {j + 1})"
                            raise case.error(f"{key}.{bkey if j == n_in else wkey}",
                                             f"{what} is {_text(e)}: odds E = exp(W) are positive")
        coeffs = [Fraction(c) for c in lay["coeffs"]] if lay["coeffs"] else None
        layers.append(Layer(act, A, bias, coeffs=coeffs, slope=lay["slope"]))
        objs[f"{'E' if odds else 'W'}{l}"] = A
    X = matrix_of(spec["X"], case, ev, "data.X")
    Y = matrix_of(spec["Y"], case, ev, "data.Y") if spec["Y"] is not None else None
    if spec["samples"] == "rows":
        X, Y = X.T, (Y.T if Y is not None else None)
    what = "columns" if spec["samples"] == "columns" else "rows"
    if X.nrows != widths[0]:
        shape = f"{X.nrows} x {X.ncols}" if what == "columns" else f"{X.ncols} x {X.nrows}"
        raise case.error("data.X", f"the network has n_0 = {widths[0]} inputs: with samples as {what}, X has "
                                   f"{widths[0]} {'rows' if what == 'columns' else 'columns'}; got {shape}")
    if X.is_polynomial():
        raise case.error("data.X", "data are exact numbers")
    if Y is not None:
        if Y.shape != (widths[-1], X.ncols):
            raise case.error("data.Y", f"Y needs one n_L = {widths[-1]} output per sample of X ({X.ncols} samples): "
                                       f"got {Y.nrows} x {Y.ncols} after reading samples as {what}")
        if Y.is_polynomial():
            raise case.error("data.Y", "data are exact numbers")
    if layers[0].act in ODDS:
        for i in range(X.ncols):
            for j in range(X.nrows):
                if Fraction(X.rows[j][i]).denominator != 1:
                    raise case.error("data.X", f"the first layer is {layers[0].act}, exact through its odds "
                                               f"prod_j E_kj^x_j: inputs must be integers, but input {j + 1} of sample "
                                               f"{i + 1} is {_text(X.rows[j][i])}")
    scale = spec["scale"]
    c = Fraction(1, X.ncols) if scale == "mean" else SCALES[scale] if scale in SCALES else Fraction(scale)
    try:
        net = Network(widths, layers, loss=spec["loss"], scale=c, order=spec["order"])
    except ValueError as e:
        raise case.error("network", str(e)) from None
    if not spec["symbolic"]:
        try:
            net.check_pattern(X)
        except ZeroPreactivation as z:
            raise case.error(f"network.layers[{z.layer}]", str(z)) from None
    objs["X"] = X
    if Y is not None:
        objs["Y"] = Y
    return net, X, Y, objs


# ====================================================================== memo (the pipeline builds twice)
_MEMO = {}


def memo(kind, objs, spec_params, compute):
    """compute(), remembered for the same inputs (content hashes) within this process."""
    key = (kind, tuple(sorted((n, M.content_hash()) for n, M in objs.items())), repr(spec_params))
    if key not in _MEMO:
        if len(_MEMO) > 16:
            _MEMO.clear()
        _MEMO[key] = compute()
    return _MEMO[key]


# ====================================================================== statements
def inertia_count(name, k):
    return {"index": [{"inertia": name}, k]}


def critical(name="G"):
    return {"is_zero": name}


def one(x):
    return Matrix(1, 1, [[norm(x) if not isinstance(x, Poly) else x]])


__all__ = ["validate_spec", "params", "build_network", "read_numpy", "matrix_of", "memo", "inertia_count", "critical",
           "one", "make_statement", "AND", "OR", "NOT", "eq", "gt"]


def network_from_objects(case, objects):
    """(Network, X, Y) rebuilt from the problem objects (for provers, which get objects only)."""
    spec = case.network
    layers = []
    for l, lay in enumerate(spec["layers"], start=1):
        A = objects.get(f"W{l}", objects.get(f"E{l}"))
        bias = A.ncols == spec["widths"][l - 1] + 1
        layers.append(Layer(lay["activation"], A, bias, coeffs=[Fraction(c) for c in lay["coeffs"]]
                            if lay["coeffs"] else None, slope=lay["slope"]))
    X, Y = objects["X"], objects.get("Y")
    scale = spec["scale"]
    c = Fraction(1, X.ncols) if scale == "mean" else SCALES[scale] if scale in SCALES else Fraction(scale)
    return Network(spec["widths"], layers, loss=spec["loss"], scale=c, order=spec["order"]), X, Y
