"""The pages in a real browser (headless Chromium): screenshots of the index, a REFUTED page and an
inertia page at 1024 px, and measurements taken inside the rendered pages: the math font is applied
and matrix fences stretch, the finding comes first, no raw cross-check field name is shown, nothing
overflows 1024 px, and the index sorts when a header is clicked.

Skipped, with the reason, where no Chromium is installed (`apt-get install -y chromium`).
Set VERIFY_SCREENSHOTS=DIR to keep the screenshots.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_report_samples import samples  # noqa: E402

from verify.report import write_case_report, write_index  # noqa: E402


def _browser():
    for name in ("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


pytestmark = pytest.mark.skipif(_browser() is None, reason="no chromium on PATH (apt-get install -y chromium)")

PAGES = ("index.html", "rank-refuted.html", "hess-inertia.html")
RAW_FIELDS = ("inertia_no_tolerance", "near_tolerance", "exact_inertia", "tolerance_rule", "smallest_abs_eigenvalues",
              "exact_rank", "gap_ratio", "margin_orders")

# Runs in the harness page; each page is loaded into a 1024 px wide iframe and measured there.
HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="f" style="width:1024px;height:900px;border:0"></iframe><pre id="out">pending</pre>
<script>
var pages = %s, raw = %s, results = {}, k = 0;
var f = document.getElementById('f');
function measure(name) {
  var d = f.contentDocument, w = f.contentWindow, r = {};
  r.scrollWidth = d.documentElement.scrollWidth;
  r.clientWidth = d.documentElement.clientWidth;
  var wide = [];
  d.querySelectorAll('body *').forEach(function (e) {
    var b = e.getBoundingClientRect();
    if (b.right > r.clientWidth + 1 && !e.closest('figure.matrix,pre,svg,details')) { wide.push(e.tagName + '#' + (e.id || '') + '.' + e.className); }
  });
  r.wide = wide.slice(0, 5);
  var m = d.querySelector('math');
  r.mathFont = m ? w.getComputedStyle(m).fontFamily : null;
  var tall = null, flat = null;
  d.querySelectorAll('figure.matrix math').forEach(function (mm) {
    var mo = mm.querySelector('mo[fence]'), rows = mm.querySelectorAll('mtr').length;
    if (!mo) { return; }
    var hgt = mo.getBoundingClientRect().height;
    var cell = mm.querySelector('mtd mn, mtd mi');
    if (rows >= 3 && tall === null && cell) { tall = hgt; flat = cell.getBoundingClientRect().height; }
  });
  r.fenceTall = tall; r.fenceFlat = flat;
  var secs = d.querySelectorAll('body > section');
  r.firstSection = secs.length ? (secs[0].id || secs[0].querySelector('h2').textContent) : null;
  r.order = Array.prototype.map.call(secs, function (s) { var h = s.querySelector('h2'); return h ? h.textContent : ''; });
  var text = d.body.innerText;
  r.raw = raw.filter(function (x) { return text.indexOf(x) >= 0; });
  r.zeroBased = text.indexOf('0-based') >= 0;
  var t = d.getElementById('cases');
  if (t && name === 'index.html') {
    var ths = t.querySelectorAll('thead th'), col = -1;
    for (var i = 0; i < ths.length; i++) { if (ths[i].textContent.indexOf('verdict') === 0) { col = i; } }
    ths[col].click();
    r.sortedAsc = Array.prototype.map.call(t.tBodies[0].rows, function (x) { return x.cells[col].textContent; });
    ths[col].click();
    r.sortedDesc = Array.prototype.map.call(t.tBodies[0].rows, function (x) { return x.cells[col].textContent; });
  }
  return r;
}
function next() {
  if (k >= pages.length) { document.getElementById('out').textContent = JSON.stringify(results); return; }
  f.onload = function () { setTimeout(function () { try { results[pages[k]] = measure(pages[k]); }
    catch (e) { results[pages[k]] = {error: String(e)}; } k++; next(); }, 200); };
  f.src = pages[k];
}
next();
</script></body></html>
"""


def _chromium(tmp_path, *args):
    cmd = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=dict(os.environ))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pairs = samples()
    for r, c in pairs:
        write_case_report(r, c, out)
    write_index([r for r, _ in pairs], out)
    return out


@pytest.fixture(scope="module")
def measured(site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    (site / "harness.html").write_text(HARNESS % (json.dumps(PAGES), json.dumps(RAW_FIELDS)), encoding="utf-8")
    run = _chromium(tmp, "--allow-file-access-from-files", "--virtual-time-budget=20000", "--window-size=1100,1000",
                    "--dump-dom", (site / "harness.html").as_uri())
    m = re.search(r'<pre id="out">(.*?)</pre>', run.stdout, re.S)
    assert m and m.group(1) != "pending", run.stderr[-2000:]
    import html
    return json.loads(html.unescape(m.group(1)))


@pytest.mark.parametrize("name", PAGES)
def test_screenshot_at_1024(site, tmp_path, name):
    shot = tmp_path / (name[:-5] + ".png")
    _chromium(tmp_path, "--window-size=1024,1400", f"--screenshot={shot}", (site / name).as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1024  # the PNG's width
    keep = os.environ.get("VERIFY_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


@pytest.mark.parametrize("name", PAGES)
def test_nothing_overflows_1024_px(measured, name):
    r = measured[name]
    assert "error" not in r, r
    assert r["scrollWidth"] <= r["clientWidth"], r
    assert not r["wide"], r["wide"]


@pytest.mark.parametrize("name", PAGES[1:])
def test_the_finding_comes_first_and_no_raw_field_names(measured, name):
    r = measured[name]
    assert r["firstSection"] == "finding", r["order"]
    assert r["order"][:2] == ["Finding", "What the checker verified"], r["order"]
    assert r["raw"] == [], r["raw"]
    assert not r["zeroBased"]


def test_math_font_is_applied_and_fences_stretch(measured):
    r = measured["rank-refuted.html"]
    assert r["mathFont"] and "STIX Two Math" in r["mathFont"] and "DejaVu Math TeX Gyre" in r["mathFont"]
    assert r["fenceTall"] is not None and r["fenceFlat"] is not None, r
    # a matrix of 3 or more rows: its parentheses are far taller than one entry, they stretched
    assert r["fenceTall"] > 2.5 * r["fenceFlat"], r


def test_index_sorts_by_a_clicked_column(measured):
    r = measured["index.html"]
    asc, desc = r["sortedAsc"], r["sortedDesc"]
    assert asc == sorted(asc) and desc == sorted(desc, reverse=True) and len(asc) == len(samples())
