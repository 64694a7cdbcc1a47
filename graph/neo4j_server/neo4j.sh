#!/usr/bin/env bash
# Start / stop a local Neo4j Community 5.26 server (Bolt on loopback) without Docker: Maven resolves the
# jars (pom.xml), a single-source Java launcher (Launcher.java) runs them. `make neo4j-up` / `make neo4j-down`.
#   NEO4J_BOLT   host:port or port to listen on (default 127.0.0.1:7687)
#   NEO4J_STATE  directory for the data, log, PID and classpath (default .neo4j-server/ in the repository)
# Commands: up (start, wait until Bolt answers, print the environment), down (stop, delete the data),
#           stop (stop, keep the data), status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${NEO4J_STATE:-$repo/.neo4j-server}"
bolt="${NEO4J_BOLT:-127.0.0.1:7687}"
case "$bolt" in *:*) host="${bolt%:*}"; port="${bolt##*:}" ;; *) host=127.0.0.1; port="$bolt" ;; esac
pidfile="$state/neo4j.pid"
log="$state/neo4j.log"
cpfile="$state/classpath.txt"
timeout_s="${NEO4J_START_TIMEOUT:-180}"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

up() {
  command -v java >/dev/null || { echo "neo4j-up: java not found (Java 17 is needed)" >&2; exit 1; }
  mkdir -p "$state"
  if running; then
    echo "neo4j-up: already running (PID $(cat "$pidfile")) on bolt://$host:$port"
    env_lines; return 0
  fi
  if answers; then
    echo "neo4j-up: something else already listens on $host:$port (set NEO4J_BOLT=host:port)" >&2; exit 1
  fi
  if [ ! -s "$cpfile" ] || [ "$here/pom.xml" -nt "$cpfile" ]; then
    command -v mvn >/dev/null || { echo "neo4j-up: mvn not found (Maven resolves the Neo4j jars)" >&2; exit 1; }
    echo "neo4j-up: resolving Neo4j from Maven Central (first time: ~100-200 MB into ~/.m2) ..."
    mvn -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cpfile.tmp" >"$state/mvn.log" 2>&1 \
      || { echo "neo4j-up: Maven failed, see $state/mvn.log" >&2; tail -20 "$state/mvn.log" >&2; exit 1; }
    mv "$cpfile.tmp" "$cpfile"
  fi
  local t0=$SECONDS
  # setsid: the server outlives this shell and does not get the terminal's Ctrl-C
  setsid nohup java -Xmx1g -XX:+UseSerialGC -cp "$(cat "$cpfile")" "$here/Launcher.java" \
    "$state/data" "$host" "$port" >"$log" 2>&1 < /dev/null &
  echo $! >"$pidfile"
  until grep -q "plangraph-neo4j ready" "$log" 2>/dev/null && answers; do
    if ! running; then
      echo "neo4j-up: the server exited; last lines of $log:" >&2; tail -30 "$log" >&2; rm -f "$pidfile"; exit 1
    fi
    if (( SECONDS - t0 > timeout_s )); then
      echo "neo4j-up: no answer on $host:$port after ${timeout_s}s; see $log" >&2; down >/dev/null; exit 1
    fi
    sleep 0.5
  done
  echo "neo4j-up: Neo4j $(neo4j_version) answers on bolt://$host:$port (PID $(cat "$pidfile"), started in $((SECONDS - t0))s)"
  env_lines
}

neo4j_version() { tr ':' '\n' <"$cpfile" | sed -n 's#.*/neo4j-kernel-\([0-9.]*\)\.jar#\1#p' | head -1; }

env_lines() {
  echo "export NEO4J_URI=bolt://$host:$port NEO4J_USER=neo4j NEO4J_PASSWORD=   # authentication is off"
}

stop() {
  if running; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    echo "neo4j: stopped PID $pid"
  else
    echo "neo4j: no server running (none recorded in $pidfile)"
  fi
  rm -f "$pidfile"
}

down() {
  stop
  rm -rf "$state/data"
}

case "${1:-}" in
  up) up ;;
  down) down ;;                  # stop and delete the data
  stop) stop ;;                  # stop, keep the data (the next `up` opens it again)
  status) if running; then echo "running, PID $(cat "$pidfile")"; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 up|down|stop|status" >&2; exit 2 ;;
esac
