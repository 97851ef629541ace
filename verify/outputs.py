"""Safe output: every file `verify` writes under `--out` is complete or absent, never written
through a link, and one run at a time owns an output directory.

- `write_bytes` / `write_text` / `write_json`: the content goes to a new temporary file in the
  target's own directory (created with O_EXCL, so never through a planted link), is fsync'ed, and
  is renamed over the target.  The rename replaces the directory entry itself: a symbolic link at
  the target is replaced by the file, its target is never touched.  A process killed at any moment
  leaves the old file, the new file, or no file, plus at most a hidden temporary file
  (`.verify-tmp-*.tmp`) that the next run into the directory removes (`clean_temporaries`).
- `read_json` reads back what a run wrote, refusing a link in its place (O_NOFOLLOW).
- `OutputLock(out_dir)`: an exclusive `flock` on `<out_dir>/.verify.lock`, held for the whole run;
  a second run into the same directory is refused (`DirectoryBusy`) or, with `wait=True`, waits.
  The kernel releases the lock when the holder ends, however it ends (no stale locks).
- Every failure to write (read-only or full disk, permissions, a directory in the way) raises
  `OutputError`, whose message names the path.

`OutputError` derives from `BaseException`, not `Exception`: a failure to write is not a property
of the case being run, so the pipeline's catch-all for engine bugs (`except Exception`, which turns
them into UNKNOWN verdicts) must not catch it.  The runner stops the run on it and the command
exits with status 2.

Standard library only; POSIX (fcntl) for the lock.
"""

import errno
import json
import os
import tempfile
import time

LOCK_NAME = ".verify.lock"
TMP_PREFIX = ".verify-tmp-"
TMP_SUFFIX = ".tmp"


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open(path, "w") would have given; mkstemp gives 0600


class OutputError(BaseException):
    """Writing an output failed; `path` is the file or directory, `reason` the system's words."""

    def __init__(self, path, reason):
        self.path, self.reason = os.fspath(path), reason
        super().__init__(f"cannot write {self.path}: {reason}")

    def __reduce__(self):  # picklable (results travel between processes)
        return (OutputError, (self.path, self.reason))


class DirectoryBusy(Exception):
    """Another process holds the output directory's lock."""

    def __init__(self, out_dir, holder):
        self.out_dir, self.holder = os.fspath(out_dir), holder
        who = f"pid {holder}" if holder else "another process"
        super().__init__(f"another verify run ({who}) is writing into {self.out_dir}; wait for it to end, "
                         f"or use --wait, or another --out")


def _reason(e):
    if isinstance(e, OSError) and e.strerror:
        return e.strerror + (f" (errno {errno.errorcode.get(e.errno, e.errno)})" if e.errno else "")
    return str(e) or type(e).__name__


def ensure_dir(path):
    """Create the directory `path` (and its parents) if needed; OutputError if that fails or a
    non-directory is in the way."""
    path = os.fspath(path)
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        raise OutputError(path, "exists and is not a directory") from None
    except OSError as e:
        raise OutputError(path, _reason(e)) from None
    if not os.path.isdir(path):
        raise OutputError(path, "exists and is not a directory")
    return path


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def write_bytes(path, data, durable=True):
    """Write `data` to `path` atomically (temporary file, fsync, rename); returns `path`.

    `durable=False` leaves out the fsync: the file is still complete or absent whenever a process
    dies, but a crash of the machine may lose it.  For pages that `verify report` rebuilds from the
    records (an fsync costs milliseconds, tens of them on a busy disk)."""
    path = os.fspath(path)
    directory = os.path.dirname(path) or "."
    fd = tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=directory)
        _write_all(fd, data)
        os.fchmod(fd, _FILE_MODE)
        if durable:
            _sync(fd)
        os.close(fd)
        fd = None
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise OutputError(path, _reason(e)) from None
    finally:  # also on KeyboardInterrupt: no temporary file is left behind by a live process
        if fd is not None:
            os.close(fd)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


_sync = getattr(os, "fdatasync", os.fsync)


def write_text(path, text, durable=True):
    """`text` (UTF-8, newlines as given) to `path`, atomically; returns `path`."""
    return write_bytes(path, text.encode("utf-8"), durable)


def write_json(path, data, **dump_options):
    """`data` as JSON (indent 1, sorted keys unless told otherwise) and a newline, atomically."""
    dump_options.setdefault("indent", 1)
    dump_options.setdefault("sort_keys", True)
    return write_text(path, json.dumps(data, **dump_options) + "\n")


def write_certificate(cert, out_dir, case_id):
    """The certificate of case `case_id` as `<out_dir>/<id>.cert.json`; returns the path."""
    from .report import page_stem

    ensure_dir(out_dir)
    return write_json(os.path.join(out_dir, page_stem({"id": case_id}) + ".cert.json"), cert)


def remove(path):
    """Remove the file (or link) `path` if present; never follows a link."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        raise OutputError(path, "is a directory") from None
    except OSError as e:
        raise OutputError(path, _reason(e)) from None


def read_json(path):
    """The JSON value in the regular file `path`, or None when it is absent, a link, or not JSON."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            fd = None
            return json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    finally:
        if fd is not None:
            os.close(fd)


def sync_dir(path):
    """fsync a directory, so that the renames into it survive a crash of the machine (best effort)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def clean_temporaries(out_dir):
    """Remove the temporary files a killed process left in `out_dir` (call while holding the
    lock); returns how many were removed."""
    n = 0
    try:
        names = os.listdir(out_dir)
    except OSError:
        return 0
    for name in names:
        if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX):
            try:
                os.unlink(os.path.join(out_dir, name))
                n += 1
            except OSError:
                pass
    return n


class OutputLock:
    """Exclusive use of an output directory by one run (see the module docstring).

    `wait`: block until the holder ends instead of raising `DirectoryBusy`; `on_wait(holder)` is
    called once before waiting (to say so); while waiting, `cancelled()` is asked every 0.1 s and
    a true answer raises KeyboardInterrupt (for callers whose ^C handler only sets a flag).  Use
    as a context manager."""

    def __init__(self, out_dir, wait=False, on_wait=None, cancelled=None):
        self.out_dir, self.wait, self.on_wait = os.fspath(out_dir), wait, on_wait
        self.cancelled = cancelled or (lambda: False)
        self.fd = None

    @property
    def path(self):
        return os.path.join(self.out_dir, LOCK_NAME)

    def acquire(self):
        import fcntl

        ensure_dir(self.out_dir)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as e:
            raise OutputError(self.path, _reason(e)) from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                if not self.wait:
                    raise DirectoryBusy(self.out_dir, holder) from None
                if self.on_wait:
                    self.on_wait(holder)
                while True:
                    if self.cancelled():
                        raise KeyboardInterrupt
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        time.sleep(0.1)
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            except OSError:
                pass  # the pid is only for the message a second run prints
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return self

    @staticmethod
    def _holder(fd):
        try:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def release(self):
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
        return False
