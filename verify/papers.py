"""The papers, once: the claim-id prefix, the package under `verify/claims/`, the label reports
show, and the file numbers of `shared/papers/`.  Reports, the claims table, the trusted-base list
and the claim registry read this table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    prefix: str      # the claim-id prefix of CLAIMS.md ("shen" for "shen.prop2")
    package: str     # verify/claims/<package>/
    label: str       # how reports name it
    title: str       # the full reference
    files: tuple     # the file numbers of shared/papers/


PAPERS = (
    Paper("shen", "shen", "Shen (000 supplement, 001 main)",
          "Hao Shen, Towards a Mathematical Understanding of the Difficulty in Learning with Feedforward Neural "
          "Networks (001) and its supplementary material (000)", ("000", "001")),
    Paper("kaw", "kawaguchi", "Kawaguchi (002)", "Kenji Kawaguchi, Deep Learning without Poor Local Minima", ("002",)),
    Paper("hw", "linear_notes", "Notes on linear networks and parities (003)",
          "Worked notes on linear neural networks and on learning parities", ("003",)),
    Paper("gia", "giannou", "Giannou, Rajput, Papailiopoulos (004)",
          "Angeliki Giannou, Shashank Rajput, Dimitris Papailiopoulos, The Expressive Power of Tuning Only the "
          "Normalization Layers (COLT 2023)", ("004",)),
)
BY_PREFIX = {p.prefix: p for p in PAPERS}
BY_PACKAGE = {p.package: p for p in PAPERS}


def paper_of_claim(claim_id):
    """The Paper of a claim id, or None."""
    if isinstance(claim_id, str) and "." in claim_id:
        return BY_PREFIX.get(claim_id.split(".", 1)[0])
    return None


def paper_of_source(source):
    """The Paper a free-text `source` names by its file number ("001 (24)"), or None."""
    import re

    for num in re.findall(r"(?<!\d)(\d{3})(?!\d)", source or ""):
        for p in PAPERS:
            if num in p.files:
                return p
    return None
