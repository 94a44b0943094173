#!/usr/bin/env bash
# Checks that in-window dialogs paint cleanly in a real window: a console on a fresh demo project under Xvfb
# (Prism's software pipeline, the one machines without a GPU get), driven with xdotool and captured with import.
# For each dialog (Restore: Ctrl+Shift+R; the command palette: Ctrl+K; Switch project, opened from the palette)
#   1. the window's top-left corner, where no dialog lies, shows the page under the dimmed backdrop: it is darker
#      than the page was, and it is what the window shows once it is painted again from scratch (unmapped and
#      mapped again). A dialog that leaves a stale copy of itself there, or a backdrop painted only around the
#      dialog, fails this;
#   2. the dialog shows centred: the window's centre is not dimmed (the dialog lies over the backdrop there).
# Builds target/arbor.jar first unless SKIP_BUILD=1 (then an existing jar is used). Needs a JDK 21+ (JAVA, or java on
# the PATH), xvfb-run and Xvfb, xdotool, and ImageMagick's import, convert and compare. The pictures are kept in the
# work directory it prints. Not part of `mvn verify`; DialogPaintingTest runs it with ARBOR_WINDOW_E2E=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/arbor-dialog-painting.XXXXXX")"
JAVA="${JAVA:-java}"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in xvfb-run Xvfb xdotool import convert compare; do
  command -v "$tool" > /dev/null || fail "$tool is not installed"
done
"$JAVA" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])' || fail "$JAVA is not a JDK 21 or newer (set JAVA)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -B package -DskipTests
fi
[[ -f target/arbor.jar ]] || fail "no target/arbor.jar (build it with mvn package -DskipTests)"
echo "work directory: $WORK"

xvfb-run -a -s "-screen 0 1600x1000x24" bash -s "$WORK" "$JAVA" "$ROOT/target/arbor.jar" <<'SESSION' || fail "see the lines above (log: $WORK/gui.log)"
set -euo pipefail
WORK="$1" JAVA="$2" JAR="$3"
"$JAVA" -Darbor.settings=memory -Duser.home="$WORK/home" -Djava.util.prefs.userRoot="$WORK/prefs" \
  -jar "$JAR" --data-dir "$WORK/data" --demo > "$WORK/gui.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

win=""
for _ in $(seq 1 120); do
  win="$(xdotool search --name 'shop-demo — Arbor' 2>/dev/null | head -1 || true)"
  [[ -n "$win" ]] && break
  kill -0 $pid 2>/dev/null || { echo "the console exited early" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$win" ]] || { echo "no console window on the demo project after 60 s" >&2; exit 1; }
eval "$(xdotool getwindowgeometry --shell "$win")"   # X, Y, WIDTH, HEIGHT
sleep 3   # the branch list fills in after the title changes

# the corner: the header's left part and the page's top-left, well away from any centred dialog
CORNER="420x180+$X+$Y"
CENTRE="200x100+$((X + WIDTH / 2 - 100))+$((Y + HEIGHT / 2 - 50))"
crop() { convert "$1" -crop "$2" +repage "$3"; }
mean() { convert "$1" -colorspace gray -format '%[fx:mean]' info:; }
differing() { compare -metric AE -fuzz 4% "$1" "$2" null: 2>&1 || true; }

# a click on the first branch puts the keyboard in the page, where its shortcuts live
xdotool mousemove --window "$win" 120 222 click 1
sleep 1
import -window root "$WORK/page.png"
crop "$WORK/page.png" "$CORNER" "$WORK/page-corner.png"
crop "$WORK/page.png" "$CENTRE" "$WORK/page-centre.png"

check_dialog() {
  local name="$1"
  sleep 2
  import -window root "$WORK/$name-shown.png"
  xdotool windowunmap --sync "$win"
  xdotool windowmap --sync "$win"
  sleep 1.5
  import -window root "$WORK/$name-repainted.png"
  crop "$WORK/$name-shown.png" "$CORNER" "$WORK/$name-corner.png"
  crop "$WORK/$name-repainted.png" "$CORNER" "$WORK/$name-corner-repainted.png"
  crop "$WORK/$name-shown.png" "$CENTRE" "$WORK/$name-centre.png"

  local stale page_mean corner_mean centre_mean
  stale="$(differing "$WORK/$name-corner.png" "$WORK/$name-corner-repainted.png")"
  (( stale < 400 )) || { echo "$name: the window's top-left corner differs from a full repaint in $stale pixels:" \
    "the dialog left a stale picture there ($WORK/$name-shown.png)" >&2; exit 1; }
  page_mean="$(mean "$WORK/page-corner.png")"
  corner_mean="$(mean "$WORK/$name-corner.png")"
  awk -v p="$page_mean" -v c="$corner_mean" 'BEGIN { exit !(c < p * 0.9) }' || {
    echo "$name: the corner is not dimmed by the backdrop (brightness $corner_mean, the page's $page_mean)" >&2; exit 1; }
  centre_mean="$(mean "$WORK/$name-centre.png")"
  awk -v p="$(mean "$WORK/page-centre.png")" -v c="$centre_mean" 'BEGIN { exit !(c > p * 0.9) }' || {
    echo "$name: the window's centre is dimmed like the page: the dialog does not show there" >&2; exit 1; }
  echo "ok: $name paints centred over a dimmed page, and nothing stale at the corner"
  # the dialog's Cancel takes Escape; the keyboard is back in the page after it
  xdotool key Escape
  sleep 1
}

xdotool key ctrl+shift+r
check_dialog restore
xdotool key ctrl+k
check_dialog palette
xdotool key ctrl+k
sleep 1
xdotool type --delay 40 "Switch connection"
xdotool key Return
check_dialog switch-project
SESSION
echo "all dialog painting checks passed"
