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
"""

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


BACKENDS = ("float64", "gpu")


def get_ops(backend):
    """The `ArrayOps` for a backend name listed in `BACKENDS`; `ValueError` otherwise."""
    if backend == "float64":
        return NumpyOps()
    if backend == "gpu":
        return gpu_ops()
    raise ValueError(f"unknown cross-check backend {backend!r}; known backends: {', '.join(BACKENDS)}")
