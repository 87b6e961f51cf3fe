"""Helpers of Pipelines/cron-batch: the manifest of processed input files and the dedupe state copy.

  batch.py pending MANIFEST PENDING MAX_FILES DIR...
      Lists the regular files under each DIR (recursively; hidden ones and names ending in .tmp or
      .part, which writers have not finished, skipped) that the manifest
      does not hold. A file is held when its path, size and mtime match an entry, or when its size
      and sha256 do (the same content under another name or with a new mtime). Writes the files to
      process to PENDING as manifest lines and prints '<total> <pending> <held>'.
  batch.py commit MANIFEST PENDING
      Adds the PENDING lines to MANIFEST atomically (temporary file, fsync, rename, directory fsync).
  batch.py copy-state SRC DST
      Copies the SQLite database SRC to DST with SQLite's online backup (one transaction on DST,
      so DST is either the old or the new state, never a mix). A missing SRC removes DST.

Manifest lines: sha256 TAB size TAB mtime_ns TAB path (UTF-8, paths with tabs or newlines refused).
"""
import hashlib
import os
import sqlite3
import sys


def read_manifest(path):
    entries = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as manifest:
            for number, line in enumerate(manifest, 1):
                line = line.rstrip("\n")
                if not line:
                    continue
                parts = line.split("\t", 3)
                if len(parts) != 4:
                    raise SystemExit(f"cron-batch: {path}:{number}: not a manifest line (sha256 size mtime path)")
                entries.append(parts)
    return entries


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(directory):
    """Regular files under directory, hidden and unfinished ones left out, paths in byte order."""
    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = os.path.join(root, name)
            if not name.startswith(".") and not name.endswith((".tmp", ".part")) and os.path.isfile(path):
                found.append(os.path.abspath(path))
    return sorted(found, key=os.fsencode)


def write_atomically(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pending(manifest, pending_path, max_files, directories):
    entries = read_manifest(manifest)
    by_stat = {(e[3], e[1], e[2]) for e in entries}
    by_content = {(e[0], e[1]) for e in entries}
    lines, total, held = [], 0, 0
    for directory in directories:
        for path in files_under(directory):
            if "\t" in path or "\n" in path:
                print(f"cron-batch: {path!r}: tab or newline in the file name; skipped", file=sys.stderr)
                continue
            total += 1
            info = os.stat(path)
            size, mtime = str(info.st_size), str(info.st_mtime_ns)
            if (path, size, mtime) in by_stat:
                held += 1
                continue
            digest = sha256_of(path)
            if (digest, size) in by_content:
                held += 1
                continue
            if max_files and len(lines) >= max_files:
                continue
            by_content.add((digest, size))
            lines.append(f"{digest}\t{size}\t{mtime}\t{path}\n")
    write_atomically(pending_path, "".join(lines))
    print(total, len(lines), held)


def commit(manifest, pending_path):
    with open(pending_path, encoding="utf-8") as source:
        added = source.read()
    existing = ""
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as source:
            existing = source.read()
    write_atomically(manifest, existing + added)


def copy_state(source, destination):
    if not os.path.exists(source):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(destination + suffix):
                os.remove(destination + suffix)
        return
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
        if dst.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        dst.close()
        src.close()


def main(argv):
    if len(argv) >= 5 and argv[0] == "pending":
        pending(argv[1], argv[2], int(argv[3]), argv[4:])
    elif len(argv) == 3 and argv[0] == "commit":
        commit(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "copy-state":
        copy_state(argv[1], argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
