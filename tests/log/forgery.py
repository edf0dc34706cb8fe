# SPDX-License-Identifier: Apache-2.0
"""Copies of a decision log altered as a tamperer or a forger would: bytes written
over, SQL run on the file, and a record edited with every later hash recomputed.
Used by faults_test.py; shares no code with hallmark."""
import hashlib
import json
import os
import shutil
import sqlite3


def tamper_copy(data, directory, name="t.db"):
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def sql_copy(data, directory, *statements):
    path = tamper_copy(data, directory)
    db = sqlite3.connect(path)
    for s in statements:
        db.execute(*s) if isinstance(s, tuple) else db.execute(s)
    db.commit()
    db.close()
    return path


def forge(data, directory, rid, edit, *statements):
    """A copy of the log where record rid's body is changed by edit(body dict) and the
    hashes of it and every later record, and the head, are recomputed: a forger's work."""
    path = sql_copy(data, directory, *statements)
    db = sqlite3.connect(path)
    prev = (db.execute("SELECT hash FROM records WHERE id = ?", (rid - 1,)).fetchone() or ["0" * 64])[0]
    for i, body in db.execute("SELECT id, body FROM records WHERE id >= ? ORDER BY id", (rid,)).fetchall():
        b = json.loads(body)
        b["prev"] = prev
        if i == rid:
            edit(b)
        body = json.dumps(b, ensure_ascii=False, separators=(",", ":"))
        prev = hashlib.sha256(body.encode()).hexdigest()
        db.execute("UPDATE records SET body = ?, hash = ? WHERE id = ?", (body, prev, i))
    db.execute("UPDATE head SET hash = ?", (prev,))
    db.commit()
    db.close()
    return path
