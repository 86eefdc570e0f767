# Sourced by the benchmark scripts. `run_in_sandbox SCRIPT [sandbox options]` runs SCRIPT again inside a
# throwaway cluster (`pgrehearse sandbox --database bench`, PG* set for its clients), building the release
# binary first when BENCH_PGREHEARSE names none; inside the sandbox (BENCH_IN_SANDBOX set) it returns.
run_in_sandbox() {
  [[ -z ${BENCH_IN_SANDBOX:-} ]] || return 0
  local script=$1; shift
  cd "$(dirname "$script")/.."
  export BENCH_PGREHEARSE=${BENCH_PGREHEARSE:-$PWD/.build/release/pgrehearse}
  [[ -x $BENCH_PGREHEARSE ]] || swift build -c release --static-swift-stdlib --product pgrehearse >&2
  export BENCH_IN_SANDBOX=1
  exec "$BENCH_PGREHEARSE" sandbox --database bench "$@" -- bash "$PWD/Benchmarks/$(basename "$script")"
}
