#!/usr/bin/env bash
# kill -9 stress test (manual, not run by CI): K runs of `polsearch index` on CORPUS,
# alternately incremental and --full, each killed with SIGKILL after a random
# delay below MAXMS ms; after each, the index must open and search. Then one run
# to completion must give the same documents, duplicates and skips as a clean build.
# usage: tests/stress/kill9.sh target/release/polsearch /tmp/corpus 30 12000
set -u
BIN=$1; CORPUS=$2; K=$3; MAXMS=$4
W=$(mktemp -d); cd "$W"; ln -s "$CORPUS" pages
killed=0; opened=0
for i in $(seq 1 "$K"); do
  FULL=""; if [ $((i % 2)) -eq 0 ]; then FULL=--full; fi
  "$BIN" index pages --index idx -q --commit-every 100 $FULL >/dev/null 2>&1 &
  pid=$!
  ms=$(( (RANDOM * 32768 + RANDOM) % MAXMS ))
  sleep "$(printf '%d.%03d' $((ms/1000)) $((ms%1000)))"
  if kill -0 $pid 2>/dev/null; then kill -9 $pid; killed=$((killed+1)); st="killed -9"; else st="finished"; fi
  wait $pid 2>/dev/null
  if [ -f idx/meta.json ]; then
    "$BIN" search 'government OR minister' --index idx --json --limit 1 >out.json 2>err.txt; rc=$?
    if [ $rc -le 1 ]; then opened=$((opened+1)); else echo "run $i: search failed rc=$rc: $(cat err.txt)"; fi
    echo "run $i ${FULL:-incremental}: ${st} at ${ms} ms, $(python3 -c 'import json;m=json.load(open("idx/meta.json"));print(sum(s["max_doc"]-(s["deletes"] or {}).get("num_deleted_docs",0) for s in m["segments"]))') documents in the last commit"
  else
    opened=$((opened+1)); echo "run $i: killed after ${ms} ms before the index was created"
  fi
done
"$BIN" index pages --index idx --json -q > final.json 2>/dev/null
"$BIN" index pages --index clean --json -q --full > clean.json 2>/dev/null
python3 - <<'PY'
import json
f=json.load(open('final.json')); c=json.load(open('clean.json'))
parts=[f['indexed'],f['updated'],f['unchanged'],len(f['duplicates']),len(f['skipped']),f['removed']]
print('final run: seen',f['seen'],'= new/updated/unchanged/dups/skipped/removed',parts,'sum ok' if sum(parts)==f['seen'] else 'SUM MISMATCH')
same = f['documents']==c['documents'] and sorted(map(tuple,(d.values() for d in f['duplicates'])))==sorted(map(tuple,(d.values() for d in c['duplicates']))) and sorted(s['path'] for s in f['skipped'])==sorted(s['path'] for s in c['skipped'])
print('documents', f['documents'], 'clean build', c['documents'], '| same documents, duplicates and skips as a clean build:', same)
PY
echo "kills: $killed of $K runs; index opened and searched after $opened of $K"
rm -rf "$W"
