# tools/handout.awk - turns a C file with solution regions into its student
# version. tools/handout.sh runs it on every file of the handout; see there.
#
# A solution region is code between two marker comments, each on lines of
# their own:
#
#     /* BEGIN SOLUTION id: what the student is to implement */
#     ... the solution ...
#     /* END SOLUTION; stub: C code that keeps the program compiling */
#
# The id is letters, digits, '-' and '_'. The text after "id:" becomes the
# TODO and may go on over several lines until the comment closes. The
# "; stub: ..." part is optional (write just /* END SOLUTION */); the stub is
# one line of C put where the solution was, e.g. (void) casts for variables
# only the solution used, or zeroing an output so that the result is wrong
# in a reproducible way. In the output a region becomes
#
#     /* TODO(id): what the student is to implement
#        (The next line only keeps the program compiling: replace it.) */
#     stub
#
# indented like the BEGIN marker. Regions do not nest; an unbalanced,
# nested, empty or malformed marker is an error (message FILE:LINE: ..., exit
# status 1), so a handout never silently keeps a solution.
#
# Variables (awk -v):
#   only=ID[,ID...]  blank only these regions; the others keep their
#                    solution (without the markers). Default: blank all.
#   solution=1       blank none: the solution with the markers removed.
#   list=1           print "FILE:LINE: ID: TODO text" for each region
#                    instead of the file.
#   name=PATH        the file's name in messages (default FILENAME).

function fail(msg) {
    printf "handout: %s:%d: %s\n", (name != "" ? name : FILENAME), FNR, msg > "/dev/stderr"
    failed = 1
    exit 1
}

function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}

function blanked(id) {
    if (solution) return 0
    if (only == "") return 1
    return ("," only ",") ~ ("," id ",")
}

# The BEGIN comment is complete (its text in todo[1..ntodo]): start the region.
function open_region(    t, line) {
    if (ntodo == 1 && todo[1] == "") fail("BEGIN SOLUTION " id ": says nothing to implement after \"" id ":\"")
    state = 2
    body_lines = 0
    blank = blanked(id)
    if (list) {
        line = todo[1]
        for (t = 2; t <= ntodo; t++) line = line " " trim(todo[t])
        printf "%s:%d: %s: %s\n", (name != "" ? name : FILENAME), begin_line, id, line
    }
}

function close_region(stub,    t, last) {
    if (body_lines == 0) fail("region " id " (line " begin_line ") is empty")
    state = 0
    if (list || !blank) return
    for (t = 1; t <= ntodo; t++) {
        last = (t == ntodo && stub == "") ? " */" : ""
        if (t == 1) print indent "/* TODO(" id "): " todo[t] last
        else print indent "   " todo[t] last
    }
    if (stub != "") {
        print indent "   (The next line only keeps the program compiling: replace it.) */"
        print indent stub
    }
}

BEGIN { state = 0 } # 0: code, 1: inside a BEGIN comment, 2: inside a region

FNR == 1 && state != 0 { fail("previous file ended inside a region") }

state == 1 {
    # continuation of a multi-line BEGIN comment
    if ($0 ~ /BEGIN SOLUTION|END SOLUTION/) fail("marker inside the BEGIN SOLUTION comment of line " begin_line)
    # keep the indentation relative to the text of the first line
    text = $0
    if (substr(text, 1, length(indent) + 3) == indent "   ") text = substr(text, length(indent) + 4)
    else sub(/^[ \t]+/, "", text)
    if (index(text, "*/")) {
        if (text !~ /\*\/[ \t]*$/) fail("code after the */ of a BEGIN SOLUTION comment")
        sub(/[ \t]*\*\/[ \t]*$/, "", text)
        if (trim(text) != "") todo[++ntodo] = text
        open_region()
    } else if (trim(text) != "") todo[++ntodo] = text
    next
}

/BEGIN SOLUTION/ {
    if (state == 2) fail("BEGIN SOLUTION inside region " id " (line " begin_line "): regions do not nest")
    if ($0 !~ /^[ \t]*\/\* BEGIN SOLUTION [A-Za-z0-9_-]+:/)
        fail("malformed marker: expected /* BEGIN SOLUTION id: what to implement */ alone on its line")
    indent = $0
    sub(/[^ \t].*$/, "", indent)
    text = $0
    sub(/^[ \t]*\/\* BEGIN SOLUTION /, "", text)
    id = text
    sub(/:.*$/, "", id)
    sub(/^[^:]*:/, "", text)
    begin_line = FNR
    ids_seen[id] = 1
    ntodo = 1
    if (index(text, "*/")) {
        if (text !~ /\*\/[ \t]*$/) fail("code after the */ of a BEGIN SOLUTION comment")
        sub(/[ \t]*\*\/[ \t]*$/, "", text)
        todo[1] = trim(text)
        open_region()
    } else {
        todo[1] = trim(text)
        state = 1
    }
    next
}

/END SOLUTION/ {
    if (state != 2) fail("END SOLUTION without a BEGIN SOLUTION before it")
    if ($0 ~ /^[ \t]*\/\* END SOLUTION[ \t]*\*\/[ \t]*$/) close_region("")
    else if ($0 ~ /^[ \t]*\/\* END SOLUTION; stub: .*[^ \t].*\*\/[ \t]*$/) {
        stub = $0
        sub(/^[ \t]*\/\* END SOLUTION; stub: /, "", stub)
        sub(/[ \t]*\*\/[ \t]*$/, "", stub)
        if (index(stub, "*/")) fail("a stub cannot contain */")
        close_region(trim(stub))
    } else fail("malformed marker: expected /* END SOLUTION */ or /* END SOLUTION; stub: code */ alone on its line")
    next
}

state == 2 {
    body_lines++
    if (!list && !blank) print
    next
}

!list { print }

END {
    if (failed) exit 1
    if (state == 1) fail("the BEGIN SOLUTION comment of line " begin_line " never closes")
    if (state == 2) fail("region " id " (line " begin_line ") has no END SOLUTION")
}
