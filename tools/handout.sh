#!/bin/sh
# tools/handout.sh - writes the student version of the exercises: `make handout`.
#
# Code between /* BEGIN SOLUTION id: ... */ and /* END SOLUTION ... */ in
# mlp.h, exercises/*.c and examples/*.c becomes a TODO (tools/handout.awk
# says how, and what a marker may look like). The result compiles, runs, and
# each exercise's self-check fails, naming the TODO, until it is filled in.
#
# usage: sh tools/handout.sh [-o DIR] [-r ID[,ID...]] [-s] [-l]
#   -o DIR  where to write it (default build/handout). DIR is replaced as a
#           whole, so it must be new or a previous handout.
#   -r IDS  blank only these regions (the others keep their solution):
#           a handout with fewer TODOs, or one TODO at a time for testing.
#   -s      blank nothing: the solution, with the markers removed.
#   -l      list the regions (FILE:LINE: ID: TODO text) and write nothing.
# Exits 1, writing nothing, if a marker is malformed, unbalanced or nested.
#
# The handout holds mlp.h, exercises/, examples/, the gdb walkthrough
# (docs/debugging.md, tools/gdb/), a Makefile (tools/handout.Makefile: make,
# make check, make debug) and a README.md for students listing the TODOs
# (tools/handout.README.md).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/handout
only=
solution=0
list=0
while getopts o:r:sl opt; do
    case $opt in
    o) out=$OPTARG ;;
    r) only=$OPTARG ;;
    s) solution=1 ;;
    l) list=1 ;;
    *) echo "usage: sh tools/handout.sh [-o DIR] [-r ID[,ID...]] [-s] [-l]" >&2; exit 2 ;;
    esac
done
case $out in /*) ;; *) out=$PWD/$out ;; esac # relative to where we were called from
while [ "$out" != / ] && [ "${out%/}" != "$out" ]; do out=${out%/}; done
cd "$root"

sources="mlp.h $(ls exercises/*.c examples/*.c 2>/dev/null | tr '\n' ' ')"
# Files a student's run needs besides the sources: what the exercises share,
# the gdb walkthrough, and the fixtures the chapters compare with.
extras="exercises/course.h docs/debugging.md tools/gdb/mlp_printers.py tools/gdb/walkthrough.gdb
        $(ls reports/*/*.tsv 2>/dev/null | tr '\n' ' ')"

# Every region of every file; this also validates every marker.
regions=$(for f in $sources; do awk -v list=1 -v name="$f" -f tools/handout.awk "$f" || echo "@error"; done)
case $regions in *@error*) echo "handout: nothing written" >&2; exit 1 ;; esac
if [ "$list" = 1 ]; then
    printf '%s\n' "$regions"
    exit 0
fi
ids=$(printf '%s\n' "$regions" | sed -n 's/^[^:]*:[0-9]*: \([A-Za-z0-9_-]*\): .*/\1/p' | sort -u)
if [ -z "$ids" ]; then echo "handout: no BEGIN SOLUTION regions found in $sources" >&2; exit 1; fi
for id in $(printf '%s' "$only" | tr ',' ' '); do
    printf '%s\n' "$ids" | grep -qx -- "$id" || {
        echo "handout: -r $id: no region has that id (there are: $(echo $ids))" >&2
        exit 1
    }
done

# DIR is replaced as a whole: only ever a new directory or an old handout.
if [ -e "$out" ] && [ ! -f "$out/.handout" ]; then
    echo "handout: $out exists and is not a handout written by this script; remove it or pick another -o" >&2
    exit 1
fi
tmp="$out.tmp$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/exercises" "$tmp/examples" "$tmp/docs" "$tmp/tools/gdb"
for f in $sources; do
    awk -v only="$only" -v solution="$solution" -v name="$f" -f tools/handout.awk "$f" >"$tmp/$f"
done
for f in $extras; do
    if [ -f "$f" ]; then mkdir -p "$tmp/$(dirname "$f")" && cp "$f" "$tmp/$f"; fi
done
cp tools/handout.Makefile "$tmp/Makefile"

# README.md: the template, with the list of TODOs where it says @TODOS@.
if [ "$solution" = 1 ]; then
    todos="(none: this is the solution, written with -s)"
else
    todos=$(printf '%s\n' "$regions" | while IFS= read -r line; do
        file=${line%%:*}
        rest=${line#*:}
        rest=${rest#*: }
        id=${rest%%: *}
        text=${rest#*: }
        if [ -z "$only" ] || printf '%s\n' "$only" | tr ',' '\n' | grep -qx -- "$id"; then
            at=$(grep -n "/\* TODO($id):" "$tmp/$file" | cut -d: -f1 | tr '\n' ' ' | sed 's/ $//; s/ /, /g')
            printf -- '- `TODO(%s)`, `%s` line %s: %s\n' "$id" "$file" "$at" "$text"
        fi
    done)
fi
printf '%s\n' "$todos" >"$tmp/todos.txt"
awk -v todos="$tmp/todos.txt" '$0 == "@TODOS@" { while ((getline l < todos) > 0) print l; next } { print }' \
    tools/handout.README.md >"$tmp/README.md"
rm -f "$tmp/todos.txt"

# Last guard: no marker may survive into a handout.
if grep -rl 'BEGIN SOLUTION\|END SOLUTION' "$tmp" >/dev/null 2>&1; then
    echo "handout: a solution marker survived in $(grep -rl 'BEGIN SOLUTION\|END SOLUTION' "$tmp" | head -1)" >&2
    exit 1
fi
echo "written by tools/handout.sh${only:+ -r $only}" >"$tmp/.handout"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
if [ "$solution" = 1 ]; then
    echo "handout: the solution, without markers, in $out/"
else
    n=$(printf '%s\n' "$todos" | grep -c '^- ')
    echo "handout: $n TODOs in $out/ (make -C $out check: each exercise's self-check fails until its TODOs are done)"
fi
