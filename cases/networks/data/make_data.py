"""Writes data/relu_trained.npz: a small ReLU network F(3, 6, 1) "trained" in float32 as a PyTorch or
JAX user would save it (`np.savez(path, **{k: v.numpy() for k, v in model.state_dict().items()})`:
arrays 0.weight (6 x 3), 0.bias (6,), 2.weight (1 x 6), 2.bias (1,)), and its data X (T x 3) and
Y (T x 1), float32 with samples as rows.  A few steps of plain gradient descent in numpy float32
stand in for the training; the case reads every float exactly (exact_floats: true)."""

import os

import numpy as np

rng = np.random.default_rng(20261124)
T = 12
X = rng.integers(-3, 4, size=(T, 3)).astype(np.float32) / np.float32(2)
Y = (np.sin(X.sum(axis=1, keepdims=True)) > 0).astype(np.float32)
W1 = (rng.standard_normal((6, 3)) * 0.7).astype(np.float32)
b1 = (rng.standard_normal(6) * 0.1).astype(np.float32)
W2 = (rng.standard_normal((1, 6)) * 0.5).astype(np.float32)
b2 = np.zeros(1, dtype=np.float32)
lr = np.float32(0.05)
for _ in range(200):
    Z = X @ W1.T + b1
    A = np.maximum(Z, 0)
    out = A @ W2.T + b2
    r = (out - Y) * np.float32(2 / T)
    gW2 = r.T @ A
    gb2 = r.sum(axis=0)
    dA = r @ W2 * (Z > 0)
    gW1 = dA.T @ X
    gb1 = dA.sum(axis=0)
    W1, b1, W2, b2 = W1 - lr * gW1, b1 - lr * gb1, W2 - lr * gW2, b2 - lr * gb2
np.savez(os.path.join(os.path.dirname(__file__), "relu_trained.npz"), **{
    "0.weight": W1.astype(np.float32), "0.bias": b1.astype(np.float32), "2.weight": W2.astype(np.float32),
    "2.bias": b2.astype(np.float32), "X": X, "Y": Y})
