"""The index of a run: one table of all cases, counts per verdict, filters by verdict and paper.

The HTML filter is a few lines of inline script that works offline (without script, every row is
shown).  Rows are sorted by case id; nothing depends on the order the results were given in.
"""

from urllib.parse import quote

from ..verdicts import COLOURS
from . import words
from .page import _seconds, backend_label, h, md, page, page_stem, safe_id

FILTER_SCRIPT = """
(function () {
  var fv = document.getElementById('filter-verdict'), fp = document.getElementById('filter-paper');
  var shown = document.getElementById('shown');
  function apply() {
    var v = fv.value, p = fp.value, n = 0;
    var rows = document.querySelectorAll('#cases tbody tr');
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!v || r.getAttribute('data-verdict') === v) && (!p || r.getAttribute('data-paper') === p);
      r.hidden = !ok;
      if (ok) { n++; }
    }
    shown.textContent = String(n);
  }
  fv.addEventListener('change', apply);
  fp.addEventListener('change', apply);
  var badges = document.querySelectorAll('[data-filter-verdict]');
  for (var j = 0; j < badges.length; j++) {
    badges[j].addEventListener('click', function (ev) {
      ev.preventDefault();
      fv.value = this.getAttribute('data-filter-verdict');
      apply();
    });
  }
  apply();
  // sortable columns: click a header (again to reverse); without script rows stay in id order
  var table = document.getElementById('cases');
  if (!table || !table.tBodies) { return; }
  var heads = table.querySelectorAll('thead th');
  for (var c = 0; c < heads.length; c++) {
    heads[c].className += ' sortable';
    heads[c].setAttribute('title', 'sort by this column');
    heads[c].addEventListener('click', (function (col) {
      return function () {
        var th = heads[col], dir = th.getAttribute('data-dir') === 'asc' ? -1 : 1;
        for (var k = 0; k < heads.length; k++) { heads[k].removeAttribute('data-dir'); }
        th.setAttribute('data-dir', dir === 1 ? 'asc' : 'desc');
        var body = table.tBodies[0], list = Array.prototype.slice.call(body.rows);
        function key(r) {
          var cell = r.cells[col], s = cell.getAttribute('data-sort');
          if (s === null) { s = cell.textContent; }
          var x = parseFloat(s);
          return (s !== '' && !isNaN(x) && /^[-+0-9.eE]+$/.test(s.trim())) ? [0, x] : [1, s.toLowerCase()];
        }
        list.sort(function (a, b) {
          var ka = key(a), kb = key(b);
          if (ka[0] !== kb[0]) { return ka[0] - kb[0]; }
          return (ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0) * dir;
        });
        for (var m = 0; m < list.length; m++) { body.appendChild(list[m]); }
      };
    })(c));
  }
})();
"""


def float_status(result):
    """"float64: agrees; gpu: too-close" from the cross-check entries ("" when none ran)."""
    out = []
    for e in result.get("crosscheck") or []:
        if isinstance(e, dict):
            out.append(f"{backend_label(e)}: {'skipped' if e.get('skipped') else e.get('status', '?')}")
    return "; ".join(out)


def index_rows(results):
    """Plain data per case, sorted by id."""
    rows = []
    for r in results:
        if not isinstance(r, dict):
            continue
        verdict = str(r.get("verdict") or "ERROR")
        key, label = words.paper_of(r)
        rows.append({
            "id": str(r.get("id") or "?"),
            "page": page_stem(r) + ".html",
            "title": str(r.get("title") or ""),
            "paper": key, "paper_label": label,
            "source": str(r.get("source") or ""),
            "check": str(r.get("check") or ""),
            "claim": str(r.get("claim") or ""),
            "verdict": verdict,
            "value": words.value_text(r.get("value")) if r.get("value") or not r.get("reason") else
                     words.short(str(r.get("reason")), 80),
            "seconds": _seconds(r.get("seconds")),
            "float": float_status(r),
        })
    rows.sort(key=lambda x: x["id"])
    return rows


def sweep_rows(results):
    """One row per sweep (cases expanded from one `sweep`): counts per verdict and the failures,
    i.e. the draws that ended neither CONFIRMED nor COMPUTED."""
    groups = {}
    for r in results:
        sw = r.get("sweep") if isinstance(r, dict) else None
        if isinstance(sw, dict) and sw.get("id"):
            groups.setdefault(str(sw["id"]), []).append(r)
    rows = []
    for sid, members in sorted(groups.items()):
        counts = {}
        for r in members:
            counts[str(r.get("verdict"))] = counts.get(str(r.get("verdict")), 0) + 1
        failures = sorted(str(r.get("id")) for r in members if r.get("verdict") not in ("CONFIRMED", "COMPUTED"))
        seconds = sum(float(r.get("seconds") or 0) for r in members)
        rows.append({"id": sid, "n": len(members), "counts": dict(sorted(counts.items())),
                     "failures": failures, "seconds": f"{seconds:.2f}", "page": sweep_page(sid),
                     "members": sorted(members, key=lambda r: str(r.get("id")))})
    return rows


def sweep_page(sweep_id):
    """File name of a sweep's page (beside the case pages)."""
    return f"sweep-{safe_id(sweep_id)}.html"


def _sweep_markdown(sweeps):
    if not sweeps:
        return []
    out = ["## Sweeps", "", "| sweep | draws | verdicts | failures | seconds |", "|---|---|---|---|---|"]
    for s in sweeps:
        counts = ", ".join(f"{k} {n}" for k, n in s["counts"].items())
        fails = ", ".join(f"[{md(f)}]({quote(page_stem({'id': f}) + '.html')})" for f in s["failures"]) or "none"
        out.append(f"| [{md(s['id'])}]({quote(s['page'][:-5])}.md) | {s['n']} | {md(counts)} | {fails} "
                   f"| {s['seconds']} |")
    return out + [""]


def sweep_bar(counts, width=160, height=14):
    """Inline SVG: one bar split by verdict, in proportion to the counts (with a text alternative)."""
    total = sum(counts.values()) or 1
    x, parts = 0.0, []
    for verdict, n in counts.items():
        w = width * n / total
        fill = COLOURS.get(verdict, "#5a5a5a")
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{fill}">'
                     f"<title>{h(verdict)} {n}</title></rect>")
        x += w
    label = ", ".join(f"{k} {n}" for k, n in counts.items())
    return (f'<svg width="{width}" height="{height}" role="img" aria-label="{h(label)}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _sweep_html(sweeps):
    if not sweeps:
        return []
    b = ['<h2>Sweeps</h2><table id="sweeps" class="wide"><thead><tr><th>sweep</th><th>draws</th><th>verdicts</th>'
         "<th>failures</th><th>seconds</th></tr></thead><tbody>"]
    for s in sweeps:
        counts = " ".join(f'<span class="badge v-{h(k) if k in words.VERDICTS else "ERROR"}">{h(k)} {n}</span>'
                          for k, n in s["counts"].items())
        fails = ", ".join(f'<a href="{h(quote(page_stem({"id": f}) + ".html"))}">{h(f)}</a>' for f in s["failures"][:3])
        if len(s["failures"]) > 3:
            fails += f', … <a href="{h(quote(s["page"]))}">{len(s["failures"])} in all</a>'

        b.append(f'<tr><td class="mono"><a href="{h(quote(s["page"]))}">{h(s["id"])}</a></td><td>{s["n"]}</td><td>{sweep_bar(s["counts"])}<br>{counts}</td>'
                 f'<td>{fails or "none"}</td><td class="mono">{h(s["seconds"])}</td></tr>')
    b.append("</tbody></table>")
    return b


def verdict_counts(rows):
    counts = {v: 0 for v in words.VERDICTS}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    return counts


def render_markdown(rows, sweeps=(), errata=()):
    counts = verdict_counts(rows)
    out = ["# verify: all cases", "",
           f"{len(rows)} cases: " + ", ".join(f"{k} {n}" for k, n in counts.items()) + ".", ""]
    out += _errata_markdown(errata)
    out += _sweep_markdown(sweeps)
    out += ["| id | title | paper / source | check | verdict | value | seconds | float |",
           "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        src = r["paper_label"] if r["paper"] != "other" else ""
        src = "; ".join(x for x in (src, r["source"]) if x)
        check = r["check"] + (f" {r['claim']}" if r["claim"] else "")
        out.append(f"| [{md(r['id'])}]({quote(r['page'])}) | {md(r['title'])} | {md(src)} | {md(check)} "
                   f"| **{md(r['verdict'])}** | {md(r['value'])} | {r['seconds']} | {md(r['float'])} |")
    return "\n".join(out) + "\n"


COLS = (("id", 16), ("title", 22), ("paper / source", 11), ("check", 11), ("verdict", 12),
        ("value", 12), ("seconds", 7), ("float", 9))  # header, width in percent (fits 1024 px)


def _errata_html(errata):
    if not errata:
        return []
    return ["<p><strong>Errata by paper:</strong> " + " · ".join(
        f'<a href="errata/{h(quote(key))}.html">{h(label)}</a> ({n} false statement{"s" if n != 1 else ""})'
        for key, label, n in errata) + "</p>"]


def _errata_markdown(errata):
    if not errata:
        return []
    return ["Errata by paper: " + ", ".join(f"[{md(label)}](errata/{quote(key)}.md) ({n})"
                                            for key, label, n in errata) + ".", ""]


def render_html(rows, sweeps=(), errata=()):
    counts = verdict_counts(rows)
    papers = sorted({(r["paper"], r["paper_label"]) for r in rows})
    b = ["<header><h1>verify: all cases</h1>",
         f"<p>{len(rows)} cases. Exact verdicts; float cross-checks are shown beside them and never decide.</p>",
         '<p class="counts">']
    for k, n in counts.items():
        b.append(f'<a href="#cases" class="badge v-{h(k)}" data-filter-verdict="{h(k)}">{h(k)} {n}</a> ')
    b.append("</p>")
    b += _errata_html(errata)
    b.append("</header>")
    b.append('<div class="filters"><label>verdict <select id="filter-verdict">'
             '<option value="">all</option>')
    b += [f'<option value="{h(k)}">{h(k)} ({n})</option>' for k, n in counts.items() if n]
    b.append('</select></label> <label>paper <select id="filter-paper"><option value="">all</option>')
    b += [f'<option value="{h(key)}">{h(label)}</option>' for key, label in papers]
    b.append(f'</select></label> <span class="muted">showing <span id="shown">{len(rows)}</span> '
             f"of {len(rows)}</span></div>")
    b += _sweep_html(sweeps)
    head = "".join(f"<th>{x}</th>" for x, _ in COLS)
    cols = "".join(f'<col style="width:{w}%">' for _, w in COLS)
    b.append('<p class="muted">Click a column header to sort.</p>')
    b.append(f'<table id="cases" class="wide"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>')
    for r in rows:
        paper = h(r["paper_label"]) if r["paper"] != "other" else ""
        src = f'{paper}<br><span class="muted">{h(r["source"])}</span>' if r["source"] else paper
        check = f"<code>{h(r['check'])}</code>" + (f"<br><code>{h(r['claim'])}</code>" if r["claim"] else "")
        fl = "; ".join(
            f'<span class="s-{h(st)}">{h(part)}</span>' if st in ("agrees", "disagrees", "too-close") else h(part)
            for part in r["float"].split("; ") if part for st in [part.rsplit(": ", 1)[-1]])
        b.append(f'<tr data-verdict="{h(r["verdict"])}" data-paper="{h(r["paper"])}">'
                 f'<td class="mono"><a href="{h(quote(r["page"]))}">{h(r["id"])}</a></td>'
                 f"<td>{h(r['title'])}</td><td>{src}</td><td>{check}</td>"
                 f'<td><span class="badge v-{h(r["verdict"]) if r["verdict"] in words.VERDICTS else "ERROR"}">'
                 f"{h(r['verdict'])}</span></td><td class=\"val\">{h(r['value'])}</td>"
                 f'<td class="mono" data-sort="{h(r["seconds"])}">{h(r["seconds"])}</td><td>{fl}</td></tr>')
    b.append("</tbody></table>")
    return page("verify: all cases", "\n".join(b), script=FILTER_SCRIPT)


def render_sweep_markdown(s):
    counts = ", ".join(f"{k} {n}" for k, n in s["counts"].items())
    out = [f"# Sweep {md(s['id'])}", "", "[← all cases](index.md)", "",
           f"{s['n']} draws: {md(counts)}; {s['seconds']} s in all.", "",
           "| case | params | verdict | value | seconds |", "|---|---|---|---|---|"]
    for r in s["members"]:
        params = (r.get("sweep") or {}).get("params") if isinstance(r.get("sweep"), dict) else None
        ptext = ", ".join(f"{k} = {v}" for k, v in sorted(params.items())) if isinstance(params, dict) else ""
        out.append(f"| [{md(r.get('id'))}]({quote(page_stem(r))}.md) | {md(ptext)} | **{md(r.get('verdict'))}** "
                   f"| {md(words.value_text(r.get('value')))} | {_seconds(r.get('seconds'))} |")
    return "\n".join(out) + "\n"


def render_sweep_html(s):
    counts = " ".join(f'<span class="badge v-{h(k) if k in words.VERDICTS else "ERROR"}">{h(k)} {n}</span>'
                      for k, n in s["counts"].items())
    title = str(s["members"][0].get("title") or "") if s["members"] else ""
    b = ['<nav><a href="index.html">← all cases</a></nav>', f"<header><h1>Sweep {h(s['id'])}</h1>",
         f"<p>{h(title)}</p>" if title else "",
         f"<p>{s['n']} draws, {h(s['seconds'])} s in all. {sweep_bar(s['counts'])} {counts}</p></header>",
         '<table id="cases" class="wide"><thead><tr><th>case</th><th>params</th><th>verdict</th><th>value</th>'
         "<th>seconds</th></tr></thead><tbody>"]
    for r in s["members"]:
        params = (r.get("sweep") or {}).get("params") if isinstance(r.get("sweep"), dict) else None
        ptext = ", ".join(f"{k} = {v}" for k, v in sorted(params.items())) if isinstance(params, dict) else ""
        v = str(r.get("verdict") or "ERROR")
        b.append(f'<tr data-verdict="{h(v)}"><td class="mono"><a href="{h(quote(page_stem(r)))}.html">{h(r.get("id"))}</a>'
                 f'</td><td>{h(ptext)}</td><td><span class="badge v-{h(v) if v in words.VERDICTS else "ERROR"}">{h(v)}'
                 f'</span></td><td class="val">{h(words.value_text(r.get("value")))}</td>'
                 f'<td class="mono">{h(_seconds(r.get("seconds")))}</td></tr>')
    b.append("</tbody></table>")
    return page(f"Sweep {s['id']}", "\n".join(b))
