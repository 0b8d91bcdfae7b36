package dev.runner.util;

/** HTML escaping for the pages the runner writes (report, leaderboard, comparison). */
public final class Html {
    private Html() {
    }

    /** Text escaped for element content and double-quoted attribute values. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A script that makes the table with id {@code tableId} sortable: a click on a header sorts its body rows by that
     * column (by number when a cell there starts with one or has a {@code data-v}, else alphabetically); a
     * second click reverses. Headers with {@code data-type="none"} stay put.
     */
    public static String sortScript(String tableId) {
        return """
                <script>
                // Click a header: sort by that column (numbers by value, text alphabetically); click again to reverse.
                (() => {
                  const table = document.getElementById('%s');
                  const num = td => { if (td.dataset.v !== undefined) return parseFloat(td.dataset.v);
                    const m = /^\\s*(-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?)/.exec(td.textContent);
                    return m ? parseFloat(m[1]) : NaN; };
                  table.querySelectorAll('thead th').forEach((th, col) => th.addEventListener('click', () => {
                    if (th.dataset.type === 'none') return;
                    const body = table.tBodies[0];
                    const asc = !th.classList.contains('asc');
                    table.querySelectorAll('thead th').forEach(h => h.classList.remove('asc', 'desc'));
                    th.classList.add(asc ? 'asc' : 'desc');
                    const rows = Array.from(body.rows);
                    const numeric = rows.some(tr => !isNaN(num(tr.children[col])));
                    // Cells without a number (a failed point's status, an empty cell) go last either way.
                    rows.sort((a, b) => { const x = a.children[col], y = b.children[col];
                      if (!numeric) { const c = x.textContent.localeCompare(y.textContent); return asc ? c : -c; }
                      const p = num(x), q = num(y);
                      if (isNaN(p) || isNaN(q)) return isNaN(p) - isNaN(q);
                      return asc ? p - q : q - p; });
                    rows.forEach(tr => body.appendChild(tr));
                  }));
                })();
                </script>
                """.formatted(tableId);
    }
}
