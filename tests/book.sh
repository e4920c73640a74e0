#!/usr/bin/env bash
# tests/book.sh - the book (make book) is a view of mlp.h, never a second copy:
#   1. book/weave.awk's output with its markup removed (the YAML block, the
#      headings and the fence lines: everything outside the ```` fences)
#      gives back mlp.h byte for byte;
#   2. each block says truly where it starts in mlp.h (from=N), and the
#      blocks follow each other without a gap;
#   3. every >>name reference in mlp.h names a section that the book has,
#      so that book/book.lua can make it a link;
#   4. with pandoc installed (reports/deps.sh): the HTML edition builds, every
#      internal link (href="#...") has its target, every public function has
#      an id for the reports' links (reports/filters/results.lua), and its
#      listings, tags and line numbers taken out, are the code of mlp.h, line
#      for line.
# Ends with "N passed, M failed"; part of make test (tests/run.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=${BUILD:-build}/tests/book
rm -rf "$OUT"
mkdir -p "$OUT"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   book: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL book: $1"; }

if ! awk -f book/weave.awk mlp.h >"$OUT/mlp.md" 2>"$OUT/weave.log"; then
    bad "book/weave.awk failed: $(head -5 "$OUT/weave.log")"
    echo "$passed passed, $failed failed"
    exit 1
fi

# 1. the lines inside the fences are mlp.h
awk '/^````\{/ { inside = 1; next } /^````$/ { inside = 0; next } inside' "$OUT/mlp.md" >"$OUT/unwoven.h"
if cmp -s "$OUT/unwoven.h" mlp.h; then
    ok "the woven text without its markup is mlp.h, byte for byte ($(wc -l <mlp.h) lines, $(grep -c '^````{' "$OUT/mlp.md") blocks)"
else
    bad "the woven text without its markup differs from mlp.h:"
    diff "$OUT/unwoven.h" mlp.h | head -10
fi

# 2. from=N: each block starts at line N, right after the block before it
if awk -v header=mlp.h '
    BEGIN { while ((getline l < header) > 0) h[++n] = l; next_line = 1 }
    /^````\{/ { match($0, /from=[0-9]+/); from = substr($0, RSTART + 5, RLENGTH - 5) + 0
                if (from != next_line) { print "block at line " NR " of mlp.md says from=" from ", expected " next_line; bad = 1 }
                inside = 1; k = from; next }
    /^````$/ { inside = 0; next_line = k; next }
    inside { if (h[k] != $0) { print "mlp.md line " NR " is not mlp.h line " k; bad = 1; exit } k++ }
    END { if (next_line != n + 1) { print "the blocks end at line " next_line - 1 " of " n; bad = 1 } exit bad }' "$OUT/mlp.md" >"$OUT/from.log"; then
    ok "every block starts where it says (from=N), the next one where it ends"
else bad "from=N: $(head -3 "$OUT/from.log")"; fi

# 3. every >>name has its section
missing=""
for name in $(grep -o '>>[a-z][a-z]*' mlp.h | sort -u | sed 's/^>>//'); do
    [ "$name" = name ] && continue # the manual's ">>name", the convention itself
    grep -q "{#$name}" "$OUT/mlp.md" || missing="$missing >>$name"
done
if [ -z "$missing" ]; then ok "every >>name reference of mlp.h has a section in the book"
else bad "no section for:$missing"; fi

# 4. the HTML edition
if ! command -v pandoc >/dev/null 2>&1; then
    echo "skip book: pandoc is not installed (reports/deps.sh installs it): the HTML edition was not built"
else
    if pandoc "$OUT/mlp.md" -f markdown -s --fail-if-warnings --lua-filter=book/book.lua --toc --toc-depth=3 \
        -t html5 --mathml --metadata pagetitle=mlp.h -o "$OUT/mlp.html" 2>"$OUT/pandoc.log"; then
        ok "the HTML edition builds ($(wc -c <"$OUT/mlp.html") bytes without its style sheet)"
        grep -o 'href="#[^"]*"' "$OUT/mlp.html" | sed 's/^href="#//; s/"$//' | sort -u >"$OUT/hrefs"
        grep -o ' id="[^"]*"' "$OUT/mlp.html" | sed 's/^ id="//; s/"$//' | sort -u >"$OUT/ids"
        dangling=$(comm -23 "$OUT/hrefs" "$OUT/ids" | head -5 | tr '\n' ' ')
        if [ -z "$dangling" ]; then ok "every one of its $(wc -l <"$OUT/hrefs") internal links has its target"
        else bad "links without a target: $dangling"; fi
        # the reports link every public function (MLPDEF) to book/mlp.html#name
        sed -n 's/^MLPDEF [^(]*[^a-zA-Z0-9_(]\(mlp_[a-zA-Z0-9_]*\)(.*/\1/p' mlp.h | sort -u >"$OUT/public"
        unplaced=$(comm -23 "$OUT/public" "$OUT/ids" | head -5 | tr '\n' ' ')
        if [ -z "$unplaced" ]; then ok "each of the $(wc -l <"$OUT/public") public functions has its place (#name) for the reports' links"
        else bad "public functions without an id in the book: $unplaced"; fi
        # the listings, as text: everything between <pre class="listing"><code> and </code></pre>
        awk '/<pre class="listing"><code>/ { on = 1 } on { print } /<\/code><\/pre>/ { on = 0 }' "$OUT/mlp.html" |
            sed -e 's/<span class="ln" id="L[0-9]*">\(<span id="[^"]*"><\/span>\)\{0,1\}<a href="#L[0-9]*">[0-9]*<\/a><\/span>//' \
                -e 's/<[^>]*>//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' >"$OUT/listings.txt"
        awk '/^````\{\.c / { on = 1; n = 0; next } /^````$/ { if (on) { while (n > 0 && b[n] ~ /^[ \t]*$/) n--; for (i = 1; i <= n; i++) print b[i] } on = 0; next }
             on { b[++n] = $0 }' "$OUT/mlp.md" >"$OUT/code.txt"
        if cmp -s "$OUT/listings.txt" "$OUT/code.txt"; then
            ok "its listings are the code of mlp.h, line for line ($(wc -l <"$OUT/code.txt") lines)"
        else
            bad "its listings differ from the code of mlp.h:"
            diff "$OUT/listings.txt" "$OUT/code.txt" | head -10
        fi
    else
        bad "pandoc could not build the HTML edition: $(tail -5 "$OUT/pandoc.log")"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
