"""`pipeline.certificate_text`: indented JSON for readers, with an embedded problem or an obligation of
more than COMPACT_PROBLEM_BYTES on one line; the text always reads back as the same certificate."""

import json

from verify import pipeline


def _cert(big_problem, big_obligation):
    n = pipeline.COMPACT_PROBLEM_BYTES // 8 + 10
    problem = {"format": "verify-problem/1", "case": {"matrix": [[i] for i in range(n if big_problem else 3)]}}
    obs = [{"rule": "rank_ge", "r": 1, "rows": [0], "cols": [0], "prime": 7},
           {"rule": "rank_le", "basis": {"rows": [[str(i)] for i in range(n if big_obligation else 2)]}}]
    return {"format": "verify-certificate/1", "problem": problem, "obligations": obs, "conclusion": {"verdict": "x"}}


def test_round_trip_and_layout():
    for bp in (False, True):
        for bo in (False, True):
            cert = _cert(bp, bo)
            text = pipeline.certificate_text(cert)
            assert json.loads(text) == cert
            lines = text.splitlines()
            assert len(lines) < 200 if (bp and bo) else True
            # the small obligation stays indented, one key per line
            assert '   "rule": "rank_ge"\n' in text
            if bo:
                assert any(line.lstrip().startswith('{"basis":{"rows":') for line in lines)
            if not bp and not bo:
                assert text == json.dumps(cert, indent=1, sort_keys=True) + "\n"
