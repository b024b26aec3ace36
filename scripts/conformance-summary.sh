#!/usr/bin/env bash
# Checks the conformance lines of a test run's output (scripts/test.sh calls it after the tests).
#
#   scripts/conformance-summary.sh OUTPUT 'name|pattern|lines|passed[|known failed]'...
#
# A conformance line is `<unit>: N passed, M failed` (the unit such as `pact-specification`,
# `V3/matching_rules.feature` or `broker-client-pacts/<file> [sqlite]`). For each suite given, the lines matching its pattern (an extended regular expression)
# must be exactly `lines` distinct units, each with `0 failed` (or, when the entry names known failures, exactly that
# many failed in all), passing `passed` cases in all. Every conformance line
# in OUTPUT must belong to one of the suites. Prints the lines and what is wrong; exits 1 when anything is.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 OUTPUT 'name|pattern|lines|passed'..." >&2
    exit 2
fi
output="$1"
shift

# The unit may hold spaces (`broker-client-pacts/Pact Broker Client V2-Pact Broker.json [sqlite]`), not a colon.
line_pattern='^[^[:space:]:][^:]*: [0-9]+ passed, [0-9]+ failed$'
all_lines="$(grep -E "$line_pattern" "$output" || true)"
claimed=""
problems=()

for entry in "$@"; do
    IFS='|' read -r name pattern want_lines want_passed want_failed <<<"$entry"
    lines="$(grep -E "$pattern" <<<"$all_lines" || true)"
    # Lines that start like the suite's but are not well-formed conformance lines (a crash mid-line, a new format).
    malformed="$(grep -E "$pattern" "$output" | grep -vE "$line_pattern" || true)"
    claimed+="$lines"$'\n'
    if [[ -z "$lines" ]]; then
        echo "$name: no conformance lines (expected $want_lines, passing $want_passed cases)"
        problems+=("$name: its conformance lines are missing")
        continue
    fi
    printf '%s\n' "$lines"
    count="$(wc -l <<<"$lines" | tr -d ' ')"
    units="$(sed -E 's/: [0-9]+ passed, [0-9]+ failed$//' <<<"$lines" | sort -u | wc -l | tr -d ' ')"
    passed="$(awk '{ sum += $(NF - 3) } END { print sum + 0 }' <<<"$lines")"
    failing="$(grep -vE ': [0-9]+ passed, 0 failed$' <<<"$lines" || true)"
    [[ -z "$malformed" ]] || problems+=("$name: malformed lines: $malformed")
    [[ "$count" -eq "$want_lines" ]] || problems+=("$name: $count lines, expected $want_lines")
    [[ "$units" -eq "$count" ]] || problems+=("$name: $count lines but only $units distinct units (one printed twice)")
    if [[ -n "$want_failed" ]]; then
        # A suite with failures known and named in scripts/test.sh: exactly that many, so a fix or a regression both
        # show up here.
        failed="$(awk '{ sum += $(NF - 1) } END { print sum + 0 }' <<<"$lines")"
        [[ "$failed" -eq "$want_failed" ]] || problems+=("$name: $failed cases failed in all, $want_failed known")
    else
        [[ -z "$failing" ]] || problems+=("$name: failures: $(paste -sd';' - <<<"$failing")")
    fi
    [[ "$passed" -eq "$want_passed" ]] || problems+=("$name: $passed cases passed in all, expected $want_passed")
done

unclaimed="$(grep -vxFf <(grep -v '^$' <<<"$claimed") <<<"$all_lines" || true)"
if [[ -n "$unclaimed" ]]; then
    problems+=("conformance lines of no known suite (pin them in scripts/test.sh): $(paste -sd';' - <<<"$unclaimed")")
fi

if [[ ${#problems[@]} -gt 0 ]]; then
    printf 'error: %s\n' "${problems[@]}" >&2
    exit 1
fi
echo "conformance: every suite's lines present, and clean or failing exactly as known"
