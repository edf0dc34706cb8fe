# SPDX-License-Identifier: Apache-2.0
"""Copies of a decision log altered as a tamperer or a forger would: bytes written
over, SQL run on the file, a record edited with every later hash (and the Merkle tree)
recomputed, a record appended.
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
    rebuild_tree(db)
    db.commit()
    db.close()
    return path


def rebuild_tree(db):
    """Recomputes the stored Merkle tree (format 2) from the bodies, as a forger who knows
    the format would: every complete subtree, RFC 9162 hashing."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'merkle_nodes'").fetchall():
        return
    db.execute("DELETE FROM merkle_nodes")
    row = [hashlib.sha256(b"\x00" + body.encode()).digest()
           for (body,) in db.execute("SELECT body FROM records ORDER BY id")]
    level = 0
    while row:
        db.executemany("INSERT INTO merkle_nodes(level, idx, hash) VALUES (?, ?, ?)",
                       [(level, i, h.hex()) for i, h in enumerate(row)])
        row = [hashlib.sha256(b"\x01" + row[i] + row[i + 1]).digest() for i in range(0, len(row) - 1, 2)]
        level += 1


def append_forged(data, directory, edit):
    """A copy of the log with a record appended by someone without the log's key: a copy
    of the last record changed by edit(body dict), chained and in the tree."""
    path = sql_copy(data, directory)
    db = sqlite3.connect(path)
    rid, body, prev = db.execute("SELECT id, body, hash FROM records ORDER BY id DESC LIMIT 1").fetchone()
    columns = db.execute("SELECT kind, recorded_at, cluster_id, methodology, version, overrides FROM records "
                         "WHERE id = ?", (rid,)).fetchone()
    b = json.loads(body)
    b["id"], b["prev"] = rid + 1, prev
    edit(b)
    body = json.dumps(b, ensure_ascii=False, separators=(",", ":"))
    h = hashlib.sha256(body.encode()).hexdigest()
    db.execute("INSERT INTO records(id, kind, recorded_at, cluster_id, methodology, version, overrides, body, hash) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (rid + 1, *columns, body, h))
    db.execute("UPDATE head SET id = ?, hash = ?", (rid + 1, h))
    rebuild_tree(db)
    db.commit()
    db.close()
    return path
