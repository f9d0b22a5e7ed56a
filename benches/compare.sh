#!/usr/bin/env bash
# Side-by-side indexing benchmark: polsearch vs Pagefind vs tantivy-cli on the same
# bench corpus, run alternately, medians and ratios. Installs what it needs.
#
#   benches/compare.sh [--size 1G] [--rounds 3] [--scale 0.25G,0.5G,1G,2G]
#                      [--tools pagefind,polsearch,tantivy] [--work DIR]
#
#   --size    corpus size for the side-by-side run (default 1G; 0 skips it)
#   --rounds  rounds of the A B C alternation (default 3)
#   --scale   also time polsearch alone at these sizes (linearity), comma-separated
#   --tools   which tools to run in the side-by-side (default all three)
#   --work    where indexes, logs and results go (default target/bench-compare)
#
# Environment: BENCH_TOOLS (default target/bench-tools) holds the installed Pagefind
# (npm) and tantivy-cli (cargo install); PAGEFIND_VERSION (1.6.0),
# TANTIVY_CLI_VERSION (0.24.0). Results: WORK/results.md and WORK/results-*.json.
set -euo pipefail

cd "$(dirname "$0")/.."
CRATE=$PWD
SIZE=1G
ROUNDS=3
SCALE=""
TOOLS_LIST=pagefind,polsearch,tantivy
WORK=$CRATE/target/bench-compare
while [ $# -gt 0 ]; do
    case "$1" in
        --size) SIZE=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --scale) SCALE=$2; shift 2 ;;
        --tools) TOOLS_LIST=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
TOOLS=${BENCH_TOOLS:-$CRATE/target/bench-tools}
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
TANTIVY_CLI_VERSION=${TANTIVY_CLI_VERSION:-0.24.0}
mkdir -p "$TOOLS" "$WORK"
log() { echo "compare.sh: $*" >&2; }

# --- what the script needs ---------------------------------------------------
apt_install() {
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    fi
}
[ -x /usr/bin/time ] || { log "installing GNU time"; apt_install time; }
command -v python3 >/dev/null || { log "installing python3"; apt_install python3; }

need_pagefind=0; need_tantivy=0
case ",$TOOLS_LIST," in *,pagefind,*) need_pagefind=1 ;; esac
case ",$TOOLS_LIST," in *,tantivy,*) need_tantivy=1 ;; esac
[ "$SIZE" = 0 ] && { need_pagefind=0; need_tantivy=0; }

PAGEFIND=""
if [ $need_pagefind = 1 ]; then
    command -v npm >/dev/null || { log "installing node and npm"; apt_install nodejs npm; }
    pf_dir=$TOOLS/pagefind
    if ! (cd "$pf_dir" 2>/dev/null && npm ls pagefind 2>/dev/null | grep -q "pagefind@$PAGEFIND_VERSION"); then
        log "installing pagefind@$PAGEFIND_VERSION (npm) in $pf_dir"
        mkdir -p "$pf_dir"
        (cd "$pf_dir" && { [ -f package.json ] || npm init -y >/dev/null; } && npm i --no-audit --no-fund "pagefind@$PAGEFIND_VERSION" >/dev/null)
    fi
    # The npm package runs a native binary shipped in a platform package; call it
    # directly so that time(1) measures Pagefind itself, not a node wrapper.
    PAGEFIND=$(ls "$pf_dir"/node_modules/@pagefind/*/bin/pagefind_extended "$pf_dir"/node_modules/@pagefind/*/bin/pagefind 2>/dev/null | head -1 || true)
    [ -n "$PAGEFIND" ] || PAGEFIND="npx --prefix $pf_dir pagefind"
fi

TANTIVY=""
if [ $need_tantivy = 1 ]; then
    TANTIVY=$TOOLS/bin/tantivy
    if ! [ -x "$TANTIVY" ]; then
        log "installing tantivy-cli $TANTIVY_CLI_VERSION (cargo install, several minutes)"
        # Not --locked: the lock file pins traitobject 0.1.0, which current rustc rejects.
        nice cargo install tantivy-cli --version "$TANTIVY_CLI_VERSION" --root "$TOOLS" -j 1 >"$TOOLS/cargo-install.log" 2>&1 \
            || { log "cargo install tantivy-cli failed, see $TOOLS/cargo-install.log"; exit 1; }
    fi
fi

log "building polsearch (release)"
nice cargo build --release --quiet
POLSEARCH=$CRATE/target/release/polsearch

# --- corpora ---------------------------------------------------------------------
corpus_for() { echo "$CRATE/target/bench-corpus/$(echo "$1" | tr a-z A-Z)"; }
if [ "$SIZE" != 0 ]; then
    nice python3 benches/corpus.py --size "$SIZE" "$(corpus_for "$SIZE")"
fi
SCALE_DIRS=()
if [ -n "$SCALE" ]; then
    IFS=, read -ra sizes <<<"$SCALE"
    for s in "${sizes[@]}"; do
        nice python3 benches/corpus.py --size "$s" "$(corpus_for "$s")"
        SCALE_DIRS+=("$(corpus_for "$s")")
    done
fi

args=(--work "$WORK" --rounds "$ROUNDS" --polsearch "$POLSEARCH" --queries benches/queries.txt)
[ -n "$PAGEFIND" ] && args+=(--pagefind "$PAGEFIND" --pagefind-version "$PAGEFIND_VERSION")
[ -n "$TANTIVY" ] && args+=(--tantivy "$TANTIVY" --tantivy-version "$TANTIVY_CLI_VERSION")
[ "$SIZE" != 0 ] && args+=(--corpus "$(corpus_for "$SIZE")" --tools "$TOOLS_LIST")
[ ${#SCALE_DIRS[@]} -gt 0 ] && args+=(--scale "${SCALE_DIRS[@]}")
exec python3 benches/compare.py "${args[@]}"
