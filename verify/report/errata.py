"""Errata: one page per paper (HTML and Markdown) listing every REFUTED statement with its
smallest certified counterexample, the statements of the same claim that were certified
(the corrected statement, where a case gives one), and links to the certificates.

What an author or reviewer reads first.  Written into `<out>/errata/<paper>.md|.html` by
`write_index` (so by `verify run --out` and `verify report DIR`); links point one level up, to
the case pages and certificates beside the index.  Nothing is recomputed: the records say it all.
"""

import json
from pathlib import Path
from urllib.parse import quote

from . import mathml, words
from .page import h, md, page, page_stem

SUBDIR = "errata"


def _cert(out_dir, result):
    """The certificate of a result from `out_dir` (None when absent or unreadable: a report never fails)."""
    path = Path(out_dir) / f"{page_stem(result)}.cert.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def witness_size(cert):
    """(entries of the largest object, number of objects, text) of a certificate's instance;
    a certificate without objects sorts last."""
    objs = (cert or {}).get("objects") if isinstance((cert or {}).get("objects"), dict) else {}
    shapes = [tuple(o["shape"]) for o in objs.values() if isinstance(o, dict) and words.is_int(
        (o.get("shape") or [None])[0]) and isinstance(o.get("shape"), list) and len(o["shape"]) == 2]
    if not shapes:
        return (float("inf"), 0, "no objects recorded")
    m, n = max(shapes, key=lambda s: (s[0] * s[1], s))
    return (m * n, len(objs), f"largest object {m}×{n}, {len(objs)} object{'s' if len(objs) != 1 else ''}")


def _key(r):
    """Which statement a record belongs to: its sweep, else its claim, else the case itself."""
    sw = r.get("sweep")
    if isinstance(sw, dict) and sw.get("id"):
        return "sweep " + str(sw["id"])
    if r.get("claim"):
        return "claim " + str(r["claim"])
    return "case " + str(r.get("id"))


def errata_views(results, out_dir):
    """{paper prefix: {"label", "title", "items": [...]}} for every paper with a REFUTED case."""
    from ..papers import BY_PREFIX

    groups = {}
    for r in results:
        if not isinstance(r, dict):
            continue
        key, _ = words.paper_of(r)
        if key == "other" or key not in BY_PREFIX:
            continue
        groups.setdefault(key, {}).setdefault(_key(r), []).append(r)
    out = {}
    for key, stmts in sorted(groups.items()):
        items = []
        for skey, members in sorted(stmts.items()):
            refuted = [r for r in members if r.get("verdict") == "REFUTED"]
            if not refuted:
                continue
            sized = sorted(((witness_size(_cert(out_dir, r)), str(r.get("id")), r) for r in refuted),
                           key=lambda t: (t[0][0], t[0][1], t[1]))
            size, _, best = sized[0]
            certified = [r for r in members if r.get("verdict") == "CONFIRMED"]
            items.append({
                "key": skey, "title": str(best.get("title") or best.get("id")),
                "source": str(best.get("source") or ""), "claim": str(best.get("claim") or ""),
                "id": str(best.get("id")), "page": page_stem(best) + ".html",
                "cert": page_stem(best) + ".cert.json",
                "value": words.value_text(best.get("value")), "witness": size[2],
                "notes": [str(n) for n in (best.get("notes") or []) if isinstance(n, str)],
                "others": [(str(r.get("id")), page_stem(r)) for _, _, r in sized[1:]],
                "certified": [(str(r.get("id")), page_stem(r), str(r.get("title") or ""),
                               words.value_text(r.get("value"))) for r in sorted(certified, key=lambda r: str(r.get("id")))],
            })
        if items:
            p = BY_PREFIX[key]
            out[key] = {"label": p.label, "title": p.title, "items": items}
    return out


def render_markdown(key, view, up="../"):
    out = [f"# Errata: {md(view['label'])}", "", f"{md(view['title'])}.", "",
           f"{len(view['items'])} statement{'s' if len(view['items']) != 1 else ''} of this paper "
           "are false on a certified instance (REFUTED: the negation's certificate passed the "
           "independent checker). Indices are 1-based.", ""]
    for k, it in enumerate(view["items"], 1):
        out += [f"## {k}. {md(mathml.plain_tex(it['title']))}", ""]
        if it["source"]:
            out.append(f"- where: {md(it['source'])}" + (f" (claim `{it['claim']}`)" if it["claim"] else ""))
        out.append(f"- smallest counterexample: case [{md(it['id'])}]({up}{quote(it['page'])}) "
                   f"({md(it['witness'])}); certificate [{md(it['cert'])}]({up}{quote(it['cert'])})")
        out.append(f"- what holds there: {md(it['value'])}")
        out += [f"- why: {md(n)}" for n in it["notes"]]
        if it["others"]:
            out.append("- also refuted on: " + ", ".join(f"[{md(i)}]({up}{quote(s)}.html)" for i, s in it["others"]))
        if it["certified"]:
            out.append("- certified (CONFIRMED) statements of the same claim, the corrected statement where the case gives one:")
            out += [f"  - [{md(i)}]({up}{quote(s)}.html): {md(mathml.plain_tex(t))} ({md(val)})"
                    for i, s, t, val in it["certified"]]
        else:
            out.append("- corrected statement: none certified in this run")
        out.append("")
    return "\n".join(out)


def render_html(key, view, up="../"):
    b = [f'<nav><a href="{up}index.html">← all cases</a></nav>',
         f"<header><h1>Errata: {h(view['label'])}</h1><p>{h(view['title'])}.</p>",
         f"<p><strong>{len(view['items'])} statement{'s' if len(view['items']) != 1 else ''} of this paper "
         "are false on a certified instance</strong> (REFUTED: the negation's certificate passed the "
         'independent checker). <span class="muted">Indices are 1-based.</span></p></header>']
    for k, it in enumerate(view["items"], 1):
        b.append(f'<section class="erratum"><h2>{k}. {mathml.text_with_math(it["title"])}</h2><dl>')
        if it["source"]:
            b.append(f"<dt>where</dt><dd>{h(it['source'])}"
                     + (f" (claim <code>{h(it['claim'])}</code>)" if it["claim"] else "") + "</dd>")
        b.append(f'<dt>smallest counterexample</dt><dd>case <a href="{h(up + quote(it["page"]))}">{h(it["id"])}</a> '
                 f'({h(it["witness"])}); certificate <a href="{h(up + quote(it["cert"]))}">{h(it["cert"])}</a></dd>')
        b.append(f"<dt>what holds there</dt><dd>{h(it['value'])}</dd>")
        if it["notes"]:
            b.append("<dt>why</dt><dd><ul>" + "".join(f"<li>{mathml.text_with_math(n)}</li>" for n in it["notes"])
                     + "</ul></dd>")
        if it["others"]:
            b.append("<dt>also refuted on</dt><dd>" + ", ".join(
                f'<a href="{h(up + quote(s) + ".html")}">{h(i)}</a>' for i, s in it["others"]) + "</dd>")
        if it["certified"]:
            b.append("<dt>certified on the same claim</dt><dd><ul>" + "".join(
                f'<li><a href="{h(up + quote(s) + ".html")}">{h(i)}</a>: {mathml.text_with_math(t)} '
                f'<span class="muted">({h(val)})</span></li>' for i, s, t, val in it["certified"]) + "</ul></dd>")
        else:
            b.append("<dt>corrected statement</dt><dd>none certified in this run</dd>")
        b.append("</dl></section>")
    return page(f"Errata: {view['label']}", "\n".join(b))


def write_errata(results, out_dir, write):
    """Write `errata/<paper>.md` and `.html` for every paper with a REFUTED case; returns
    [(key, label, n statements)] for the index.  `write(path, text)` writes atomically."""
    from ..outputs import ensure_dir

    views = errata_views(results, out_dir)
    listed = []
    if views:
        ensure_dir(Path(out_dir) / SUBDIR)
    for key, view in views.items():
        base = Path(out_dir) / SUBDIR / key
        write(base.with_suffix(".md"), render_markdown(key, view))
        write(base.with_suffix(".html"), render_html(key, view))
        listed.append((key, view["label"], len(view["items"])))
    return listed
