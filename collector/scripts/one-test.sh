# Sourced by the evidence scripts (hostile.sh, crash-loop.sh, client-faults.sh), from the repository root.
# run_one_test NAME TESTS PATTERN [MAVEN ARGS...]: runs the collector's test classes TESTS, building
# the modules they need in the reactor (nothing is installed into ~/.m2), with the output in
# target/NAME.log; prints the lines matching PATTERN (grep's basic syntax); on failure says so on
# stderr and returns 1.
run_one_test() {
  local name="$1" tests="$2" pattern="$3"
  shift 3
  mkdir -p target
  local out="target/$name.log"
  if mvn -B -o -pl collector -am test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false "$@" >"$out" 2>&1; then
    grep -h "$pattern" "$out"
  else
    echo "$name: FAILED; see $out" >&2
    grep -h "$pattern\|FAILURE!\|expected\|Expecting" "$out" >&2 || true
    return 1
  fi
}
