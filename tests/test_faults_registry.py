"""The flake "unknown claim id" (issue 13): several Giannou cases of one full run ended ERROR
"unknown claim id".  `verify.claims.registry()` re-scanned verify/claims/ (pkgutil.iter_modules,
which silently skips what it cannot list) in every forked worker, for every case; a claim module
missing from the listing at that moment (a checkout, stash or editor rewriting it in the checkout
being run) made its ids unknown to the cases starting then.  Reproduced by unlinking and
re-creating a claim module in a loop during `verify run cases/giannou/nets.yaml`
(10 of 21 cases ERROR); now the registry is scanned once, before the workers fork."""

import pkgutil

from verify import runner
from verify.cases import cases_from_document
from verify.claims import registry


def test_workers_use_the_registry_scanned_before_they_forked(tmp_path, monkeypatch):
    assert "gia.prop1" in registry()
    monkeypatch.setattr(pkgutil, "iter_modules", lambda *a, **k: iter(()))  # the directory "changes"
    assert "gia.prop1" in registry()
    doc = {"id": "reg.claim", "check": "claim", "claim": "gia.prop1", "params": {"d": 2},
           "expect": {"verdict": "confirmed"}}
    cases = cases_from_document(doc, "reg.yaml", base_dir=str(tmp_path))
    res = runner.execute(cases, jobs=1, timeout=60, out_dir=str(tmp_path / "out"))
    assert [r["verdict"] for r in res] == ["CONFIRMED"], res[0]["reason"]


def test_registry_is_a_copy(tmp_path):
    reg = registry()
    reg.clear()
    assert registry()
