"""Array modules the cross-check runs on: numpy on the CPU, cupy or torch on a GPU.

Every backend is an `ArrayOps` object with the same small surface, so the checks in
`verify.crosscheck.checks` are one piece of code whatever runs them:

- `name`, `device` (words a reader understands: `cpu`, `cuda:0 NVIDIA H100 80GB HBM3`), `dtype`;
- `svdvals(A)`, `eigvalsh(A)`, `det(A)`, `slogdet(A)`: take a float64 `numpy.ndarray`, move it to
  the device, compute there, and hand back numpy values (arrays, floats);
- `native_matrix_rank(A)`: the library's own default-tolerance rank where the library has one
  (torch.linalg.matrix_rank), else `None` and the caller applies the documented formula.

`gpu_ops()` probes cupy first (if importable and a device is present), then torch with CUDA; when
neither is there it returns the numpy code under the label `cpu (no GPU present: numpy
emulation)` so that the GPU code path is exercised (and tested) on any machine.

Optional backends (`OPTIONAL_BACKENDS`) need a library that may be absent: `torch` (torch.linalg
on the CPU, float64) and `torch-float32` (the same in float32, torch's default dtype: what
`torch.tensor(rows)` gives a user).  torch is looked up with `importlib.util.find_spec` and
imported only when such a backend is asked for; where it is not installed `get_ops` returns an
`UnavailableOps` and the cross-check entry says so (`skipped`), so nothing imports torch, and no
run fails, on a machine without it.
"""

import importlib.util

import numpy as np

EMULATED_GPU_DEVICE = "cpu (no GPU present: numpy emulation)"


class NumpyOps:
    """numpy.linalg (LAPACK) on the CPU."""

    def __init__(self, name="float64", device="cpu"):
        self.name, self.device, self.dtype = name, device, "float64"
        self.library = f"numpy {np.__version__}"

    def svdvals(self, A):
        return np.linalg.svd(A, compute_uv=False)

    def eigvalsh(self, A):
        return np.linalg.eigvalsh(A)

    def det(self, A):
        with np.errstate(all="ignore"):  # overflow to inf is reported by the caller, not warned
            return float(np.linalg.det(A))

    def slogdet(self, A):
        with np.errstate(all="ignore"):
            sign, logabs = np.linalg.slogdet(A)
        return float(sign), float(logabs)

    def native_matrix_rank(self, A):
        return None


class CupyOps:
    """cupy.linalg (cuSOLVER) on a CUDA device."""

    def __init__(self, cupy, device_id=0):
        self.cp = cupy
        self.name, self.dtype = "gpu", "float64"
        props = cupy.cuda.runtime.getDeviceProperties(device_id)
        dev_name = props["name"]
        if isinstance(dev_name, bytes):
            dev_name = dev_name.decode(errors="replace")
        self.device_id = device_id
        self.device = f"cuda:{device_id} {dev_name}"
        self.library = f"cupy {cupy.__version__}"

    def _put(self, A):
        with self.cp.cuda.Device(self.device_id):
            return self.cp.asarray(A, dtype=self.cp.float64)

    def svdvals(self, A):
        with self.cp.cuda.Device(self.device_id):
            return self.cp.asnumpy(self.cp.linalg.svd(self._put(A), compute_uv=False))

    def eigvalsh(self, A):
        with self.cp.cuda.Device(self.device_id):
            return self.cp.asnumpy(self.cp.linalg.eigvalsh(self._put(A)))

    def det(self, A):
        with self.cp.cuda.Device(self.device_id):
            return float(self.cp.linalg.det(self._put(A)))

    def slogdet(self, A):
        with self.cp.cuda.Device(self.device_id):
            sign, logabs = self.cp.linalg.slogdet(self._put(A))
            return float(sign), float(logabs)

    def native_matrix_rank(self, A):
        return None


class TorchOps:
    """torch.linalg on a CUDA device (cuSOLVER / MAGMA)."""

    def __init__(self, torch, device_index=0):
        self.torch = torch
        self.name, self.dtype = "gpu", "float64"
        self.dev = torch.device("cuda", device_index)
        self.device = f"cuda:{device_index} {torch.cuda.get_device_name(device_index)}"
        self.library = f"torch {torch.__version__}"

    def _put(self, A):
        return self.torch.as_tensor(np.ascontiguousarray(A), dtype=self.torch.float64, device=self.dev)

    def svdvals(self, A):
        return self.torch.linalg.svdvals(self._put(A)).cpu().numpy()

    def eigvalsh(self, A):
        return self.torch.linalg.eigvalsh(self._put(A)).cpu().numpy()

    def det(self, A):
        return float(self.torch.linalg.det(self._put(A)).item())

    def slogdet(self, A):
        sign, logabs = self.torch.linalg.slogdet(self._put(A))
        return float(sign.item()), float(logabs.item())

    def native_matrix_rank(self, A):
        """torch's own default: tol = max(atol=0, rtol * sigma_1), rtol = max(m, n) * eps."""
        return int(self.torch.linalg.matrix_rank(self._put(A)).item())


def _probe_cupy():
    try:
        import cupy
    except Exception:  # not installed, or installed without a usable CUDA runtime
        return None
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            return None
        return CupyOps(cupy, 0)
    except Exception:
        return None


def _probe_torch():
    try:
        import torch
    except Exception:
        return None
    try:
        if not torch.cuda.is_available():
            return None
        return TorchOps(torch, torch.cuda.current_device())
    except Exception:
        return None


_GPU_CACHE = []


def gpu_ops(*, probe=True):
    """The GPU backend: cupy, else torch on CUDA, else numpy labelled as an emulation.

    `probe=False` skips the probe and returns the emulation (tests use it to drive the GPU code
    path on a CPU-only machine deterministically).  The probe result is cached per process.
    """
    if probe:
        if not _GPU_CACHE:
            _GPU_CACHE.append(_probe_cupy() or _probe_torch())
        if _GPU_CACHE[0] is not None:
            return _GPU_CACHE[0]
    return NumpyOps(name="gpu", device=EMULATED_GPU_DEVICE)


class TorchCPUOps:
    """torch.linalg on the CPU, in float64 (`torch`) or float32 (`torch-float32`).

    The float64 matrix the caller hands over is converted to the dtype here, as torch would
    store a user's numbers; `narrowing(A)` counts what float32 loses (entries that overflow to
    +-inf, nonzero entries that flush to 0).  `eps` is the machine epsilon of the dtype, which
    the checks use in their default tolerances (torch's own rule: rtol = max(m, n) * eps of the
    dtype).  Results come back as float64 numpy values.
    """

    def __init__(self, torch, dtype="float64"):
        self.torch = torch
        self.name = "torch" if dtype == "float64" else f"torch-{dtype}"
        self.device, self.dtype = "cpu", dtype
        self.tdtype = getattr(torch, dtype)
        self.eps = float(torch.finfo(self.tdtype).eps)
        self.library = f"torch {torch.__version__}"

    def _put(self, A):
        return self.torch.as_tensor(np.ascontiguousarray(A)).to(self.tdtype)

    def _np(self, t):
        return t.to(self.torch.float64).numpy()

    def narrowing(self, A):
        """{"overflow": k, "underflow": j} of the conversion to this dtype (zeros for float64)."""
        if self.dtype == "float64":
            return {"overflow": 0, "underflow": 0}
        with np.errstate(all="ignore"):
            B = A.astype(np.float32).astype(np.float64)
        finite = np.isfinite(A)
        return {"overflow": int(np.count_nonzero(finite & ~np.isfinite(B))),
                "underflow": int(np.count_nonzero((A != 0) & (B == 0)))}

    def svdvals(self, A):
        return self._np(self.torch.linalg.svdvals(self._put(A)))

    def eigvalsh(self, A):
        return self._np(self.torch.linalg.eigvalsh(self._put(A)))

    def det(self, A):
        return float(self.torch.linalg.det(self._put(A)).item())

    def slogdet(self, A):
        sign, logabs = self.torch.linalg.slogdet(self._put(A))
        return float(sign.item()), float(logabs.item())

    def native_matrix_rank(self, A):
        """torch's own default: tol = max(atol=0, rtol * sigma_1), rtol = max(m, n) * eps."""
        return int(self.torch.linalg.matrix_rank(self._put(A)).item())


class UnavailableOps:
    """Stands for a backend whose library is not installed: the cross-check entry is skipped."""

    def __init__(self, name, dtype, library, reason):
        self.name, self.device, self.dtype, self.library = name, "cpu", dtype, library
        self.unavailable = reason


def torch_installed():
    """Whether torch can be imported here (looked up without importing it)."""
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):
        return False


def torch_cpu_ops(dtype="float64"):
    """`TorchCPUOps` of the dtype, or `UnavailableOps` where torch is not installed."""
    name = "torch" if dtype == "float64" else f"torch-{dtype}"
    if not torch_installed():
        return UnavailableOps(name, dtype, "torch (not installed)",
                              "torch is not installed on this machine (it is optional: pip install torch)")
    try:
        import torch
    except Exception as exc:  # installed but broken: a finding, not a crash
        return UnavailableOps(name, dtype, "torch (import failed)",
                              f"torch could not be imported: {type(exc).__name__}: {exc}")
    return TorchCPUOps(torch, dtype)


BACKENDS = ("float64", "gpu")
OPTIONAL_BACKENDS = ("torch", "torch-float32")  # need torch; a skipped entry where it is absent


def get_ops(backend):
    """The `ArrayOps` for a name in `BACKENDS` or `OPTIONAL_BACKENDS`; `ValueError` otherwise."""
    if backend == "float64":
        return NumpyOps()
    if backend == "gpu":
        return gpu_ops()
    if backend == "torch":
        return torch_cpu_ops("float64")
    if backend == "torch-float32":
        return torch_cpu_ops("float32")
    raise ValueError(f"unknown cross-check backend {backend!r}; known backends: "
                     f"{', '.join(BACKENDS + OPTIONAL_BACKENDS)}")
