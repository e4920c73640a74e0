# book/weave.awk - weaves mlp.h into pandoc markdown, the source of the book.
#
#   awk -f book/weave.awk mlp.h > build/book/mlp.md
#
# Every line of mlp.h goes, unchanged and in order, into a fenced block
# (four backticks): a comment that starts a line becomes a block of class
# `prose`, which book/book.lua typesets as text; everything else a block of
# class `c`, typeset as a listing. Each block says where it starts in mlp.h
# (from=N). What the weaver adds is only markup around the blocks: a YAML
# title block, headings (with the ids that `>>name` references point to) and
# the fence lines. So the lines inside the fences, and nothing else, are
# mlp.h: tests/book.sh takes them out and compares them with mlp.h byte for
# byte.
#
# Structure, from the header's own landmarks:
#   # The manual               line 1: the manual's banners (=== TITLE ===)
#                              become its sections; the EXAMPLE PROGRAM one
#   # The interface            from #ifndef MLP_H_INCLUDED: one section per
#                              /* >>name comment (ids api-name)
#   # The teaching path        from the IMPLEMENTATION banner: one section per
#                              /* >>name comment (ids name; /* >>name: sub
#                              gives a subsection, id name-sub)
#   # Appendices               from the APPENDICES banner: >>fast, >>tanh, ...
#   # The license              the last comment
# Section titles come from the manual's table of contents (">>name  text").
# A prose block that opens with a landmark names it (banner="TITLE" or
# marker="name"), so that book/book.lua leaves out what the heading shows.

function flush(   i) {
    if (n == 0) return
    printf "````{.%s from=%d%s}\n", type, start, attrs
    for (i = 1; i <= n; i++) print buf[i]
    print "````\n"
    n = 0
    attrs = ""
}
function add(line, t) {
    if (n == 0 || t != type) { flush(); type = t; start = NR }
    buf[++n] = line
}
function heading(level, text, id,   h) {
    flush()
    h = substr("######", 1, level)
    printf "%s %s {#%s}\n\n", h, text, id
}
function sentence(s) { s = tolower(s); return toupper(substr(s, 1, 1)) substr(s, 2) }
# "a. fast products" -> "Appendix A. Fast products"; others capitalized
function title_of(name,   t) {
    t = toc[name]
    if (t == "") return name
    if (t ~ /^[A-D]\. tanh/) return "Appendix " t
    if (t ~ /^[A-D]\. /) return "Appendix " substr(t, 1, 3) toupper(substr(t, 4, 1)) substr(t, 5)
    return toupper(substr(t, 1, 1)) substr(t, 2)
}
function slug(s) { s = tolower(s); gsub(/[^a-z0-9]+/, "-", s); sub(/^-/, "", s); sub(/-$/, "", s); return s }

BEGIN {
    # The table of contents first: read the file once for ">>name  text" lines.
    file = ARGV[1]
    while ((getline l < file) > 0) {
        if (l ~ /^     >>[a-z]+ +[^ ]/) {
            name = l; sub(/^     >>/, "", name); sub(/ .*/, "", name)
            text = l; sub(/^     >>[a-z]+ +/, "", text)
            toc[name] = text; last = name
        } else if (last != "" && l ~ /^                      +[^ ]/) {
            text = l; sub(/^ +/, "", text); toc[last] = toc[last] " " text
        } else last = ""
        if (l ~ /^   NOTATION/) break
    }
    close(file)
    print "---"
    print "title: \"mlp.h\""
    print "subtitle: \"multi-layer perceptrons you can read, step through and trust: the header, as a book\""
    print "---\n"
    print "# The manual {#manual}\n"
    part = "manual"
}

# ---- a top-level comment: gather it whole, then decide ----
!in_comment && /^\/\*/ {
    in_comment = 1; cn = 0
}
in_comment {
    cbuf[++cn] = $0
    if (index($0, "*/") == 0) next
    in_comment = 0
    # code after the closing */ on its line: not prose
    last_line = cbuf[cn]; sub(/[ \t]+$/, "", last_line)
    if (last_line !~ /\*\/$/) { for (i = 1; i <= cn; i++) add_at(cbuf[i], "c", NR - cn + i); next }
    comment_done()
    next
}

# ---- code ----
/^#if 0 \/\* EXAMPLE PROGRAM/ { heading(2, "A complete program", "example-program") }
/^#ifndef MLP_H_INCLUDED/ { part = "interface"; heading(1, "The interface", "interface") }
{ add($0, blank_or(type_default())) }

function type_default() { return "c" }
# blank lines stay with the block before them, whatever it is
function blank_or(t) { return ($0 ~ /^[ \t]*$/ && n > 0) ? type : t }
function add_at(line, t, lineno) {
    if (n == 0 || t != type) { flush(); type = t; start = lineno }
    buf[++n] = line
}

function comment_done(   first, second, i, m, name, sub_, j, t, id, k, title) {
    first = cbuf[1]; second = (cn > 1) ? cbuf[2] : ""
    base = NR - cn + 1
    # part landmarks
    if (second ~ /^   IMPLEMENTATION *$/) { part = "core"; heading(1, "The teaching path", "teaching-path"); banner_at(1) ; return }
    if (second ~ /^   APPENDICES *$/) { part = "appendix"; heading(1, "Appendices", "appendices"); banner_at(1); return }
    if (NR > 1 && cn > 2 && cbuf[3] ~ /^   LICENSE \(MIT\)/) { heading(1, "The license", "license"); prose_from(1, cn, ""); return }
    # section markers
    if (first ~ /^\/\* >>[a-z]+/) {
        name = first; sub(/^\/\* >>/, "", name); sub(/[^a-z].*/, "", name)
        rest = first; sub(/^\/\* >>[a-z]+/, "", rest)
        sub_ = ""
        if (rest ~ /^: [a-z][a-z ]* -+ *$/) { sub_ = rest; sub(/^: /, "", sub_); sub(/ *-+ *$/, "", sub_) }
        if (part == "interface") {
            t = title_of(name); sub(/^Appendix [A-D]\. /, "", t); t = toupper(substr(t, 1, 1)) substr(t, 2)
            heading(2, t, "api-" name)
            attrs = " marker=\"" name "\""
        } else if (sub_ != "" && seen[name]) {
            heading(3, toupper(substr(sub_, 1, 1)) substr(sub_, 2), name "-" slug(sub_))
            attrs = " marker=\"" name ": " sub_ "\""
        } else {
            # in the appendices, a section without a letter continues the one before
            heading((part == "appendix" && toc[name] !~ /^[A-D]\. /) ? 3 : 2, title_of(name), name)
            seen[name] = 1
            attrs = " marker=\"" name (sub_ != "" ? ": " sub_ : "") "\""
        }
        prose_from(1, cn, attrs)
        return
    }
    # the manual: split at its banners (a line of '=', title lines, a line of '=')
    if (part == "manual") { manual_comment(); return }
    prose_from(1, cn, "")
}

# lines from..to of the gathered comment as one prose block with attributes
# a; it stays open, so that the blank lines after it join it
function prose_from(from, to, a,   i) {
    flush()
    type = "prose"; start = base + from - 1; attrs = a
    for (i = from; i <= to; i++) buf[++n] = cbuf[i]
}
# an IMPLEMENTATION/APPENDICES banner comment: the heading shows its title
function banner_at(i,   t) {
    t = cbuf[2]; sub(/^ +/, "", t); sub(/ +$/, "", t)
    prose_from(1, cn, " banner=\"" t "\"")
}
function manual_comment(   i, j, from, t, title, id) {
    from = 1
    for (i = 1; i <= cn; i++) {
        if (cbuf[i] ~ /^   =+$/ && i + 2 <= cn) {
            for (j = i + 1; j <= cn && cbuf[j] !~ /^   =+$/; j++) continue
            if (j > cn) continue
            if (i > from) prose_from(from, i - 1, "")
            t = cbuf[i + 1]; sub(/^ +/, "", t)
            title = t; sub(/ \(.*/, "", title); sub(/:.*/, "", title); sub(/ +$/, "", title)
            id = slug(title)
            if (t ~ /\(>>[a-z]+\)/) { id = t; sub(/.*\(>>/, "", id); sub(/\).*/, "", id) }
            heading(2, sentence(title), id)
            prose_from(i, j, " banner=\"" title "\"")
            from = j + 1
            i = j
        }
    }
    if (from <= cn) prose_from(from, cn, "")
}

END { flush() }
