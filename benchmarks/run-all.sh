#!/usr/bin/env bash
# Runs every issue-8 benchmark of hyperbee-java and writes one markdown report.
#
#   bash benchmarks/run-all.sh [--quick | --full] [--results DIR] [--skip-build]
#
# Steps (all from the repository root):
#   1. builds benchmarks/target/benchmarks.jar (mvn -B -q -pl benchmarks -am package -DskipTests,
#      plus $MAVEN_ARGS, e.g. MAVEN_ARGS=-o to stay offline; never `mvn install`) and installs
#      interop/node_modules with `npm --prefix interop ci` when it is missing;
#   2. JMH DbBench for iq80, leveldbjni and hyperbee, every fork at -Xmx256m, in two runs:
#        reads (readrandom readmissing seekrandom readseq readreverse), overwrite and
#        overwriteBatch1000 on 1,000,000 keys, each on a database loaded in key order (load=seq,
#        db_bench's fillseq) and one loaded in a fixed shuffled order (load=random, db_bench's
#        fillrandom); each database is filled once per run (batches of 1,000) in a private cache
#        (-Ddbbench.cache, deleted at the end) and every fork reads its own copy of it,
#        the fills (fillseq fillrandom fill*Batch1000 fillrandomConcurrent4), deleterandom and any
#        other DbBench workload
#        at num=100,000 - a fill starts from an empty database every iteration (num is only the
#        key range of the random ones) and deleterandom refills num keys every iteration, which at
#        1M would take most of the run;
#      JSON in <results>/dbbench-reads.json and dbbench-writes.json, JMH's text in *.log;
#   3. node interop/dbbench.js: the same workloads on JS Hyperbee 2.27.3 / hypercore 11.36.1, on
#      100,000 keys (JS is 100-1000x slower), 5 s per workload -> <results>/js-dbbench.json;
#   4. io.hyperbee.bench.Growth for hyperbee, iq80 and jni at 100,000 and 1,000,000 keys (also
#      10,000,000 with --full: the hyperbee fill alone takes minutes), -Xmx256m, 2 s per phase
#      -> <results>/growth.txt;
#   5. io.hyperbee.bench.Report over the results: <results>/report.md, also printed.
#
# Options:
#   --quick         smoke test in ~3 minutes: 20,000 keys, one 1 s JMH iteration, JS on 5,000
#                   keys, Growth on 20,000 keys. Its numbers are not comparable to a full run.
#   --full          also Growth at 10,000,000 keys (adds about 5 minutes, 2.4 GB of temp disk).
#   --results DIR   where to write (default benchmarks/results/<UTC timestamp>, git-ignored).
#   --skip-build    use the existing benchmarks/target/benchmarks.jar.
# Environment: MAVEN_ARGS (extra mvn arguments), JMH_IGNORE_LOCK=1 (run even when another JMH run
#   holds JMH's lock file - the numbers of both then suffer), JS_NUM / JS_SECONDS (JS key count and
#   seconds per workload).
# A step that fails is recorded (failedSteps in the report) and the run goes on; the script then
# exits 1 after writing the report. A default run takes about 25 minutes on 2 cores (README.md).
set -euo pipefail

# all of it in one block, which bash reads whole before running: editing this file during a run
# cannot change what the run does
{
cd "$(dirname "$0")/.."
ARGS="$*"
ENV_PREFIX="" # the settings from the environment, for the command line in the report
for v in MAVEN_ARGS JMH_IGNORE_LOCK JS_NUM JS_SECONDS; do
  if [ -n "${!v:-}" ]; then ENV_PREFIX+="$v='${!v}' "; fi
done
QUICK=0
FULL=0
SKIP_BUILD=0
RESULTS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --full) FULL=1 ;;
    --skip-build) SKIP_BUILD=1 ;;
    --results) RESULTS="${2:?--results needs a directory}"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-all.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ] && [ "$FULL" = 1 ]; then
  echo "run-all.sh: --quick and --full exclude each other" >&2
  exit 2
fi

if [ "$QUICK" = 1 ]; then
  MODE="quick (smoke test; numbers not comparable to a full run)"
  READ_NUM=20000; WRITE_NUM=20000
  JMH_READ=(-f 1 -wi 0 -i 1 -r 1s); JMH_WRITE=(-f 1 -wi 0 -i 1 -r 1s)
  JS_NUM=${JS_NUM:-5000}; JS_SECONDS=${JS_SECONDS:-0.5}
  GROWTH_NUMS=(20000); GROWTH_SECONDS=0.3
else
  MODE="default"
  READ_NUM=1000000; WRITE_NUM=100000
  JMH_READ=(-f 1 -wi 1 -w 3s -i 3 -r 3s); JMH_WRITE=(-f 1 -wi 1 -w 2s -i 3 -r 2s)
  JS_NUM=${JS_NUM:-100000}; JS_SECONDS=${JS_SECONDS:-5}
  GROWTH_NUMS=(100000 1000000); GROWTH_SECONDS=2
  if [ "$FULL" = 1 ]; then
    MODE="full (Growth up to 10M keys)"
    GROWTH_NUMS+=(10000000)
  fi
fi
HEAP=-Xmx256m
READS='DbBench\.(readrandom|readmissing|seekrandom|readseq|readreverse|overwrite|overwriteBatch1000)$'
JAR=benchmarks/target/benchmarks.jar
JMH_PROPS=()
if [ "${JMH_IGNORE_LOCK:-0}" = 1 ]; then JMH_PROPS=(-Djmh.ignoreLock=true); fi

RESULTS=${RESULTS:-benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RESULTS"
META="$RESULTS/meta.properties"
meta() { local v="$2"; printf '%s=%s\n' "$1" "${v//\\/\\\\}" >> "$META"; } # backslashes escaped
load() { uptime | sed 's/.*load average: //'; }
START=$(date +%s)
PHASES=""
phase_done() { PHASES="${PHASES:+$PHASES, }$1 $(( $(date +%s) - PHASE_START )) s"; }
# a failed step is recorded and the run goes on, so that the report shows what was measured
FAILURES=""
failed() { FAILURES="${FAILURES:+$FAILURES; }$1"; echo "run-all.sh: $1 failed, continuing" >&2; }
: > "$META"
meta date "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
meta command "${ENV_PREFIX}bash benchmarks/run-all.sh${ARGS:+ $ARGS}"
meta mode "$MODE"
meta cores "$(nproc)"
meta cpu "$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
meta loadBefore "$(load)"
meta jdk "$(java -version 2>&1 | sed -n 2p)"
echo "== results in $RESULTS (mode: $MODE)"

PHASE_START=$(date +%s)
if [ "$SKIP_BUILD" = 0 ]; then
  echo "== building $JAR"
  # shellcheck disable=SC2086 # MAVEN_ARGS is a list of words
  mvn -B -q ${MAVEN_ARGS:-} -pl benchmarks -am package -DskipTests
fi
[ -f "$JAR" ] || { echo "run-all.sh: $JAR missing" >&2; exit 1; }
# run a private copy, so that a build during the run cannot swap the classes under a JMH fork
RUN_DIR=$(mktemp -d)
trap 'rm -rf "$RUN_DIR"' EXIT
cp "$JAR" "$RUN_DIR/benchmarks.jar"
JAR="$RUN_DIR/benchmarks.jar"
# the read forks' filled databases, built by this run's jar only (FilledDatabases)
CACHE_ARG="-Ddbbench.cache=$RUN_DIR/filled"
if [ ! -d interop/node_modules/hyperbee ] || [ ! -d interop/node_modules/hypercore ]; then
  echo "== installing interop/node_modules"
  npm --prefix interop ci --no-audit --no-fund
fi
phase_done build

PHASE_START=$(date +%s)
echo "== JMH DbBench, reads and overwrite at num=$READ_NUM"
java "${JMH_PROPS[@]}" -jar "$JAR" "$READS" "${JMH_READ[@]}" -p num=$READ_NUM -jvmArgsAppend "$HEAP $CACHE_ARG" \
  -rf json -rff "$RESULTS/dbbench-reads.json" | tee "$RESULTS/dbbench-reads.log" || failed "JMH reads"
phase_done "JMH reads"

PHASE_START=$(date +%s)
echo "== JMH DbBench, fills, deleterandom and the rest at num=$WRITE_NUM"
java "${JMH_PROPS[@]}" -jar "$JAR" 'DbBench\.' -e "$READS" "${JMH_WRITE[@]}" -p num=$WRITE_NUM \
  -jvmArgsAppend $HEAP -rf json -rff "$RESULTS/dbbench-writes.json" | tee "$RESULTS/dbbench-writes.log" \
  || failed "JMH writes"
phase_done "JMH writes"

PHASE_START=$(date +%s)
echo "== JS Hyperbee dbbench, num=$JS_NUM, $JS_SECONDS s per workload"
node interop/dbbench.js "$JS_NUM" "$JS_SECONDS" > "$RESULTS/js-dbbench.json" \
  || { rm -f "$RESULTS/js-dbbench.json"; failed "JS dbbench"; }
phase_done JS

PHASE_START=$(date +%s)
: > "$RESULTS/growth.txt"
for num in "${GROWTH_NUMS[@]}"; do
  for factory in hyperbee iq80 jni; do
    echo "== Growth $factory num=$num"
    java $HEAP -cp "$JAR" io.hyperbee.bench.Growth "$factory" "$num" "$GROWTH_SECONDS" | tee -a "$RESULTS/growth.txt" \
      || failed "Growth $factory $num"
  done
done
phase_done Growth

meta loadAfter "$(load)"
meta end "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
meta wallSeconds "$(( $(date +%s) - START ))"
meta phases "$PHASES"
[ -z "$FAILURES" ] || meta failedSteps "$FAILURES"
meta jmhReads "'$READS' ${JMH_READ[*]} -p num=$READ_NUM -jvmArgsAppend '$HEAP -Ddbbench.cache=<run dir>/filled'"
meta jmhWrites "'DbBench\.' -e '$READS' ${JMH_WRITE[*]} -p num=$WRITE_NUM -jvmArgsAppend $HEAP"
meta growth "${GROWTH_NUMS[*]} keys, $GROWTH_SECONDS s per phase, $HEAP"

echo "== report"
java -cp "$JAR" io.hyperbee.bench.Report "$RESULTS"
echo "== written to $RESULTS/report.md"
if [ -n "$FAILURES" ]; then
  echo "run-all.sh: failed steps: $FAILURES" >&2
  exit 1
fi
exit 0
}
