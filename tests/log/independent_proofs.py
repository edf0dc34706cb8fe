#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An auditor's checker of hallmark's checkpoints and proofs, written from
docs/auditing.md (section 9), RFC 9162 and c2sp.org/signed-note alone: no hallmark code,
just Python's standard library and Debian's python3-cryptography (Ed25519).

    independent_proofs.py check-proof PROOF --key KEY.pub     an inclusion or consistency proof
    independent_proofs.py check-since LOG CHECKPOINT --key KEY.pub
                                                              the log's first records are those the
                                                              checkpoint signed (and its tree agrees)
    independent_proofs.py vectors VECTORS.json                the RFC 6962/9162 test vectors

Prints `valid: ...` and exits 0, or the reason and exits 1; 2 on bad usage or key.
"""
import base64
import binascii
import hashlib
import json
import sqlite3
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Invalid(Exception):
    """Why a proof or checkpoint does not verify."""


# ------------------------------------------------------------------ RFC 9162 trees

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n):
    """The largest power of two smaller than n (n >= 2)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def root(leaves):
    """MTH(D[n]) by the RFC's recursion."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(root(leaves[:k]), root(leaves[k:]))


def complete_subtrees(leaves):
    """{(level, index): hash} for every complete subtree, built level by level."""
    out, level, row = {}, 0, list(leaves)
    while row:
        for i, h in enumerate(row):
            out[(level, i)] = h
        row = [node_hash(row[i], row[i + 1]) for i in range(0, len(row) - 1, 2)]
        level += 1
    return out


def verify_inclusion(index, size, leaf, proof, want_root):
    if index >= size or any(len(h) != 32 for h in [leaf, want_root, *proof]):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == want_root


def verify_consistency(m, n, root1, root2, proof):
    if any(len(h) != 32 for h in [root1, root2, *proof]) or m == 0 or m > n:
        return False
    if m == n:
        return not proof and root1 == root2
    path = ([root1] if m & (m - 1) == 0 else []) + list(proof)
    if not path:
        return False
    fn, sn = m - 1, n - 1
    while fn % 2 == 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == root1 and sr == root2 and sn == 0


# ------------------------------------------------------------ signed notes, checkpoints

def b64(text):
    raw = base64.b64decode(text, validate=True)
    if base64.b64encode(raw).decode() != text:
        raise ValueError("not canonical base64")
    return raw


def read_verifier_key(text):
    """NAME+ID+BASE64(0x01 || 32-byte key) -> (name, 4-byte id, public key)."""
    name, key_id, material = text.strip().split("+", 2)
    raw = b64(material)
    if not name or len(key_id) != 8 or len(raw) != 33 or raw[0] != 1:
        raise ValueError("not an Ed25519 verifier key")
    computed = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if computed != bytes.fromhex(key_id):
        raise ValueError("the key ID does not match the key")
    return name, computed, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_note(note, key):
    """The text of a signed note that `key` signed, or Invalid."""
    name, key_id, public = key
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise Invalid("the note holds control characters")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise Invalid("the note has no signatures")
    text, signed = note[:cut + 1], False
    for line in note[cut + 2:-1].split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014":
            raise Invalid(f"malformed signature line {line!r}")
        try:
            sig = b64(parts[2])
        except (ValueError, binascii.Error):
            raise Invalid("a signature is not base64")
        if parts[1] != name or sig[:4] != key_id:
            continue
        try:
            public.verify(sig[4:], text.encode())
        except InvalidSignature:
            raise Invalid(f"the signature of {name} does not verify")
        signed = True
    if not signed:
        raise Invalid(f"not signed by {name}")
    return text


def read_checkpoint(text):
    """ORIGIN\\nSIZE\\nBASE64(ROOT)\\n -> (origin, size, root)."""
    lines = text.split("\n")
    if len(lines) != 4 or lines[3] != "" or not lines[0] or not lines[1].isdigit() or \
            (len(lines[1]) > 1 and lines[1][0] == "0"):
        raise Invalid("not a checkpoint")
    try:
        r = b64(lines[2])
    except (ValueError, binascii.Error):
        raise Invalid("the checkpoint's root is not base64")
    if len(r) != 32:
        raise Invalid("the checkpoint's root is not 32 bytes")
    return lines[0], int(lines[1]), r


def signed_checkpoint(note, key):
    return read_checkpoint(open_note(note, key))


# ----------------------------------------------------------------------- proofs

def hashes(path):
    if not isinstance(path, list) or not all(isinstance(h, str) and len(h) == 64 and h == h.lower() for h in path):
        raise Invalid("the path is not a list of 64 lowercase hex digits")
    return [bytes.fromhex(h) for h in path]


def check_proof(text, key):
    try:
        proof = json.loads(text)
    except ValueError:
        raise Invalid("not JSON")
    if not isinstance(proof, dict):
        raise Invalid("not a proof")
    # The file is exactly what hallmark writes: compact JSON in its key order.
    if json.dumps(proof, ensure_ascii=False, separators=(",", ":")) + "\n" != text:
        raise Invalid("not in canonical form (edited)")
    kind = proof.get("hallmark_proof")
    if kind == "inclusion":
        if list(proof) != ["hallmark_proof", "record", "leaf_index", "tree_size", "path", "checkpoint"]:
            raise Invalid("not the fields of an inclusion proof")
        origin, size, r = signed_checkpoint(proof["checkpoint"], key)
        body, index = proof["record"], proof["leaf_index"]
        if type(index) is not int or proof["tree_size"] != size or not isinstance(body, str):
            raise Invalid("leaf_index, tree_size or record malformed")
        record = json.loads(body)
        if not isinstance(record, dict) or record.get("id") != index + 1:
            raise Invalid("the record is not record leaf_index + 1")
        if not verify_inclusion(index, size, leaf_hash(body.encode()), hashes(proof["path"]), r):
            raise Invalid("the audit path does not lead to the signed root")
        return f"record {index + 1} is in {origin} of {size} records"
    if kind == "consistency":
        if list(proof) != ["hallmark_proof", "old", "new", "path"]:
            raise Invalid("not the fields of a consistency proof")
        o1, m, r1 = signed_checkpoint(proof["old"], key)
        o2, n, r2 = signed_checkpoint(proof["new"], key)
        if o1 != o2 or not verify_consistency(m, n, r1, r2, hashes(proof["path"])):
            raise Invalid(f"{o2} of {n} records does not extend its {m} records signed earlier")
        return f"{o2} of {n} records extends its {m} records"
    raise Invalid("not a hallmark proof")


def check_since(log, note, key):
    """The log's records against a checkpoint kept from earlier (the chain itself is
    independent_verify.py's to check)."""
    origin, size, signed_root = signed_checkpoint(note, key)
    db = sqlite3.connect(f"file:{log}?mode=ro", uri=True)
    db.text_factory = bytes
    try:
        got = db.execute("SELECT value FROM hallmark_log WHERE key = 'origin'").fetchall()
        if got != [(origin.encode(),)]:
            raise Invalid(f"the log is not {origin}")
        bodies = [b for (b,) in db.execute("SELECT body FROM records ORDER BY id")]
        if size > len(bodies):
            raise Invalid(f"the checkpoint signed {size} records; the log has {len(bodies)}")
        leaves = [leaf_hash(b) for b in bodies]
        if root(leaves[:size]) != signed_root:
            raise Invalid(f"records 1 to {size} are not those the checkpoint signed")
        stored = {(lv, i): bytes.fromhex(h.decode()) for lv, i, h in
                  db.execute("SELECT level, idx, hash FROM merkle_nodes")}
        if stored != complete_subtrees(leaves):
            raise Invalid("the stored Merkle tree is not the tree of the records")
        return f"{log} extends {origin} of {size} records ({len(bodies)} records now)"
    finally:
        db.close()


def check_vectors(path):
    """The published vectors; returns how many were checked."""
    v = json.load(open(path))
    leaves = [leaf_hash(bytes.fromhex(x)) for x in v["leaves"]]
    for n, want in enumerate(v["roots"]):
        if root(leaves[:n]).hex() != want:
            raise Invalid(f"root of size {n}")

    def d(x):
        return base64.b64decode(x) if x else b""
    for c in v["inclusion"]:
        ok = c["leafIdx"] >= 0 and verify_inclusion(c["leafIdx"], c["treeSize"], d(c["leafHash"]),
                                                    [d(p) for p in c["proof"] or []], d(c["root"]))
        if ok != (not c["wantErr"]):
            raise Invalid(c["file"])
    for c in v["consistency"]:
        opaque = len(d(c["root1"])) != 32 or len(d(c["root2"])) != 32  # we demand 32-byte hashes
        ok = c["size1"] >= 0 and verify_consistency(c["size1"], c["size2"], d(c["root1"]), d(c["root2"]),
                                                    [d(p) for p in c["proof"] or []])
        if ok != (not c["wantErr"] and not opaque):
            raise Invalid(c["file"])
    return f"{len(v['inclusion'])} inclusion and {len(v['consistency'])} consistency vectors"


def main(argv):
    try:
        if len(argv) == 5 and argv[1] == "check-proof" and argv[3] == "--key":
            key = read_verifier_key(open(argv[4]).read())
            data = open(argv[2], "rb").read()
            try:
                message = check_proof(data.decode("utf-8"), key)
            except Invalid:
                raise
            except Exception as e:  # anything unexpected in the file: it does not verify
                raise Invalid(f"malformed proof ({type(e).__name__}: {e})")
        elif len(argv) == 6 and argv[1] == "check-since" and argv[4] == "--key":
            key = read_verifier_key(open(argv[5]).read())
            message = check_since(argv[2], open(argv[3], encoding="utf-8").read(), key)
        elif len(argv) == 3 and argv[1] == "vectors":
            message = check_vectors(argv[2])
        else:
            print(__doc__.strip(), file=sys.stderr)
            return 2
    except (OSError, ValueError, binascii.Error) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Invalid as e:
        print(f"invalid: {e}")
        return 1
    print(f"valid: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
