#!/usr/bin/env python3
"""Where a broker request's time goes in PostgreSQL: each statement the server logged for one request.

    broker_trace.py PACTUM_BINARY DATABASE_URL SERVER_LOG [--scale full] OPERATION...

DATABASE_URL is a database holding a seeded history (for example a copy of the template that
`broker_benchmark.py --seed-cache` keeps: `CREATE DATABASE trace TEMPLATE pactum_bench_seed_full_…`) on which the
server logs every statement (`ALTER DATABASE trace SET log_min_duration_statement = 0`, as a superuser); SERVER_LOG is
the server's log file (scripts/postgres.sh: `$PACTUM_POSTGRES_DIR/server.log`). OPERATION is part of an operation's
name in broker_benchmark.py ("matrix of an", "pacts-for"). For each: three warm-up requests, then two requests, each
with its end-to-end time, the number of log entries, their summed duration and the six slowest statements.
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import broker_benchmark as bb  # noqa: E402

STATEMENT = re.compile(
    r"duration: ([0-9.]+) ms\s+(?:statement|execute [^:]*|bind [^:]*|parse [^:]*): (.*?)(?=\n\S|\Z)", re.S
)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pactum")
    parser.add_argument("database_url")
    parser.add_argument("server_log")
    parser.add_argument("operations", nargs="+")
    parser.add_argument("--scale", default="full", choices=["full", "full10x", "medium", "small"])
    args = parser.parse_args()
    broker = bb.Broker(args.pactum, args.database_url, "/dev/null")
    try:
        available = bb.operations(bb.Shape(args.scale), "postgres")
        for wanted in args.operations:
            matches = [(name, make) for name, make in available if wanted in name]
            if not matches:
                raise SystemExit(f"no operation named like {wanted!r}: {[name for name, _ in available]}")
            name, make = matches[0]
            for i in range(3):
                broker.request(*make(i))
            for run in range(2):
                time.sleep(0.3)
                start = os.path.getsize(args.server_log)
                elapsed, _ = broker.request(*make(10 + run))
                time.sleep(0.5)  # the server writes its log lines after answering
                with open(args.server_log, errors="replace") as log:
                    log.seek(start)
                    text = log.read()
                statements = [(float(m.group(1)), " ".join(m.group(2).split())[:200]) for m in STATEMENT.finditer(text)]
                total = sum(duration for duration, _ in statements)
                print(f"== {name}, run {run + 1}: end to end {elapsed * 1000:.1f} ms, "
                      f"{len(statements)} log entries, {total:.1f} ms in PostgreSQL")
                for duration, statement in sorted(statements, reverse=True)[:6]:
                    print(f"   {duration:8.2f} ms  {statement}")
    finally:
        broker.stop()


if __name__ == "__main__":
    main()
