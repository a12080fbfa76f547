#!/usr/bin/env python3
"""What scripts/bench reads and writes in the SMS tables, on SQLite (a file path: Python's
sqlite3 module, so the sqlite3 tool is not needed) or PostgreSQL (a postgres:// URL: psql).

  sms_db.py counts URL           -> "<received texts> <outbox rows> <outbox rows waiting to be sent>"
  sms_db.py statuses URL         -> the outbox's rows per status, "status=count ..."
  sms_db.py commands URL         -> the received texts per command they were read as, "command=count ..."
  sms_db.py settle URL           -> marks every waiting row as kept by the log driver (server stopped), prints how many
  sms_db.py enqueue URL N TAG    -> writes N texts due now to the outbox, their body starting with TAG
  sms_db.py wait URL N TAG SECS  -> waits until none of them waits any more; prints "<seconds> <texts/s> <status=count ...>"

Rows are written the way the server writes them: on SQLite, ids and dates take the form of
the rows already there (Fluent stores dates as Unix seconds and UUIDs as text), so the
server's `next_attempt_at <= now` finds them due.
"""
import sqlite3
import subprocess
import sys
import time
import uuid

WAITING = "status IN ('queued', 'sending')"


class Store:
    def __init__(self, url):
        self.url = url
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if not self.postgres:
            path = url[len("sqlite://"):] if url.startswith("sqlite://") else url
            # The server holds the file too (WAL): wait for its writer rather than fail.
            self.connection = sqlite3.connect(path, timeout=60, isolation_level=None)

    def rows(self, query, parameters=()):
        if self.postgres:
            out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-v", "ON_ERROR_STOP=1", self.url, "-c", query],
                                 check=True, capture_output=True, text=True).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]
        return self.connection.execute(query, parameters).fetchall()

    def value(self, query):
        return int(self.rows(query)[0][0])

    def statuses(self, where="1 = 1"):
        rows = self.rows(f"SELECT status, count(*) FROM sms_messages WHERE {where} GROUP BY status ORDER BY status")
        return " ".join(f"{status}={count}" for status, count in rows) or "none"

    def enqueue(self, count, tag):
        body = tag + " Votre demande est publiée. Répondez AIDE pour le menu."
        if self.postgres:
            self.rows(f"""
                INSERT INTO sms_messages (id, to_phone, body, purpose, driver, status, attempts, next_attempt_at,
                                          segments, encoding, created_at)
                SELECT gen_random_uuid(), '+3362' || lpad(n::text, 7, '0'), '{tag} ' || n || '{body[len(tag):]}', 'reply',
                       'bench', 'queued', 0, now() - interval '1 minute', 1, 'gsm7', now() - interval '1 minute'
                FROM generate_series(1, {int(count)}) AS n""")
            return
        sample = self.connection.execute("SELECT typeof(id), id, min(created_at) FROM sms_messages").fetchone()
        if sample[0] == "blob":
            make_id = lambda: uuid.uuid4().bytes
        elif sample[0] == "text" and sample[1] != sample[1].upper():
            make_id = lambda: str(uuid.uuid4())
        else:
            make_id = lambda: str(uuid.uuid4()).upper()
        # A moment in the past, in the stored form of the server's own dates.
        due = sample[2] if sample[2] is not None else time.time() - 60
        rows = [(make_id(), f"+3362{n:07d}", f"{tag} {n}{body[len(tag):]}", due, due) for n in range(1, count + 1)]
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.executemany("""
            INSERT INTO sms_messages (id, to_phone, body, purpose, driver, status, attempts, next_attempt_at,
                                      segments, encoding, created_at)
            VALUES (?, ?, ?, 'reply', 'bench', 'queued', 0, ?, 1, 'gsm7', ?)""", rows)
        self.connection.execute("COMMIT")


def main():
    command, url = sys.argv[1], sys.argv[2]
    store = Store(url)
    if command == "counts":
        print(store.value("SELECT count(*) FROM sms_inbound"), store.value("SELECT count(*) FROM sms_messages"),
              store.value(f"SELECT count(*) FROM sms_messages WHERE {WAITING}"))
    elif command == "statuses":
        print(store.statuses())
    elif command == "commands":
        rows = store.rows("SELECT command, count(*) FROM sms_inbound GROUP BY command ORDER BY count(*) DESC")
        print(" ".join(f"{name}={count}" for name, count in rows) or "none")
    elif command == "settle":
        waiting = store.value(f"SELECT count(*) FROM sms_messages WHERE {WAITING}")
        store.rows(f"UPDATE sms_messages SET status = 'logged', next_attempt_at = NULL WHERE {WAITING}")
        print(waiting)
    elif command == "enqueue":
        store.enqueue(int(sys.argv[3]), sys.argv[4])
    elif command == "wait":
        count, tag, limit = int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
        mine = f"body LIKE '{tag} %'"
        started = time.monotonic()
        # The rate is taken from the first text seen leaving to the last: the loop's first
        # tick may come up to a second after the rows were written.
        first = None
        while True:
            left = store.value(f"SELECT count(*) FROM sms_messages WHERE {mine} AND {WAITING}")
            now = time.monotonic()
            if first is None and left < count:
                first = (now, left)
            if left == 0:
                break
            if now - started > limit:
                sys.exit(f"sms_db.py: {left} of {count} texts still waiting after {limit:.0f} s ({store.statuses(mine)})")
            time.sleep(0.1)
        seconds = now - first[0]
        rate = first[1] / seconds if seconds > 0 else float("inf")
        print(f"{now - started:.1f} {rate:.0f} {store.statuses(mine)}")
    else:
        sys.exit(f"sms_db.py: unknown command {command}")


if __name__ == "__main__":
    main()
