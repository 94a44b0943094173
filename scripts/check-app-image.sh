#!/usr/bin/env bash
# Checks the installable Linux app: builds it with the dist profile (unless SKIP_BUILD=1), then
#   1. bin/arbor --help prints the usage and exits 0,
#   2. bin/arbor --version prints the pom's version,
#   3. bin/arbor opens the console window at once and then the demo project, made on real Postgres (under Xvfb;
#      the window's title is checked with xwininfo and a picture of the screen is kept in the work dir),
#   4. the deb holds the launcher, the menu entry and the icon, and depends on the GTK 3 that JavaFX loads at run
#      time (jpackage cannot see it),
#   5. the image has its startup cache (packaging/StartupCache.java), the launcher's cfg names it, the JVM uses it
#      (it loads dev.arbor.cli.Main from it, and -XX:AOTMode=on / -Xshare:on would refuse to start otherwise),
#      and the deb ships it,
#   6. the image carries Postgres for its OS: `bin/arbor serve --demo` makes the demo on real Postgres, and psql
#      reaches the main branch through the connection string the API returns and reads its orders.
# Needs Maven and a JDK 21+ (found by the toolchain), dpkg-deb and fakeroot for the deb, and xvfb-run and
# xwininfo (Debian packages xvfb and x11-utils) for step 3, curl and psql (postgresql-client) for step 6. Not part of `mvn verify`; AppImageTest runs it with
# ARBOR_DIST_E2E=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/arbor-app-image.XXXXXX")"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -B -Pdist package -DskipTests
fi
APP="$ROOT/target/jpackage/arbor"
[[ -x "$APP/bin/arbor" ]] || fail "no launcher at target/jpackage/arbor/bin/arbor"

"$APP/bin/arbor" --help > "$WORK/help.txt" || fail "bin/arbor --help exited with $?"
grep -q "arbor serve" "$WORK/help.txt" || fail "bin/arbor --help did not print the usage"
echo "ok: bin/arbor --help"

POM_VERSION="$(awk '/<artifactId>arbor<\/artifactId>/ {found = 1; next} found && /<version>/ {gsub(/.*<version>|<\/version>.*/, ""); print; exit}' pom.xml)"
VERSION_LINE="$("$APP/bin/arbor" --version)"
[[ "$VERSION_LINE" == "Arbor $POM_VERSION" ]] || fail "bin/arbor --version printed '$VERSION_LINE', expected 'Arbor $POM_VERSION'"
echo "ok: bin/arbor --version → $VERSION_LINE"

xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  # Java takes user.home from the account, not from HOME: the options keep the run off the real preferences
  JAVA_TOOL_OPTIONS="-Darbor.settings=memory -Duser.home=$1/home -Darbor.home=$1/home -Djava.util.prefs.userRoot=$1/prefs" \
    HOME="$1/home" "$2/bin/arbor" --data-dir "$1/data" --demo > "$1/gui.log" 2>&1 &
  pid=$!
  # the window comes up at once; the demo is made on real Postgres while it shows, and then names the window
  for _ in $(seq 1 60); do
    if xwininfo -root -tree | grep -q "Arbor\""; then break; fi
    kill -0 $pid 2>/dev/null || { echo "the app exited early" >&2; exit 1; }
    sleep 1
  done
  xwininfo -root -tree | grep -q "Arbor\"" || { echo "no Arbor window after 60 s" >&2; kill $pid; wait $pid; exit 1; }
  for _ in $(seq 1 240); do
    if xwininfo -root -tree | grep -q "shop-demo — Arbor"; then break; fi
    kill -0 $pid 2>/dev/null || { echo "the app exited early" >&2; exit 1; }
    sleep 1
  done
  xwininfo -root -tree | grep -q "shop-demo — Arbor" || { echo "the demo was not open after 240 s" >&2; kill $pid; wait $pid; exit 1; }
  sleep 2
  import -window root "$1/window.png" 2>/dev/null || true
  kill $pid; wait $pid 2>/dev/null || true
' _ "$WORK" "$APP" || fail "bin/arbor did not open the console (log: $WORK/gui.log)"
echo "ok: bin/arbor opened the console window on the demo project (picture: $WORK/window.png)"

DEB="$(ls "$ROOT"/target/installer/arbor_*.deb)"
dpkg-deb -c "$DEB" > "$WORK/deb.txt"
for f in ./opt/arbor/bin/arbor ./opt/arbor/lib/arbor.png ./opt/arbor/lib/arbor-arbor.desktop ./opt/arbor/lib/app/arbor.jar; do
  grep -q " $f\$" "$WORK/deb.txt" || fail "the deb lacks $f"
done
echo "ok: $(basename "$DEB") holds the launcher, the menu entry and the icon"
DEPENDS="$(dpkg-deb -f "$DEB" Depends)"
for d in "libgtk-3-0 | libgtk-3-0t64" libxtst6 libgl1; do
  [[ ", $DEPENDS," == *", $d,"* ]] || fail "the deb does not depend on '$d' (Depends: $DEPENDS)"
done
echo "ok: the deb depends on what the console loads at run time ($DEPENDS)"

CFG="$APP/lib/app/arbor.cfg"
if grep -qx 'java-options=-XX:AOTCache=$APPDIR/arbor.aot' "$CFG"; then
  CACHE=arbor.aot; STRICT="-XX:AOTMode=on"
elif grep -qx 'java-options=-XX:SharedArchiveFile=$APPDIR/arbor.jsa' "$CFG"; then
  CACHE=arbor.jsa; STRICT="-Xshare:on"
else
  fail "lib/app/arbor.cfg names no startup cache (see the [startup cache] lines of the build's output)"
fi
[[ -s "$APP/lib/app/$CACHE" ]] || fail "the cfg names lib/app/$CACHE, but it is not there"
JAVA_TOOL_OPTIONS="$STRICT -Xlog:class+load=info" "$APP/bin/arbor" --version > "$WORK/cache.txt" 2>&1 \
  || fail "the JVM refused the startup cache (log: $WORK/cache.txt)"
grep -q "dev.arbor.cli.Main source: shared objects file" "$WORK/cache.txt" \
  || fail "dev.arbor.cli.Main was not loaded from the startup cache (log: $WORK/cache.txt)"
grep -q " ./opt/arbor/lib/app/$CACHE\$" "$WORK/deb.txt" || fail "the deb lacks lib/app/$CACHE"
echo "ok: the launcher starts from its startup cache (lib/app/$CACHE), and the deb ships it"
KEY="check-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
JAVA_TOOL_OPTIONS="-Duser.home=$WORK/home -Darbor.home=$WORK/home" \
  "$APP/bin/arbor" serve --demo --data-dir "$WORK/serve" --port 0 --api-key "$KEY" > "$WORK/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true' EXIT
BASE=""
for _ in $(seq 1 240); do
  BASE="$(sed -n 's/^ *Base URL: *//p' "$WORK/serve.log" | head -n 1)"
  [[ -n "$BASE" ]] && break
  kill -0 $SERVE 2>/dev/null || fail "bin/arbor serve --demo exited early (log: $WORK/serve.log)"
  sleep 0.5
done
[[ -n "$BASE" ]] || fail "bin/arbor serve --demo did not report its base URL within 120 s (log: $WORK/serve.log)"
PROJECT="$(sed -n 's/^ *Project id: *//p' "$WORK/serve.log" | head -n 1)"
URI="$(curl -fsS -H "Authorization: Bearer $KEY" \
  "$BASE/projects/$PROJECT/connection_uri?database_name=neondb&role_name=neondb_owner" \
  | sed -n 's/.*"uri" *: *"\([^"]*\)".*/\1/p')"
[[ "$URI" == postgresql://* ]] || fail "the API returned no connection string for the demo's main branch"
ORDERS="$(psql "$URI" -XAtc 'select count(*) from orders')" || fail "psql could not query the demo's main branch"
[[ "$ORDERS" -gt 0 ]] || fail "the demo's main branch has no orders"
kill $SERVE; wait $SERVE 2>/dev/null || true
echo "ok: the image runs the demo on its own Postgres; psql read $ORDERS orders on main through the API's connection string"
echo "all app-image checks passed (work dir: $WORK)"
