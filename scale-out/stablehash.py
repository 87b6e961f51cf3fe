"""The identity hash `dedupe` keys its state by and partitions with, in Python.

FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the encoding docs/dedupe.md
documents for the default identity (ProductArn, Id): for each of the two strings, the byte 's',
its UTF-8 length as 4 bytes little-endian, then its UTF-8 bytes (JSON escapes decoded). The
partition of a finding among N is the hash modulo N.

As a command it prints 'PARTITION HASH' (hash in 16 hex digits) per NDJSON finding, exactly as
`dedupe --partition-of N` does, so the two can be compared:
    python3 scale-out/stablehash.py 8 < findings.ndjson
"""
import json
import struct
import sys

OFFSET_BASIS = 0xCBF29CE484222325
PRIME = 0x100000001B3
MASK = 0xFFFFFFFFFFFFFFFF


def fnv1a64(data, h=OFFSET_BASIS):
    for byte in data:
        h = ((h ^ byte) * PRIME) & MASK
    return h


def identity_hash(finding):
    """The hash of a finding's (ProductArn, Id); KeyError or TypeError when one is missing."""
    h = OFFSET_BASIS
    for field in ("ProductArn", "Id"):
        value = finding[field]
        if not isinstance(value, str):
            raise TypeError(f"{field} is not a string")
        encoded = value.encode("utf-8", "surrogatepass")
        h = fnv1a64(b"s" + struct.pack("<I", len(encoded)) + encoded, h)
    return h


def partition_of(line, partitions):
    """The partition (0..partitions-1) of one NDJSON finding line."""
    return identity_hash(json.loads(line)) % partitions


def main(argv):
    if len(argv) != 1 or not argv[0].isdigit() or int(argv[0]) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    partitions = int(argv[0])
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            h = identity_hash(json.loads(line))
            out.write(f"{h % partitions} {h:016x}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
