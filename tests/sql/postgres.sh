#!/bin/sh
# SPDX-License-Identifier: MIT
# postgres.sh — a throwaway PostgreSQL server for tests/test_sql.c: a cluster in DIR listening only
# on a Unix socket there, trust authentication; as root the server runs as the user postgres.
#   postgres.sh start DIR          create and start it (exit 77 when PostgreSQL is not installed)
#   postgres.sh run DIR CSV SQL    load CSV (header: id and item ids) as the text table answers,
#                                  run SQL and print its result as CSV
#   postgres.sh stop DIR           stop it
set -eu
# Debian keeps the server programs off PATH, in /usr/lib/postgresql/VERSION/bin.
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && PATH="$PATH:$d"; done
cmd=$1 dir=$2
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
start)
	initdb=$(command -v initdb) && pg_ctl=$(command -v pg_ctl) || exit 77
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then exit 77; fi
	mkdir -p "$dir/data"
	echo $((50000 + $$ % 10000)) > "$dir/port"
	[ "$(id -u)" = 0 ] && chown postgres "$dir" "$dir/data"
	as_pg "$initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
	port=$(cat "$dir/port")
	as_pg "$pg_ctl" -D "$dir/data" -l "$dir/data/log" -w \
		-o "-c listen_addresses='' -k $dir/data -p $port -c fsync=off" start >/dev/null
	;;
run)
	csv=$3 sql=$4 port=$(cat "$dir/port")
	export PGOPTIONS='-c client_min_messages=warning'
	cols=$(head -n 1 "$csv" | sed 's/[^,][^,]*/"&" text/g')
	psql -h "$dir/data" -p $port -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
		-c 'DROP TABLE IF EXISTS answers' -c "CREATE TABLE answers ($cols)" \
		-c "\\copy answers FROM '$csv' CSV HEADER" >/dev/null
	psql -h "$dir/data" -p $port -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 --csv -f "$sql"
	;;
stop)
	as_pg "$(command -v pg_ctl)" -D "$dir/data" -m immediate stop >/dev/null
	;;
esac
