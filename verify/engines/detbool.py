"""Giannou's DetBool: does the support of a square matrix have a perfect matching?

Value 1 comes with a perfect matching (row i -> column matching[i], all entries nonzero).  Value 0
comes with a Hall violator: rows S whose nonzero entries lie in fewer than |S| columns (König–Hall).
From a maximum matching and an unmatched row u, the rows reachable from u by alternating paths
(any edge row->column, matching edge column->row) form such an S: every column they touch is
matched to a row in S other than u, so |N(S)| = |S| - 1.
"""


from ..errors import EngineError
from .backends import check_limits


def detbool_certificate(M, name="M", *, method="auto", seed=b"", max_entries=None, max_dim=None):
    """(1, [detbool with matching]) or (0, [detbool with hall_rows]) for a square matrix."""
    check_limits(M, max_entries, max_dim, name)
    n = M.nrows
    if M.ncols != n:
        raise EngineError(f"detbool of {name}: the matrix is {M.nrows} x {M.ncols}, not square")
    import networkx as nx  # imported here: networkx is slow to import and only this check needs it
    from networkx.algorithms import bipartite

    adj = [[j for j in range(n) if M.rows[i][j] != 0] for i in range(n)]
    G = nx.Graph()
    G.add_nodes_from((("r", i) for i in range(n)), bipartite=0)
    G.add_nodes_from((("c", j) for j in range(n)), bipartite=1)
    G.add_edges_from((("r", i), ("c", j)) for i in range(n) for j in adj[i])
    match = bipartite.hopcroft_karp_matching(G, top_nodes=[("r", i) for i in range(n)]) if n else {}
    row_to_col = {i: match[("r", i)][1] for i in range(n) if ("r", i) in match}
    if len(row_to_col) == n:
        matching = [row_to_col[i] for i in range(n)]
        return 1, [{"rule": "detbool", "matrix": name, "value": 1, "matching": matching}]
    col_to_row = {j: i for i, j in row_to_col.items()}
    u = next(i for i in range(n) if i not in row_to_col)
    S, seen_cols, stack = {u}, set(), [u]
    while stack:
        i = stack.pop()
        for j in adj[i]:
            if j in seen_cols:
                continue
            seen_cols.add(j)
            k = col_to_row.get(j)
            if k is None:  # an augmenting path: the matching was not maximum
                raise EngineError(f"detbool of {name}: matching is not maximum")
            if k not in S:
                S.add(k)
                stack.append(k)
    return 0, [{"rule": "detbool", "matrix": name, "value": 0, "hall_rows": sorted(S)}]
