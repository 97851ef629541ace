"""Human reports (Markdown and self-contained HTML) from certificates and result records.

Public API (backs `verify run` and `verify report DIR`):
- `write_case_report(result, cert, out_dir) -> (md_path, html_path)`: `<id>.md`, `<id>.html`;
- `write_index(results, out_dir) -> (index_md, index_html)`; also one page per sweep
  (`sweep-<id>.html|.md`) and the errata per paper (`errata/<paper>.html|.md`, see `errata.py`);
- `rebuild(out_dir) -> int`: re-create every page and the index from the `*.result.json` and
  `*.cert.json` files in `out_dir`, recomputing nothing.

Standard library only.  Output is deterministic: the same records give the same bytes (no clock,
sorted keys where order is not given by the data).  Reports are not part of the trusted base.
"""

import json
from pathlib import Path

from ..errors import VerifyError
from . import index as _index
from . import page as _page

__all__ = ["write_case_report", "write_index", "rebuild", "ReportError", "page_stem"]

page_stem = _page.page_stem


class ReportError(VerifyError):
    """An unreadable result or certificate file (the message names the file)."""


def _write(path, text):
    """Atomically (temporary file and rename; never through a link): see `verify.outputs`.  Not
    fsync'ed: pages are rebuilt from the records by `rebuild`."""
    from ..outputs import write_text

    write_text(path, text, durable=False)
    return path


def _mkdir(out_dir):
    from ..outputs import ensure_dir

    ensure_dir(out_dir)
    return Path(out_dir)


def write_case_report(result, cert, out_dir):
    """Write `<id>.md` and `<id>.html` for one case into `out_dir`; returns both paths.

    `result` is the result record (CONTRACTS.md section 7); `cert` the certificate (section 3) or
    None (ERROR cases).  Nothing is recomputed: the report restates what the records say."""
    out = _mkdir(out_dir)
    view = _page.case_view(result, cert)
    stem = view["stem"]
    md_path = _write(out / f"{stem}.md", _page.render_markdown(view))
    html_path = _write(out / f"{stem}.html", _page.render_html(view))
    return md_path, html_path


def write_index(results, out_dir):
    """Write `index.md` and `index.html` over `results` (sorted by id); returns both paths."""
    out = _mkdir(out_dir)
    records = [_page.normalise(r) for r in results]
    rows, sweeps = _index.index_rows(records), _index.sweep_rows(records)
    for s in sweeps:
        _write(out / s["page"], _index.render_sweep_html(s))
        _write(out / (s["page"][: -len(".html")] + ".md"), _index.render_sweep_markdown(s))
    from .errata import write_errata

    errata = write_errata(records, out, _write)
    return (_write(out / "index.md", _index.render_markdown(rows, sweeps, errata)),
            _write(out / "index.html", _index.render_html(rows, sweeps, errata)))


def _load(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}: not a JSON object")
    return data


def rebuild(out_dir):
    """Re-create every case page and the index from the records in `out_dir`; returns the count."""
    out = Path(out_dir)
    if not out.is_dir():
        raise ReportError(f"{out}: not a directory")
    results = []
    for path in sorted(out.glob("*.result.json")):
        result = _load(path)
        stem = path.name[: -len(".result.json")]
        cert_path = out / f"{stem}.cert.json"
        cert = _load(cert_path) if cert_path.is_file() else None
        write_case_report(result, cert, out)
        results.append(result)
    write_index(results, out)
    return len(results)
