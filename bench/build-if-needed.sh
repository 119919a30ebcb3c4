# Sourced by bench/run-*.sh: `build_if_needed NAME MARKER [FILE...]` builds the bench module and what
# it depends on (mvn package -pl bench -am, offline first) when MARKER or any FILE is missing, or a
# source is newer than MARKER. One line on stderr; the build log stays in target/NAME-build.log.
build_if_needed() {
  local name="$1" marker="$2" stale=""
  shift 2
  for f in "$marker" "$@" bench/target/lib; do
    [[ -e "$f" ]] || stale=1
  done
  if [[ -z "$stale" ]]; then
    stale="$(find common/src/main sdk/src/main collector/src/main bench/src/main pom.xml common/pom.xml sdk/pom.xml collector/pom.xml bench/pom.xml \
        -newer "$marker" -print -quit 2>/dev/null)"
  fi
  [[ -z "$stale" ]] && return 0
  echo "$name: building (mvn package -pl bench -am)..." >&2
  mkdir -p target
  local log="target/$name-build.log"
  if ! (mvn -B -q -o -DskipTests -pl bench -am package >"$log" 2>&1 \
        || mvn -B -q -DskipTests -pl bench -am package >"$log" 2>&1); then
    echo "$name: build failed; see $log" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}
