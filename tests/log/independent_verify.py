#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An auditor's verifier for hallmark decision logs (formats 1 to 3), written from the
format in docs/auditing.md alone: no hallmark code, just Python's sqlite3 (read-only) and
hashlib. Format 2 adds the Merkle tree and the checkpoints (signatures are checked by
independent_proofs.py, which needs the verifier key); format 3 lets an override state the
validity it grants (`valid_until`, after `label`).

    independent_verify.py LOG                  check a decision log file
    independent_verify.py --export FILE.jsonl  check a log exported with `hallmark log export`

Prints `intact: N records, head HASH` and exits 0, or prints the first problem found,
`record K: ...` (or `file: ...` when the file itself cannot be read), and exits 1.
"""
import base64
import hashlib
import json
import sqlite3
import sys

ZERO = "0" * 64
DECISION_KEYS = ["id", "prev", "kind", "recorded_at", "expert", "engine", "methodology",
                 "sources", "cluster_id", "assessed_on", "input", "decision"]
OVERRIDE_KEYS = ["id", "prev", "kind", "recorded_at", "expert", "overrides", "label",
                 "justification"]
OVERRIDE_KEYS_3 = ["id", "prev", "kind", "recorded_at", "expert", "overrides", "label",
                   "valid_until", "justification"]


class Bad(Exception):
    """The first problem found, in the words printed: "record K: ..." or "file: ..."."""


def raw(value):  # a value as stored (bytes from SQLite, str from an export) -> bytes
    return value if isinstance(value, bytes) else str(value).encode()


def text(value):  # -> str, for comparing and printing
    return raw(value).decode("utf-8", "replace")


def sha256(value):
    return hashlib.sha256(raw(value)).hexdigest()


def parse_object(s):
    try:
        obj = json.loads(s.decode("utf-8") if isinstance(s, bytes) else s)
    except (TypeError, ValueError):
        return None
    return obj if isinstance(obj, dict) else None


def canonical(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def check_record(rid, body, stored_hash, prev, kinds, source_text, granted_validity=True):
    """Returns the parsed body. kinds: id -> kind, of the records before; source_text:
    sha256 -> the stored text or None."""
    bad = lambda problem: Bad(f"record {rid}: {problem}")  # noqa: E731
    if text(stored_hash) != sha256(body):
        raise bad("hash does not match the body (record altered)")
    r = parse_object(raw(body))
    if r is None or raw(canonical(r)) != raw(body):
        raise bad("body is not a JSON object in canonical compact form")
    allowed = [DECISION_KEYS] if r.get("kind") == "decision" else \
        [OVERRIDE_KEYS] + ([OVERRIDE_KEYS_3] if granted_validity else [])
    if list(r) not in allowed:
        raise bad(f"body keys {list(r)} are not those of a decision or an override")
    if type(r["id"]) is not int or r["id"] != rid:
        raise bad(f"body says id {r['id']!r}, stored as record {rid}")
    if r["prev"] != prev:
        raise bad("prev is not the hash of the record before (records removed or reordered)")
    if r["kind"] == "decision":
        if r["expert"] is not None and not isinstance(r["expert"], str):
            raise bad("expert is neither null nor a name")
        m, sources = r["methodology"], r["sources"]
        if not isinstance(m, dict) or not isinstance(sources, list) or not sources:
            raise bad("methodology or sources malformed")
        for s in sources:
            key = s.get("sha256") if isinstance(s, dict) else None
            stored = source_text(key) if isinstance(key, str) else None
            if stored is None:
                raise bad(f"rule source {key} is not stored in the log")
            if sha256(stored) != key:
                raise bad(f"stored rule source {key} does not hash to its key")
        keys = [s["sha256"] for s in sources]
        combined = keys[0] if len(keys) == 1 else sha256("".join(k + "\n" for k in keys))
        if m.get("sha256") != combined:
            raise bad("methodology.sha256 does not match the rule sources")
        d = parse_object(r["decision"]) or {}
        if not isinstance(r["input"], str) or d.get("input_sha256") != sha256(r["input"]):
            raise bad("the decision's input_sha256 is not the hash of the recorded input")
        if d.get("methodology") != m:
            raise bad("the decision's methodology differs from the record's")
    else:
        if not isinstance(r["expert"], str):
            raise bad("an override without an expert")
        target = r["overrides"]
        if type(target) is not int or target >= rid or kinds.get(target) != "decision":
            raise bad(f"overrides {target!r}, which is not an earlier decision record")
        if not isinstance(r["label"], (str, type(None))) or not isinstance(r["justification"], str):
            raise bad("label or justification malformed")
        until = r.get("valid_until")
        if until is not None and not (isinstance(until, str) and len(until) == 10 and until[4] == until[7] == "-"
                                      and (until[:4] + until[5:7] + until[8:]).isdigit()):
            raise bad(f"valid_until {until!r} is not a date YYYY-MM-DD or null")
        if until is not None and r["label"] is None:
            raise bad("an override that decides no label states a validity")
    return r


def check_chain(rows, source_text, granted_validity=True):
    """rows: (id, body, hash, index columns or None) in id order -> (count, last hash)."""
    prev, expected, kinds = ZERO, 1, {}
    for rid, body, stored_hash, columns in rows:
        if rid != expected:
            raise Bad(f"record {expected}: missing or out of order (next stored id is {rid})")
        r = check_record(rid, body, stored_hash, prev, kinds, source_text, granted_validity)
        if columns is not None:
            m, decision = r.get("methodology") or {}, r["kind"] == "decision"
            want = (r["kind"], r["recorded_at"], r["cluster_id"] if decision else None,
                    m.get("name") if decision else None, m.get("version") if decision else None,
                    None if decision else r["overrides"])
            got = tuple(text(c) if isinstance(c, bytes) else c for c in columns)
            if got != want:
                raise Bad(f"record {rid}: index columns {got} differ from the body {want}")
        kinds[rid], prev, expected = r["kind"], sha256(body), expected + 1
    return expected - 1, prev


def check_head(n, last, head):
    """head: the (id, hash) rows naming the last record: none, or (0, zeros), when empty."""
    if head == [(n, last)] or (n == 0 and head in ([], [(0, ZERO)])):
        return
    hid = head[0][0] if len(head) == 1 and type(head[0][0]) is int else n
    where = n + 1 if hid > n else hid + 1 if hid < n else n  # removed / appended / altered
    raise Bad(f"record {max(where, 1)}: the head {head} does not name the last record, {n}"
              f" with hash {last} (records removed from the end, or the head altered)")


def leaf_hash(data):  # RFC 9162: SHA-256(0x00 || data); a record's data is its body
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def complete_subtrees(leaves):
    out, level, row = {}, 0, list(leaves)
    while row:
        out.update(((level, i), h) for i, h in enumerate(row))
        row = [node_hash(row[i], row[i + 1]) for i in range(0, len(row) - 1, 2)]
        level += 1
    return out


def check_checkpoints(notes, leaves, origin):
    """notes: (size, signed note). Each must be ORIGIN, SIZE, BASE64(ROOT) of these records."""
    for size, note in notes:
        lines = note[:note.rfind("\n\n") + 1].split("\n")
        try:
            ok = len(lines) == 4 and lines[0] == origin and int(lines[1]) == size and str(size) == lines[1]
            root = base64.b64decode(lines[2], validate=True) if ok else None
        except ValueError:
            ok = False
        if not ok:
            raise Bad(f"checkpoint: the stored checkpoint of {size} records is malformed or of another log")
        if size > len(leaves) or merkle_root(leaves[:size]) != root:
            raise Bad(f"checkpoint: the checkpoint of {size} records signed other records than the log holds")


def verify_log(path):
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as e:
        raise Bad(f"file: cannot open {path}: {e}")
    db.text_factory = bytes  # hash the stored bytes exactly; decode them ourselves
    try:
        db.execute("BEGIN")  # one snapshot, even while a writer appends
        damage = db.execute("PRAGMA quick_check").fetchall()
        if damage != [(b"ok",)]:
            raise Bad(f"file: SQLite finds the file damaged: {damage[0][0][:200]!r}")
        fmt = db.execute("SELECT value FROM hallmark_log WHERE key = 'format'").fetchall()
        if fmt not in ([(b"1",)], [(b"2",)], [(b"3",)]):
            raise Bad(f"file: not a hallmark decision log of format 1, 2 or 3 (format {fmt})")

        def source_text(key):
            row = db.execute("SELECT text FROM rule_sources WHERE sha256 = ?", (key,)).fetchone()
            return row[0] if row else None

        rows = ((row[0], row[7], row[8], row[1:7]) for row in db.execute(
            "SELECT id, kind, recorded_at, cluster_id, methodology, version, overrides,"
            " body, hash FROM records ORDER BY id"))
        n, last = check_chain(rows, source_text, fmt == [(b"3",)])
        head = db.execute("SELECT only, id, hash FROM head").fetchall()
        check_head(n, last, [(i, text(h)) if only == 1 else (None, None) for only, i, h in head])
        if fmt in ([(b"2",)], [(b"3",)]):
            leaves = [leaf_hash(raw(b)) for (b,) in db.execute("SELECT body FROM records ORDER BY id")]
            tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if b"merkle_nodes" not in tables or b"checkpoints" not in tables:
                raise Bad("tree: the tables of formats 2 and 3 are missing")
            stored = {(lv, i): text(h) for lv, i, h in db.execute("SELECT level, idx, hash FROM merkle_nodes")}
            if stored != {k: v.hex() for k, v in complete_subtrees(leaves).items()}:
                raise Bad("tree: the stored Merkle tree is not the tree of the records")
            origin = [text(o) for (o,) in db.execute("SELECT value FROM hallmark_log WHERE key = 'origin'")]
            check_checkpoints([(s, text(c)) for s, c in db.execute("SELECT size, note FROM checkpoints")],
                              leaves, origin[0] if origin else None)
        return n, last
    except sqlite3.Error as e:
        raise Bad(f"file: SQLite cannot read {path}: {e}")
    finally:
        db.close()


def verify_export(path):
    try:
        lines = open(path, "rb").read().decode("utf-8").split("\n")
        header = json.loads(lines[0])
        assert isinstance(header, dict) and header.get("hallmark_log") == 1
    except (OSError, ValueError, AssertionError) as e:
        raise Bad(f"file: {path} is not a hallmark log export ({e})")
    sources, rows, checkpoints = {}, [], []
    for number, line in enumerate(lines[1:], start=2):
        if line == "" and number == len(lines):
            break  # the final newline
        obj = parse_object(line) or {}
        if list(obj) == ["source"] and isinstance(obj["source"], dict) and not rows:
            sources[obj["source"].get("sha256")] = obj["source"].get("text")
        elif list(obj) == ["checkpoint"] and isinstance(obj["checkpoint"], str) and rows:
            checkpoints.append(obj["checkpoint"])
        elif list(obj) == ["record", "hash"] and not checkpoints:
            rid = obj["record"].get("id") if isinstance(obj["record"], dict) else None
            rows.append((rid, canonical(obj["record"]), obj["hash"], None))
        else:
            raise Bad(f"record {len(rows) + 1}: line {number} is neither a source nor a record")
    n, last = check_chain(rows, sources.get)
    check_head(n, last, [(header.get("records"), header.get("head"))])
    if checkpoints:
        notes = [(int(c.split("\n")[1]) if c.count("\n") > 2 and c.split("\n")[1].isdigit() else -1, c)
                 for c in checkpoints]
        origin = checkpoints[0].split("\n")[0]
        check_checkpoints(notes, [leaf_hash(raw(b)) for _, b, _, _ in rows], origin)
    return n, last


def main(argv):
    if len(argv) == 2 and not argv[1].startswith("-"):
        check, path = verify_log, argv[1]
    elif len(argv) == 3 and argv[1] == "--export":
        check, path = verify_export, argv[2]
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        n, head = check(path)
    except Bad as e:
        print(e)
        return 1
    print(f"intact: {n} records, head {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
