#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS (default 600) one after another, then prints what
# each did. Called by `make fuzz`, which installs cargo-fuzz first. FUZZ_TARGETS (space
# separated) picks targets. A target that finds a crash stops there: its input is in
# fuzz/artifacts/<target>/, its log in fuzz/logs/<target>.log, and the others still run.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
targets=${FUZZ_TARGETS:-s3_xml uri_encoding session object_key index_part}
shared=../shared/sample

# Seeds: rebuilt each run from files already in the repository, and from the shared sample
# logs beside it when they are there (they are never copied into the repository).
rm -rf fuzz/seeds
mkdir -p fuzz/seeds/{s3_xml,uri_encoding,session,object_key,index_part} fuzz/logs
logs=(crates/session-log/tests/fixtures)
[[ -d $shared ]] && logs+=("$shared")
n=0
while IFS= read -r -d '' file; do
    n=$((n + 1))
    cp "$file" "fuzz/seeds/session/$n"
    key=${file#*/fixtures/}
    key=${key#"$shared"/}
    printf '%s' "$key" >"fuzz/seeds/object_key/$n"
    printf '%s' "$key" >"fuzz/seeds/uri_encoding/$n"
done < <(find "${logs[@]}" -type f -print0)
# The XML bodies written as string literals in the s3-presign tests.
perl -0777 -ne '
    while (/r#"(.*?)"#|"(<(?:[^"\\]|\\.)*)"/gs) {
        my $body = defined $1 ? $1 : $2;
        next unless $body =~ /^\s*</;
        open my $out, ">", "fuzz/seeds/s3_xml/" . ++$n or die;
        print $out $body;
    }' crates/s3-presign/tests/*.rs

cargo +nightly fuzz build
summary=()
failed=0
for target in $targets; do
    mkdir -p "fuzz/corpus/$target"
    log=fuzz/logs/$target.log
    echo "fuzzing $target for $seconds s (log: $log)"
    status=0
    started=$(date +%s)
    cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
        -dict="fuzz/dict/$target.dict" >"$log" 2>&1 || status=$?
    elapsed=$(($(date +%s) - started))
    final_stat() { awk -v name="stat::$1:" '$1 == name {print $2}' "$log" | tail -1; }
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    corpus=$(sed -nE 's/.* corp: ([0-9]+\/[^ ]+).*/\1/p' <<<"$last")
    if ((status == 0)); then
        found=none
    else
        failed=1
        found="exit $status: $(ls "fuzz/artifacts/$target" 2>/dev/null | tr '\n' ' ')"
    fi
    summary+=("$(printf '%-13s %8s s %12s execs %8s exec/s  corpus %-12s cov %-6s %s' \
        "$target" "$elapsed" "$(final_stat number_of_executed_units)" \
        "$(final_stat average_exec_per_sec)" "$corpus" "$cov" "findings: $found")")
done

echo
printf '%s\n' "${summary[@]}"
exit "$failed"
