#!/usr/bin/env bash
# End-to-end check of the official Neon CLI (neonctl, from npm) against `arbor serve`.
#
# Installs a pinned neonctl into a temp dir, starts `arbor serve --demo` on a free loopback port with a temp data
# dir and a random API key, runs every `branches` subcommand plus `projects` and `operations`, checks each
# command's exit code and key output (with node, no jq), tells the bad-migration story with psql through the
# connection strings neonctl prints (connect, migrate, time travel, restore, same connection string), and stops the
# server on exit. Needs node, npm and psql.
#
# Not part of `mvn verify`. Run it directly, or through the JUnit test NeonCliCompatibilityTest with
# ARBOR_NEONCTL_E2E=1.
#
# Environment (all optional):
#   ARBOR_JAR        the arbor jar to serve (default: target/arbor.jar; built with Maven when missing)
#   ARBOR_CLASSPATH  serve from this class path (dev.arbor.cli.Main) instead of a jar; the JUnit test uses it
#   JAVA             a java 21+ binary (default: java on PATH when it is 21+, else the newest JDK in /usr/lib/jvm)
#   NEONCTL_VERSION  the neonctl version to install (default below)
#   NEONCTL_PREFIX   an npm prefix that already has that neonctl installed (skips the install)
#   KEEP_WORK=1      keep the temp dir (logs, outputs) for a look afterwards
set -euo pipefail

NEONCTL_VERSION="${NEONCTL_VERSION:-5.0.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/arbor-neonctl-e2e.XXXXXX")"
# as root Postgres runs as nobody, which must reach the project inside (else its files go to /var/lib/arbor/postgres)
chmod 755 "$WORK"
SERVER_PID=""
PASS=0

cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -f "$WORK/serve.log" ]]; then
    echo "--- last lines of the server log ---" >&2
    tail -n 20 "$WORK/serve.log" >&2 || true
  fi
  if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }
die() { echo "FAIL: $*" >&2; echo "neonctl-e2e: $PASS passed, 1 failed" >&2; exit 1; }
pass() { PASS=$((PASS + 1)); echo "  ok: $*"; }

# ---------------------------------------------------------------- tools
java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
find_java() {
  if [[ -n "${JAVA:-}" ]]; then echo "$JAVA"; return; fi
  local j
  for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
    if [[ -n "$j" && -x "$j" && "$(java_major "$j")" -ge 21 ]]; then echo "$j"; return; fi
  done
  for j in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    if [[ "$(java_major "$j")" -ge 21 ]]; then echo "$j"; return; fi
  done
  die "no JDK 21+ found: set JAVA"
}
JAVA_BIN="$(find_java)"
command -v node >/dev/null || die "node is required"
command -v npm >/dev/null || die "npm is required"

if [[ -n "${ARBOR_CLASSPATH:-}" ]]; then
  ARBOR=("$JAVA_BIN" -cp "$ARBOR_CLASSPATH" dev.arbor.cli.Main)
else
  JAR="${ARBOR_JAR:-$ROOT/target/arbor.jar}"
  if [[ ! -f "$JAR" ]]; then
    say "building $JAR"
    (cd "$ROOT" && mvn -q -B package -DskipTests)
  fi
  ARBOR=("$JAVA_BIN" -jar "$JAR")
fi

if [[ -n "${NEONCTL_PREFIX:-}" ]]; then
  PREFIX="$NEONCTL_PREFIX"
else
  say "installing neonctl@$NEONCTL_VERSION"
  PREFIX="$WORK/npm"
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "neonctl@$NEONCTL_VERSION" >"$WORK/npm.log" 2>&1 \
    || { cat "$WORK/npm.log" >&2; die "npm install neonctl@$NEONCTL_VERSION"; }
fi
NEONCTL="$PREFIX/node_modules/.bin/neonctl"
[[ -x "$NEONCTL" ]] || die "no neonctl at $NEONCTL"
INSTALLED="$(node -p "require('$PREFIX/node_modules/neonctl/package.json').version")"
[[ "$INSTALLED" == "$NEONCTL_VERSION" ]] || die "neonctl $INSTALLED installed, $NEONCTL_VERSION wanted"

# ---------------------------------------------------------------- server
say "starting arbor serve --demo"
KEY="e2e-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
"${ARBOR[@]}" serve --demo --data-dir "$WORK/data" --port 0 --api-key "$KEY" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 120); do
  BASE="$(sed -n 's/^ *Base URL: *//p' "$WORK/serve.log" | head -n 1)"
  [[ -n "$BASE" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "arbor serve exited early"
  sleep 0.5
done
[[ -n "$BASE" ]] || die "arbor serve did not report its base URL within 60 s"
PROJECT="$(sed -n 's/^ *Project id: *//p' "$WORK/serve.log" | head -n 1)"
[[ "$BASE" == http://127.0.0.1:* ]] || die "server is not on loopback: $BASE"
pass "serving $PROJECT at $BASE"

# ---------------------------------------------------------------- neonctl
# neonctl reads the API base from NEON_API_HOST (the whole base, with /api/v2) and the key from NEON_API_KEY.
# It has no environment switch for analytics, so every call passes --no-analytics; the proxy variables make any
# other outbound HTTP(S) call fail instead of leaving the machine, while NO_PROXY lets loopback through.
export NEON_API_HOST="$BASE" NEON_API_KEY="$KEY"
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
export http_proxy="$HTTP_PROXY" https_proxy="$HTTPS_PROXY" no_proxy="$NO_PROXY"
export CI=true NO_COLOR=1 COLUMNS=200
unset NEON_PROFILE DEBUG || true
mkdir -p "$WORK/cfg" "$WORK/cwd"
OUT="$WORK/out"
ERR="$WORK/err"

# nc ARGS...: run neonctl (in an empty dir, with a private config dir); must exit 0. stdout → $OUT.
nc() {
  local rc=0
  (cd "$WORK/cwd" && "$NEONCTL" --no-analytics --config-dir "$WORK/cfg" "$@") >"$OUT" 2>"$ERR" || rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "--- stdout" >&2; cat "$OUT" >&2; echo "--- stderr" >&2; cat "$ERR" >&2
    die "neonctl $* exited $rc"
  fi
  pass "neonctl $*"
}
# nc_refused PATTERN ARGS...: must exit non-zero with PATTERN in stderr.
nc_refused() {
  local pattern="$1" rc=0; shift
  (cd "$WORK/cwd" && "$NEONCTL" --no-analytics --config-dir "$WORK/cfg" "$@") >"$OUT" 2>"$ERR" || rc=$?
  [[ $rc -ne 0 ]] || die "neonctl $* should have failed"
  grep -q -- "$pattern" "$ERR" || { cat "$ERR" >&2; die "neonctl $*: stderr lacks \"$pattern\""; }
  pass "neonctl $* (refused: $pattern)"
}
# js EXPR: evaluate EXPR with j = the JSON in $OUT and b = its branch (create prints {branch, endpoints} when it
# made a compute, and the bare branch when not); print the result.
js() { node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=(0,eval)("(j,b)=>("+process.argv[2]+")")(j,(j&&j.branch)||j); process.stdout.write(v===undefined||v===null?"":String(v));' "$OUT" "$1"; }
# check EXPR: EXPR (over j) must be true.
check() { [[ "$(js "$1")" == true ]] || { head -c 2000 "$OUT" >&2; die "expected: $1"; }; pass "  $1"; }
# has TEXT: stdout contains TEXT.
has() { grep -qF -- "$1" "$OUT" || { cat "$OUT" >&2; die "output lacks: $1"; }; pass "  output has \"$1\""; }
now_minus() { node -e 'console.log(new Date(Date.now()-1000*Number(process.argv[1])).toISOString().replace(/\.\d+Z$/,"Z"))' "$1"; }
days_ahead() { node -e 'console.log(new Date(Date.now()+86400000*Number(process.argv[1])).toISOString().replace(/\.\d+Z$/,"Z"))' "$1"; }

say "projects"
nc projects list -o json
check "j.projects.length === 1 && j.projects[0].id === '$PROJECT'"
check "Array.isArray(j.shared_with_you) && j.shared_with_you.length === 0"
nc projects list
has "shop-demo"
nc projects get "$PROJECT" -o json
check "j.id === '$PROJECT' && j.name === 'shop-demo'"

say "branches list"
nc branches list -o json
check "j.some(b => b.name === 'main' && b.default === true)"
MAIN="$(js "j.find(b => b.name === 'main').id")"
nc branches list --project-id "$PROJECT"
has "[default] main"

say "branches create"
nc branches create --name e2e-compute -o json
check "j.branch.name === 'e2e-compute' && j.branch.parent_id === '$MAIN'"
check "j.endpoints.length === 1 && j.endpoints[0].type === 'read_write'"
MAIN_LSN="$(js "j.branch.parent_lsn")"
nc branches create --name e2e-by-name --parent main --no-compute -o json
check "b.name === 'e2e-by-name' && b.parent_id === '$MAIN' && j.endpoints === undefined"
nc branches create --name e2e-by-id --parent "$MAIN" --no-compute -o json
check "b.parent_id === '$MAIN'"
sleep 1
TS="$(now_minus 1)"
nc branches create --name e2e-at-time --parent "$TS" --no-compute -o json
check "b.parent_id === '$MAIN' && Date.parse(b.parent_timestamp) <= Date.parse('$TS') + 999"
nc branches create --name e2e-at-lsn --parent "$MAIN_LSN" --no-compute -o json
check "b.parent_id === '$MAIN' && b.parent_lsn === '$MAIN_LSN'"
nc branches create --name e2e-schema-only --schema-only -o json
check "j.branch.init_source === 'schema-only' && !j.branch.parent_id && j.endpoints.length === 1"
EXPIRES="$(days_ahead 3)"
nc branches create --name e2e-expiring --expires-at "$EXPIRES" --no-compute -o json
check "Date.parse(b.expires_at) === Date.parse('$EXPIRES')"
EXPIRING="$(js "b.id")"
nc branches create --name e2e-table --no-compute
has "e2e-table"
nc_refused "already exists" branches create --name e2e-table --no-compute

say "branches get, rename, set-default, set-expiration"
nc branches get e2e-by-name -o json
check "j.name === 'e2e-by-name' && j.parent_id === '$MAIN'"
BY_NAME="$(js "j.id")"
nc branches get "$BY_NAME"
has "e2e-by-name"
nc branches rename e2e-by-name e2e-renamed -o json
check "j.id === '$BY_NAME' && j.name === 'e2e-renamed'"
nc branches set-default e2e-renamed -o json
check "j.id === '$BY_NAME' && j.default === true"
nc branches list
has "[default] e2e-renamed"
nc branches set-default main -o json
check "j.id === '$MAIN' && j.default === true"
EXP2="$(days_ahead 2)"
nc branches set-expiration e2e-by-id --expires-at "$EXP2" -o json
check "Date.parse(j.expires_at) === Date.parse('$EXP2')"
nc branches set-expiration e2e-by-id -o json
check "j.expires_at === undefined"

say "branches reset"
nc branches reset e2e-by-id --parent -o json
check "j.name === 'e2e-by-id' && typeof j.last_reset_at === 'string'"
nc branches reset e2e-by-id --parent --preserve-under-name e2e-by-id-old -o json
check "j.name === 'e2e-by-id' && typeof j.last_reset_at === 'string'"
nc branches get e2e-by-id-old -o json
check "j.name === 'e2e-by-id-old'"
nc_refused "Branch has no parent" branches reset main --parent

say "branches restore"
sleep 1
TS2="$(now_minus 1)"
nc branches restore e2e-compute "^self@$TS2" --preserve-under-name e2e-compute-before -o json
check "j.restored_branch.name === 'e2e-compute' && typeof j.restored_branch.last_reset_at === 'string'"
check "j.backup_branch.name === 'e2e-compute-before'"
nc_refused "backup branch" branches restore e2e-compute "^self@$TS2"
nc branches restore e2e-renamed ^parent -o json
check "j.id === '$BY_NAME' && typeof j.last_reset_at === 'string'"
nc branches get e2e-by-id -o json
BY_ID_LSN="$(js "j.parent_lsn")"
sleep 1
TS3="$(now_minus 1)"
nc branches restore e2e-renamed "e2e-by-id@$TS3" -o json
check "j.id === '$BY_NAME'"
nc branches restore e2e-renamed "e2e-by-id@$BY_ID_LSN" -o json
check "j.id === '$BY_NAME'"
nc branches restore e2e-renamed e2e-by-id
has "Restored branch"

say "branches add-compute"
nc branches add-compute e2e-renamed
has "ep-"
nc branches add-compute e2e-by-id --type read_write --cu 0.5-2 -o json
check "j.type === 'read_write' && j.autoscaling_limit_min_cu === 0.5 && j.autoscaling_limit_max_cu === 2"

say "branches schema-diff"
nc branches schema-diff main feature/checkout-v2
has "+CREATE TABLE public.carts"
nc branches schema-diff feature/checkout-v2 ^parent
has "+CREATE TABLE public.carts"
nc branches schema-diff main "^self@$TS3"
has "Database: neondb"

say "branches delete"
nc branches delete e2e-expiring -o json
check "j.id === '$EXPIRING'"
nc branches delete "$EXPIRING"
[[ ! -s "$OUT" ]] || die "a second delete should print nothing (204)"
pass "  second delete of $EXPIRING answered 204"
nc_refused "cannot be deleted" branches delete main

say "the bad-migration story: connect, migrate, travel back, restore, keep the connection string"
command -v psql >/dev/null || die "psql is required for the connection checks (Debian: postgresql-client)"
# q URI SQL: one statement through psql, unaligned, tuples only; must succeed. Prints the result.
q() { psql "$1" -X -A -t -q -v ON_ERROR_STOP=1 -c "$2"; }
now_ms() { node -e 'console.log(new Date().toISOString())'; }
nc branches create --name e2e-story -o json
nc connection-string e2e-story --database-name neondb --role-name neondb_owner --ssl omit
STORY_URI="$(cat "$OUT")"
[[ "$STORY_URI" == postgresql://neondb_owner:*@127.0.0.1:*/neondb ]] || die "not a local connection string: ${STORY_URI%%:*}…"
pass "  a connection string to 127.0.0.1 with the role's password"
q "$STORY_URI" "create table accounts (id int primary key, balance int)" >/dev/null
q "$STORY_URI" "insert into accounts select g, 100 from generate_series(1, 20) g" >/dev/null
pass "  psql created and filled a table on the branch"
sleep 1
BEFORE="$(now_ms)"
sleep 1
q "$STORY_URI" "delete from accounts where id > 5" >/dev/null   # the bad migration
[[ "$(q "$STORY_URI" "select count(*) from accounts")" == 5 ]] || die "the bad migration left other than 5 rows"
pass "  the bad migration deleted 15 rows"
nc connection-string "e2e-story@$BEFORE" --database-name neondb --role-name neondb_owner --ssl omit
TT_URI="$(cat "$OUT")"
[[ "$TT_URI" == *"options=neon_timestamp"* ]] || die "no neon_timestamp in the time-travel connection string"
[[ "$(q "$TT_URI" "select count(*) from accounts")" == 20 ]] || die "time travel to $BEFORE does not show the 20 rows"
pass "  time travel to before the migration shows all 20 rows"
if psql "$TT_URI" -X -q -v ON_ERROR_STOP=1 -c "insert into accounts values (99, 1)" >/dev/null 2>"$WORK/ro.err"; then
  die "a write at a point in history was accepted"
fi
grep -q "read-only" "$WORK/ro.err" || { cat "$WORK/ro.err" >&2; die "the refused write does not say read-only"; }
pass "  a write at a point in history is refused (read-only)"
nc branches restore e2e-story "^self@$BEFORE" --preserve-under-name e2e-story-broken -o json
check "j.restored_branch.name === 'e2e-story' && j.backup_branch.name === 'e2e-story-broken'"
[[ "$(q "$STORY_URI" "select count(*) from accounts")" == 20 ]] || die "the same connection string does not see the restored rows"
pass "  the same connection string reaches the restored branch: 20 rows"
nc branches add-compute e2e-story-broken
nc connection-string e2e-story-broken --database-name neondb --role-name neondb_owner --ssl omit
[[ "$(q "$(cat "$OUT")" "select count(*) from accounts")" == 5 ]] || die "the backup branch does not hold the migrated state"
pass "  the backup branch keeps the state after the bad migration: 5 rows"

say "operations"
nc operations list -o json
check "Array.isArray(j) && j.length > 0 && j.some(o => o.action === 'delete_timeline') && j.every(o => o.project_id === '$PROJECT')"
nc operations list --project-id "$PROJECT"
has "create_branch"

echo
echo "neonctl-e2e (neonctl $NEONCTL_VERSION): $PASS passed, 0 failed"
