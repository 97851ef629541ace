"""The shipped case set: every file loads, every claim it names exists, every CLAIMS.md id has a case.

(Running every case is the main job, `verify run cases/`; this test only reads them.)
"""

import os
import re

import pytest

from verify.cases import load_paths
from verify.claims import registry

ROOT = os.path.join(os.path.dirname(__file__), "..")
CLAIMS_MD = os.path.join(ROOT, "..", "shared", "CLAIMS.md")


@pytest.fixture(scope="module")
def cases():
    return load_paths([os.path.join(ROOT, "cases")])  # raises CaseError on any malformed file


def test_every_case_is_described(cases):
    assert len(cases) > 400
    for c in cases:
        assert c.title and c.source, c.id


def test_claims_named_by_cases_exist(cases):
    known = registry()
    named = {c.claim for c in cases if c.check == "claim"}
    assert named <= set(known), sorted(named - set(known))


def test_paper_claim_cases_state_the_claim(cases):
    # convention (CONTRACTS.md section 4): a case states the paper's claim, so REFUTED means the paper is wrong
    for c in cases:
        if c.check == "claim" and c.expect is not None:
            assert c.expect == {"verdict": "confirmed"} or c.id == "kaw.c32-q", c.id


@pytest.mark.skipif(not os.path.exists(CLAIMS_MD), reason="the shared CLAIMS.md is not beside this checkout")
def test_every_claims_md_id_has_a_case(cases):
    ids = set(re.findall(r"^\| ((?:shen|kaw|hw|gia)\.[A-Za-z0-9_.]+) \|", open(CLAIMS_MD).read(), re.M))
    assert len(ids) > 80
    covered = {c.claim for c in cases if c.check == "claim"}
    assert ids <= covered, sorted(ids - covered)
