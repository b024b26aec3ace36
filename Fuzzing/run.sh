#!/usr/bin/env bash
# Builds the libFuzzer harnesses of PactumCore and runs each for a bounded time, starting from the committed seed
# corpus (Corpus/<harness>/). Fails when a harness crashes, leaks, times out (-timeout) or runs out of memory
# (-rss_limit_mb); the input that did it is written to Crashes/<harness>-<kind>-<hash>.
#
#   Fuzzing/run.sh [--seconds N] [--harness NAME]... [--keep-corpus]
#
#   --seconds N      how long each harness runs (default 30)
#   --harness NAME   run only this harness (repeatable); default: all four
#   --keep-corpus    add the new inputs libFuzzer finds to Corpus/<harness>/ (otherwise they go to a temporary folder)
#
# Environment: FUZZ_SCRATCH (build folder, default Fuzzing/.build), FUZZ_JOBS (unused cores are not assumed: one
# harness at a time). Needs a Swift toolchain with libFuzzer (the Linux toolchains have it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds=30
keep_corpus=no
harnesses=()
all_harnesses=(FuzzPactParsing FuzzPathExpression FuzzJavaDateTimeFormat FuzzRegexGeneration)

while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --seconds=*) seconds="${1#*=}"; shift ;;
        --harness) harnesses+=("$2"); shift 2 ;;
        --keep-corpus) keep_corpus=yes; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ ${#harnesses[@]} -gt 0 ]] || harnesses=("${all_harnesses[@]}")
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -lt 1 ]]; then
    echo "run.sh: --seconds needs a positive whole number, got '$seconds'" >&2
    exit 2
fi

scratch="${FUZZ_SCRATCH:-$here/.build}"
echo "== building the harnesses (debug, -sanitize=fuzzer,address) in $scratch"
swift build -c debug --package-path "$here" --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin="$(swift build -c debug --package-path "$here" --scratch-path "$scratch" --show-bin-path \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)"

mkdir -p "$here/Crashes"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
summary=()

for harness in "${harnesses[@]}"; do
    if [[ ! -x "$bin/$harness" ]]; then
        echo "run.sh: no harness '$harness' in $bin (known: ${all_harnesses[*]})" >&2
        exit 2
    fi
    seeds="$here/Corpus/$harness"
    if [[ "$keep_corpus" == yes ]]; then
        corpus_dirs=("$seeds")
    else
        mkdir -p "$work/$harness"
        corpus_dirs=("$work/$harness" "$seeds")
    fi
    options=(
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
        -artifact_prefix="$here/Crashes/$harness-"
    )
    [[ -f "$here/Dictionaries/$harness.dict" ]] && options+=(-dict="$here/Dictionaries/$harness.dict")
    log="$work/$harness.log"
    echo "== $harness: ${seconds}s from $(ls "$seeds" | wc -l | tr -d ' ') seeds"
    status=0
    # Leak detection on (LeakSanitizer, with libFuzzer's per-input check): an input whose run leaves memory
    # unreachable fails the harness like a crash. ASAN_OPTIONS may add options; it cannot turn leaks off. Known
    # leaks of the toolchain's own libraries (not PactumCore's) are suppressed, each named in lsan-suppressions.txt.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1" \
        LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan-suppressions.txt" \
        "$bin/$harness" -detect_leaks=1 "${options[@]}" "${corpus_dirs[@]}" >"$log" 2>&1 || status=$?
    # (A harness that fails on its first inputs prints no coverage line: grep finding nothing must not end the script
    # before it shows the log.)
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    cov="$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)"
    corpus_size="$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 || true)"
    line="$harness: ${runs:-?} executions, ${cov:-cov: ?}, ${corpus_size:-corp: ?}"
    if [[ $status -ne 0 ]]; then
        echo "!! $harness FAILED (exit $status); the end of its log:" >&2
        tail -40 "$log" >&2
        grep -E '^artifact_prefix|Test unit written to' "$log" >&2 || true
        failed+=("$harness")
        line+=" — FAILED"
    fi
    echo "   $line"
    summary+=("$line")
done

echo "== summary (${seconds}s each)"
printf '   %s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "FAILED: ${failed[*]}; crashing inputs are in $here/Crashes/" >&2
    exit 1
fi
echo "no crash, leak or timeout"
