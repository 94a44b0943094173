#!/usr/bin/env bash
# Measures the installable app's cold start (launch → first rendered Branches table; the goal is ≤ 1 s), with and
# without its startup cache. Usage:
#
#   scripts/cold-start.sh <data dir of a project> [runs]      (default: 5 runs of each)
#
# It copies the built app image (target/jpackage/arbor, from `mvn -Pdist package`) twice — as built, and with
# the startup cache taken out of its cfg — adds -Darbor.startupTiming=true and -Darbor.exitAfterFirstFrame=true
# to both copies' cfg, and then launches them alternately, each a fresh process, under one Xvfb server. The app
# prints how long after its process started the first frame with table rows was laid out, and the FX thread's
# CPU time by then (StartupHooks); this script collects those lines. Settings, home and java.util.prefs are
# temporary, so the build user's window size and theme do not leak in. Needs xvfb-run (Debian package xvfb).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:?usage: scripts/cold-start.sh <data dir of a project> [runs]}"
RUNS="${2:-5}"
APP="${APP:-$ROOT/target/jpackage/arbor}"
[[ -x "$APP/bin/arbor" ]] || { echo "no app image at target/jpackage/arbor: run mvn -Pdist package -DskipTests" >&2; exit 1; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/arbor-cold-start.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cp -r "$APP" "$WORK/cache"
cp -r "$APP" "$WORK/nocache"
sed -i '/AOTCache\|SharedArchiveFile\|Xlog:aot\|Xlog:cds/d' "$WORK/nocache/lib/app/arbor.cfg"
rm -f "$WORK/nocache/lib/app/arbor.aot" "$WORK/nocache/lib/app/arbor.jsa"
for variant in cache nocache; do
  printf 'java-options=%s\n' -Darbor.startupTiming=true -Darbor.exitAfterFirstFrame=true \
    "-Djava.util.prefs.userRoot=$WORK/prefs-$variant" "-Darbor.home=$WORK/home-$variant" >> "$WORK/$variant/lib/app/arbor.cfg"
done
grep -q AOTCache "$WORK/cache/lib/app/arbor.cfg" || echo "note: the built image has no startup cache; both columns are without one" >&2

echo "load before: $(uptime)"
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  work="$1"; data="$2"; runs="$3"
  for i in $(seq 1 "$runs"); do
    for variant in nocache cache; do
      line="$(HOME="$work/home-$variant" "$work/$variant/bin/arbor" --data-dir "$data" 2>&1 | grep "arbor startup:" || true)"
      echo "run $i $variant: ${line:-no timing line (the app did not render the table)}"
    done
  done
' _ "$WORK" "$DATA" "$RUNS"
echo "load after: $(uptime)"
