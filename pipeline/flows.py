"""Prefect flow `ingest`: discover documents, process each as a task, write serially, analyse, summarise.

One task = one document: load -> extract -> validate, pure (no store access), cached by the
document's content hash (plus its path and the extractor code version), so an unchanged document
is never re-extracted. Before any task is submitted the store is asked which files it already holds
with the same hash; those are counted `unchanged` and skipped outright.

Writes happen in the flow's own thread, one document at a time, in sorted path order: an embedded
Ladybug store allows one read-write process, and serial writes keep runs deterministic. A write is a
Prefect task with retries for transient store errors. A document that fails at any stage becomes a
quarantine record (file, stage, error type, message) in the summary and in the store's ingest log;
the batch goes on.

`run_ingest(paths, settings)` is the entry point the CLI and tests use; it sets Prefect's quiet
environment and picks the task runner (threads, or Dask through prefect-dask).
"""
from __future__ import annotations

import hashlib
import importlib
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Iterable, Literal

from pydantic import BaseModel, Field

from extractors.errors import ExtractionError, PlangraphError, StoreError
from extractors.model import Extraction
from pipeline.config import IngestSettings, quiet_prefect
from pipeline.rendition_fallback import alternatives, fall_back

quiet_prefect()

from prefect import flow, task  # noqa: E402  (after the quiet environment is set)
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

Stage = Literal["read", "load", "extract", "validate", "write"]

# files with these suffixes are picked up from folders although no loader reads them, so the user
# sees them listed as failures ("save .doc as .docx") instead of silently skipped
REPORTED_UNREADABLE = (".doc", ".rtf", ".odt")


class ValidationFailed(ExtractionError):
    """An extraction that breaks the contract, or a document with nothing a plan has."""

    code = "E210"


class _Interrupted(Exception):
    """Leaves the flow body after a stop request (the summary says `interrupted`)."""


class DocumentFailed(Exception):
    """Raised by the `process-document` task for a document that failed, so that its task run is FAILED in
    Prefect; carries the quarantine record (JSON) for the flow, which goes on with the batch."""

    def __init__(self, failure_json: str) -> None:
        super().__init__(failure_json)
        self.failure_json = failure_json

    def __str__(self) -> str:
        try:
            f = Failure.model_validate_json(self.failure_json)
            return f"{f.file} [{f.stage}] {f.error_type}: {f.message}"
        except Exception:
            return self.failure_json


class Failure(BaseModel):
    """A quarantine record: which file, at which stage, what went wrong."""

    file: str
    stage: Stage
    error_type: str
    code: str | None = None
    message: str


class ChangedDuringIngest(ExtractionError):
    """The bytes the loader read are not the bytes hashed at discovery: the file was saved over meanwhile."""

    code = "E105"


class DocOutcome(BaseModel):
    """What processing one document gave: an extraction, or a failure. `sha256` is the hash of the bytes
    the loader actually read (what the extraction is of)."""

    file: str
    sha256: str
    extraction: Extraction | None = None
    failure: Failure | None = None
    pages: int | None = None
    seconds: float = 0.0


class IngestSummary(BaseModel):
    files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[Failure] = Field(default_factory=list)
    tasks: int = 0  # written this run (new + changed documents)
    indicators: int = 0
    references: int = 0
    pages: int = 0  # pages of the documents processed this run (formats that have pages)
    pruned: int = 0
    renditions_skipped: list[str] = Field(default_factory=list)  # other formats of a document already taken
    analysis: dict[str, Any] | None = None
    lineage: dict[str, Any] | None = None  # graph.lineage_store.relink summary (PRODUCES links)
    graph: dict[str, int] = Field(default_factory=dict)  # store totals after the run
    # per format, over the documents processed this run: {"pdf": {"docs": 3, "pages": 40, "seconds": 2.1}}
    # (seconds = load + extract + validate inside the tasks, summed; a cached result reports its first run)
    by_format: dict[str, dict[str, int | float]] = Field(default_factory=dict)
    runner: str = "threads"
    workers: int = 1
    elapsed: float = 0.0  # seconds, wall (run_ingest: Prefect start-up included)
    flow_elapsed: float = 0.0  # seconds inside the flow
    write_seconds: float = 0.0  # seconds spent in store writes (serial, in the flow's thread)
    skipped_flow: bool = False  # every file was stored unchanged: no flow run was started
    # the store's disk failed (full, read-only, torn log): the batch stopped there; run_ingest raises it
    store_error: str | None = None
    store_error_parts: list[str] = Field(default_factory=list, exclude=True)  # path, reason, code
    warned: int = 0  # documents written this run whose extraction carries warnings
    flow_run_id: str | None = None
    flow_run_name: str | None = None
    state: str | None = None  # the flow run's final state name (Completed, Completed with failures, Failed)
    interrupted: bool = False  # stopped by Ctrl-C / SIGTERM between documents

    def rows(self) -> list[dict[str, Any]]:
        """The summary as one-row-per-figure, for the table view."""
        keys = ("files", "new", "changed", "unchanged", "failed", "warned", "tasks", "indicators", "references",
                "pages", "pruned", "runner", "workers")
        out = [{"figure": k, "value": getattr(self, k)} for k in keys]
        if self.renditions_skipped:
            out.insert(1, {"figure": "other formats skipped", "value": len(self.renditions_skipped)})
        out += [{"figure": f"graph_{k}", "value": v} for k, v in self.graph.items()]
        out.append({"figure": "elapsed_s", "value": f"{self.elapsed:.2f}"})
        return out


# ---------------------------------------------------------------- discovery and hashing

def discover(paths: Iterable[str | Path], suffixes: Iterable[str]) -> list[Path]:
    """Files named directly (any suffix: a wrong one is reported by the loader) and, under folders,
    files with a readable suffix (or a known unreadable one), skipping hidden files and folders.
    Absolute, de-duplicated, sorted."""
    wanted = {s.lower() for s in suffixes} | set(REPORTED_UNREADABLE)
    found: set[Path] = set()
    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            root = p.resolve()
            for f in p.rglob("*"):
                rel = f.relative_to(p).parts
                if any(part.startswith(".") for part in rel):
                    continue
                if f.suffix.lower() not in wanted:
                    continue
                if f.is_file():
                    real = f.resolve()
                    if real.is_relative_to(root) or not _under_symlink(f, p):
                        found.add(real)
                    else:  # a link out of the folder given: not read (it could name any file on the machine)
                        found.add(f.absolute())
                        REFUSED[str(f.absolute())] = (f"a symbolic link leading out of the input folder (to "
                                                      f"{real}): refused; name that file itself to ingest it")
                elif f.is_symlink():  # dangling, or a loop
                    found.add(f.absolute())
                    REFUSED[str(f.absolute())] = "a broken symbolic link or a symlink loop: refused"
        elif p.exists():
            found.add(p.resolve())
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return sorted(found)


# files discover() found but will not read, with the reason (a link out of the folder, a symlink loop); the flow
# reports each as a `read` failure
REFUSED: dict[str, str] = {}


def _under_symlink(f: Path, top: Path) -> bool:
    """Is `f`, or a folder between `top` and it, a symbolic link?"""
    q = f
    while q != top and q != q.parent:
        if q.is_symlink():
            return True
        q = q.parent
    return False


RENDITION_ORDER = (".docx", ".md", ".txt", ".pdf")  # most structure first; PDF loses the most


def pick_renditions(files: Iterable[Path], stored: Iterable[str] = (),
                    order: Iterable[str] = RENDITION_ORDER) -> tuple[list[Path], list[Path]]:
    """One file per document when a folder holds the same document in several formats.

    Files in one folder that share a stem (`plan.docx`, `plan.pdf`, `plan.txt`) are renditions of one
    document: ingesting each would store the same plan three times (and make every request to it
    ambiguous). Keep the rendition the store already holds, if any (re-runs stay stable), else the first
    in `order`. Returns (kept, skipped), both sorted; files with an unreadable suffix are always kept so
    that their failure is reported.
    """
    rank = {suf: i for i, suf in enumerate(order)}
    held = set(stored)
    groups: dict[tuple[Path, str], list[Path]] = {}
    kept: list[Path] = []
    for f in files:
        if f.suffix.lower() in rank:
            groups.setdefault((f.parent, f.stem.casefold()), []).append(f)
        else:
            kept.append(f)
    skipped: list[Path] = []
    for members in groups.values():
        members.sort(key=lambda f: (str(f) not in held, rank[f.suffix.lower()], str(f)))
        kept.append(members[0])
        skipped.extend(members[1:])
    return sorted(kept), sorted(skipped)


def file_sha256(path: Path) -> str:
    """sha256 of a regular file; a FIFO, a device or a folder is a RefusedFileError (reading a FIFO blocks
    forever, /dev/zero never ends)."""
    import stat

    from extractors.load.limits import RefusedFileError

    try:
        mode = path.stat().st_mode
    except OSError:
        mode = stat.S_IFREG  # let open() report it
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else \
            "a device or socket"
        raise RefusedFileError(path, f"{kind}, not a document file: refused")
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_CODE_VERSION: str | None = None


def code_version() -> str:
    """A hash of the extractor code and data files (`extractors.version`): a new extractor version
    invalidates the task cache and the stored plans' claim to be up to date."""
    from extractors.version import extractor_version

    return extractor_version()


# ---------------------------------------------------------------- per-document task

def _failure(file: str, stage: Stage, exc: BaseException) -> Failure:
    if isinstance(exc, PlangraphError):
        message, code = exc.reason, exc.code
    else:
        message, code = (str(exc) or repr(exc)), None
    return Failure(file=file, stage=stage, error_type=type(exc).__name__, code=code, message=message)


def validate_extraction(ex: Extraction, file: str) -> Extraction:
    """Check the extraction against the contract before it reaches the store."""
    try:
        checked = Extraction.model_validate(ex.model_dump(by_alias=True))
    except Exception as e:  # pydantic.ValidationError: a stage built a model without validation
        raise ValidationFailed(file, f"extraction breaks the contract: {e}") from e
    ids = [t.id for t in checked.tasks]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValidationFailed(file, f"duplicate task ids: {', '.join(dupes[:5])}")
    d = checked.document
    if not (checked.tasks or checked.references or checked.indicators or d.doc_type or d.number):
        raise ValidationFailed(file, "no header, task, reference or indicator found: not a plan document?")
    return checked


def read_document(file: str, sha256: str) -> bytes:
    """The file's bytes, read once; ChangedDuringIngest when they are not the bytes hashed at discovery
    (the hash stored and the cache key must be those of the bytes the extraction is of)."""
    from extractors.load.limits import read_bounded

    data = read_bounded(Path(file))
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise ChangedDuringIngest(file, f"the file changed during ingest (hash {sha256[:12]} at discovery, "
                                        f"{got[:12]} when read)")
    return data


def process_path(file: str, sha256: str) -> DocOutcome:
    """read -> load -> extract -> validate one document; every failure is returned as a record, never raised.
    The bytes loaded are the bytes whose hash is `sha256` (else a `read` failure ChangedDuringIngest)."""
    from extractors.extract import extract
    from extractors.load import load

    t0 = time.perf_counter()
    stage: Stage = "read"
    pages: int | None = None
    try:
        data = read_document(file, sha256)
        stage = "load"
        ir = load(file, data)
        pages = ir.pages
        stage = "extract"
        ex = extract(ir)
        stage = "validate"
        ex = validate_extraction(ex, file)
        return DocOutcome(file=file, sha256=sha256, extraction=ex, pages=pages,
                          seconds=time.perf_counter() - t0)
    except Exception as e:  # a bad document must not stop the batch
        return DocOutcome(file=file, sha256=sha256, failure=_failure(file, stage, e), pages=pages,
                          seconds=time.perf_counter() - t0)


def warm_up_extractors() -> None:
    """Load lazily initialised models once, in this thread, before worker threads share them.

    underthesea loads its word-segmentation/POS models on first call without a lock: two threads making
    the first call together crash with "'NoneType' object has no attribute 'process'". An extractor
    package may offer `extractors.warm_up()`; otherwise the underthesea models are loaded here.
    """
    import extractors

    hook = getattr(extractors, "warm_up", None)
    if callable(hook):
        hook()
        return
    try:
        from underthesea import pos_tag, word_tokenize
    except ImportError:
        return
    word_tokenize("Ủy ban nhân dân thành phố ban hành kế hoạch")
    pos_tag("Ủy ban nhân dân thành phố ban hành kế hoạch")


def _doc_cache_key(_ctx: Any, params: dict[str, Any]) -> str:
    # "read-verified": results cached before the task checked the bytes it read against `sha256` may hold
    # another version's extraction under this hash; they are not reused
    key = f"{params['file']}\x00{params['sha256']}\x00{code_version()}\x00read-verified"
    return "plangraph-doc-" + hashlib.sha256(key.encode()).hexdigest()


def _changed(o: DocOutcome) -> bool:
    return o.failure is not None and o.failure.error_type == ChangedDuringIngest.__name__


@task(name="process-document", cache_key_fn=_doc_cache_key, persist_result=True,
      task_run_name="process {file}")
def process_document(file: str, sha256: str) -> DocOutcome:
    """One document; a document that fails raises DocumentFailed, so its task run ends FAILED (not cached);
    a file that changed since discovery raises ChangedDuringIngest (never cached under this hash)."""
    out = process_path(file, sha256)
    if _changed(out):
        raise ChangedDuringIngest(file, out.failure.message if out.failure else "changed")
    if out.failure is not None:
        raise DocumentFailed(out.failure.model_dump_json())
    return out


# ---------------------------------------------------------------- store access (graph/ by helper-6)

TRANSIENT_MARKERS = ("lock", "timeout", "timed out", "temporar", "unavailable", "connection reset",
                     "deadlock", "busy")


def is_transient(exc: BaseException) -> bool:
    """A store error worth retrying: lock contention, time-outs, a dropped connection."""
    for name in ("TransientError", "ServiceUnavailable", "SessionExpired"):
        if type(exc).__name__ == name:
            return True
    if isinstance(exc, (TimeoutError, ConnectionError)):
        return True
    msg = str(exc).lower()
    return any(m in msg for m in TRANSIENT_MARKERS)


def _retry_transient(_task: Any, _run: Any, state: Any) -> bool:
    try:
        state.result()
    except Exception as e:
        return is_transient(e)
    return False


def _writer() -> Any:
    return importlib.import_module("graph.writer")


def open_store(uri: str) -> Any:
    return importlib.import_module("graph.store").open_store(uri)


def open_store_retrying(uri: str, attempts: int = 8, delay: float = 1.0) -> Any:
    """Open the store; a transient failure (another process holding the lock) is retried a few times."""
    for i in range(attempts):
        try:
            return open_store(uri)
        except Exception as e:
            if i == attempts - 1 or not is_transient(e):
                raise
            time.sleep(delay * (i + 1))
    raise AssertionError("unreachable")


def stored_hashes(store: Any) -> dict[str, str]:
    """file -> sha256 of every plan the store holds as written by the current extractor version (a plan
    written by an older version counts as not stored, so it is re-extracted)."""
    w = _writer()
    if hasattr(w, "stored_hashes"):
        return dict(w.stored_hashes(store, extractor_version=code_version()))
    rows = store.execute("MATCH (p:Plan) RETURN p.file AS file, p.sha256 AS sha256")
    return {r["file"]: r["sha256"] for r in rows if r.get("file")}


@task(name="write-document", cache_policy=NO_CACHE, persist_result=False,
      retry_condition_fn=_retry_transient, task_run_name="write {file}")
def write_document(store: Any, extraction: Extraction, file: str, sha256: str) -> Any:
    from graph.store_safety import is_io_error

    try:
        return _writer().write_extraction(store, extraction, file=file, sha256=sha256)
    except Exception as e:
        if is_io_error(e):  # handed back, not raised: not retried, and no Prefect traceback; _write stops
            return {"status": "io_error", "error": e}
        raise


def clear_failures(store: Any, files: Iterable[str]) -> int:
    """Drop the ingest-log records of files now stored with their current content (a file that failed and
    was then restored to the version the store holds)."""
    wanted = set(files)
    if not wanted:
        return 0
    logged = {r["file"] for r in store.execute("MATCH (l:IngestLog) RETURN DISTINCT l.file AS file")}
    stale = sorted(wanted & logged)
    for f in stale:
        store.run("delete_failures_for_file", {"file": f})
    return len(stale)


def record_failure(store: Any, f: Failure) -> None:
    """Put a quarantine record in the store's ingest log (best effort: the summary has it anyway)."""
    try:
        _writer().record_failure(store, f.file, f.stage, f.error_type, f.message)
    except Exception:  # the log is a convenience; never let it stop the batch
        pass


def _analysis_hook() -> Callable[[Any], Any] | None:
    """The analysis over the graph (duplicates, orphans), if `pipeline.analysis` provides one."""
    try:
        mod = importlib.import_module("pipeline.analysis")
    except ImportError:
        return None
    for name in ("run_analysis", "analyse", "analyze", "run"):
        fn = getattr(mod, name, None)
        if callable(fn):
            return fn
    return None


# ---------------------------------------------------------------- progress hook

class ProgressSink:
    """Receives progress events; the CLI plugs a terminal bar in (`pipeline.progress`)."""

    def start(self, total: int) -> None: ...

    def advance(self, file: str, ok: bool) -> None: ...

    def stage(self, name: str) -> None:
        """A step after the documents (lineage, analysis) begins."""

    def stop(self) -> None: ...


_SINK: ProgressSink = ProgressSink()

# set by the CLI's first Ctrl-C / SIGTERM (pipeline.interrupt): the flow stops between documents — every
# document written so far is whole (one transaction each), the rest are left for the next run
STOP = threading.Event()


# the flow body reads module state through these functions, never as globals: a Dask run pickles the flow
# function by value with the globals it names (an Event, a progress bar holding a stream cannot be pickled)
def _stop_requested() -> bool:
    return STOP.is_set()


def _current_sink() -> ProgressSink:
    return _SINK


# ---------------------------------------------------------------- the flow

@flow(name="plangraph-ingest", log_prints=False, validate_parameters=False)
def ingest(paths: list[str], settings: IngestSettings | None = None) -> IngestSummary:
    """Discover -> process each document (task) -> write serially -> prune -> analysis -> summary."""
    s = IngestSettings.coerce(settings)
    t0 = time.perf_counter()
    summary = IngestSummary(runner=s.runner, workers=s.workers)
    files = discover(paths, s.suffixes)
    sink = _current_sink()

    store: Any = None
    try:
        store = open_store_retrying(s.store)  # a lock taken after the CLI's pre-check: one line, not a crash
        known = stored_hashes(store)
        alts: dict[str, list[str]] = {}
        if not s.all_renditions:
            files, skipped = pick_renditions(files, known)
            summary.renditions_skipped = [str(f) for f in skipped]
            alts = alternatives(files, skipped, RENDITION_ORDER)
        summary.files = len(files)
        sink.start(len(files))
        todo: list[tuple[str, str]] = []
        restored: list[str] = []  # stored unchanged: an old failure record of theirs is out of date
        for p in files:
            name = str(p)
            if name in REFUSED:
                from extractors.load.limits import RefusedFileError

                _fail(store, summary, _failure(name, "read", RefusedFileError(name, REFUSED[name])))
                sink.advance(name, False)
                continue
            try:
                sha = file_sha256(p)
            except (OSError, PlangraphError) as e:
                _fail(store, summary, _failure(name, "read", e))
                sink.advance(name, False)
                continue
            if s.cache and known.get(name) == sha:
                summary.unchanged += 1
                restored.append(name)
                sink.advance(name, True)
            else:
                todo.append((name, sha))

        clear_failures(store, restored)
        if todo and s.runner == "threads" and s.workers > 1:
            warm_up_extractors()
        task_fn = process_document if s.cache else process_document.with_options(refresh_cache=True)
        futures = [(name, sha, task_fn.submit(name, sha)) for name, sha in todo]
        for i, (name, sha, fut) in enumerate(futures):
            if _stop_requested():
                summary.interrupted = True
                for _n, _s, rest in futures[i:]:  # not started yet: never run
                    cancel = getattr(rest, "cancel", None)
                    if callable(cancel):
                        try:
                            cancel()
                        except Exception:
                            pass
                break
            outcome, tried = fall_back(_outcome(fut, name, sha), alts.get(name, []), _process_file)
            for f in tried:  # the preferred rendition is broken: reported, and the next one is written
                _fail(store, summary, f)
            if outcome.file != name and outcome.file in summary.renditions_skipped:
                summary.renditions_skipped.remove(outcome.file)
            ok = _write(store, s, summary, outcome)
            sink.advance(name, ok)
            del fut
        if summary.interrupted:
            futures = []
            raise _Interrupted()

        if s.prune:
            summary.pruned = _prune(store, paths)
        derive(store, s, summary, sink)
        counts = getattr(store, "counts", None)
        if callable(counts):
            summary.graph = dict(counts())
        checkpoint(store)
    except StoreError as e:  # returned, not raised: one line from the CLI, not Prefect's traceback
        summary.store_error = str(e)
        summary.store_error_parts = [e.path or "", e.reason, e.code]
    except _Interrupted:
        pass
    finally:
        sink.stop()
        close = getattr(store, "close", None)
        if callable(close):
            close()
    summary.elapsed = time.perf_counter() - t0
    try:
        from prefect.runtime import flow_run as _run

        summary.flow_run_id, summary.flow_run_name = str(_run.id), _run.name
    except Exception:
        pass
    from pipeline.flow_report import finish

    return finish(summary, s.strict)  # a State carrying the summary: FAILED for --strict with failures


def fault_point(name: str) -> None:
    """Test hook: `PLANGRAPH_KILL_AT=<name>` kills this process with SIGKILL here (tests of what a kill at
    that point leaves behind, tests/test_reliability_derived.py). Unset in normal use."""
    import os

    if os.environ.get("PLANGRAPH_KILL_AT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def derive(store: Any, s: IngestSettings, summary: IngestSummary, sink: Any = None) -> None:
    """Relink (PRODUCES / MAY_PRODUCE) and the analysis (DUPLICATES) over the whole store, then the marker
    saying which plans they were computed from (graph/derived.py); a step that fails leaves no marker, so the
    next run computes again. A store I/O error stops the run."""
    from graph import derived
    from graph.store_safety import is_io_error

    fault_point("relink")
    ok = True
    getattr(sink, "stage", lambda _n: None)("lineage")
    try:  # lineage: requests <-> the plans that answer them, over the whole store
        summary.lineage = importlib.import_module("graph.lineage_store").relink(store).summary()
    except Exception as e:
        if is_io_error(e):
            raise
        ok = False
        summary.lineage = {"error": f"{type(e).__name__}: {e}"}
    if s.analysis:
        hook = _analysis_hook()
        if hook is not None:
            getattr(sink, "stage", lambda _n: None)("analysis")
            try:
                result = hook(store)
                summary.analysis = _as_dict(result)
            except Exception as e:
                if is_io_error(e):
                    raise
                ok = False
                summary.analysis = {"error": f"{type(e).__name__}: {e}"}
    fault_point("derived-marker")
    if ok:
        derived.write_marker(store, s.analysis)


def checkpoint(store: Any) -> None:
    """Copy the write-ahead log into the database file at the end of the run (embedded store): a failure
    fails the run with a message naming disk space, instead of the silent failure of Ladybug's close."""
    fn = getattr(store, "checkpoint", None)
    if callable(fn):
        fn()


def _outcome(fut: Any, name: str, sha: str) -> DocOutcome:
    """The task's result; a task that crashed (or whose cached result is unreadable, e.g. after a
    kill -9 mid-write) is run once more in this thread, without the cache. A file that changed between
    discovery and load is hashed and processed once more; changing again, it is quarantined (stage read)."""
    try:
        out = fut.result()
        if isinstance(out, DocOutcome) and out.sha256 == sha:
            return out
    except DocumentFailed as e:  # the task run is FAILED; the failure is a quarantine record
        return DocOutcome(file=name, sha256=sha, failure=Failure.model_validate_json(e.failure_json))
    except Exception:
        pass
    try:
        out = process_path(name, sha)
        if _changed(out):
            try:
                out = process_path(name, file_sha256(Path(name)))
            except OSError as e:
                return DocOutcome(file=name, sha256=sha, failure=_failure(name, "read", e))
        return out
    except Exception as e:  # pragma: no cover - process_path returns failures
        return DocOutcome(file=name, sha256=sha, failure=_failure(name, "extract", e))


def _process_file(name: str) -> DocOutcome:
    """One file processed in this thread, hashed now (another rendition of a document whose kept file failed)."""
    try:
        return process_path(name, file_sha256(Path(name)))
    except (OSError, PlangraphError) as e:
        return DocOutcome(file=name, sha256="", failure=_failure(name, "read", e))


def _write(store: Any, s: IngestSettings, summary: IngestSummary, o: DocOutcome) -> bool:
    if o.failure is not None or o.extraction is None:
        _fail(store, summary, o.failure or Failure(file=o.file, stage="extract", error_type="Unknown",
                                                   message="no extraction"))
        return False
    from graph.store_safety import is_io_error

    ex = o.extraction
    t0 = time.perf_counter()
    try:
        ensure_space = getattr(store, "ensure_space", None)
        if callable(ensure_space):  # StoreFullError: stop the batch before anything is written
            ensure_space(len(ex.model_dump_json()))
        res = write_document.with_options(retries=s.write_retries,
                                          retry_delay_seconds=s.write_retry_delay)(
            store, quote(ex), o.file, o.sha256)
    except Exception as e:
        if is_io_error(e):  # the disk under the store failed: not this document's fault; stop the batch
            raise
        _fail(store, summary, _failure(o.file, "write", e))
        return False
    finally:
        summary.write_seconds = round(summary.write_seconds + time.perf_counter() - t0, 3)
    journal = getattr(store, "journal", None)
    if callable(journal):  # what a torn write-ahead log would lose (plangraph store recover)
        journal({"op": "write", "file": o.file, "sha256": o.sha256,
                 "plan_id": getattr(res, "plan_id", None)})
    status = getattr(res, "status", None) or (res.get("status") if isinstance(res, dict) else None)
    if status == "io_error":
        raise res["error"]
    if status == "unchanged":
        summary.unchanged += 1
        return True
    if status == "changed":
        summary.changed += 1
    else:
        summary.new += 1
    if ex.warnings:
        summary.warned += 1
    summary.tasks += len(ex.tasks)
    summary.indicators += len(ex.indicators)
    summary.references += len(ex.references)
    summary.pages += o.pages or 0
    fmt = summary.by_format.setdefault(Path(o.file).suffix.lstrip(".").lower() or "?",
                                       {"docs": 0, "pages": 0, "seconds": 0.0})
    fmt["docs"] += 1
    fmt["pages"] += o.pages or 0
    fmt["seconds"] = round(fmt["seconds"] + o.seconds, 3)
    return True


def _fail(store: Any, summary: IngestSummary, f: Failure) -> None:
    summary.failed += 1
    summary.failures.append(f)
    if not getattr(store, "io_failed", False):
        record_failure(store, f)


def _prune(store: Any, paths: Iterable[str] = ()) -> int:
    """Remove the plans whose files are gone from disk, under the folders and files of this run only (a
    folder not named, or not mounted just now, keeps its plans)."""
    w = _writer()
    roots = [Path(p).expanduser().absolute() for p in paths]
    roots += [r.resolve() for r in roots if r.exists()]
    try:
        res = w.prune(store, within=roots)
    except TypeError:  # a writer without scoped prune
        res = w.prune(store)
    journal = getattr(store, "journal", None)
    if callable(journal) and isinstance(res, (list, tuple)):
        for f in res:
            journal({"op": "prune", "file": f})
    if isinstance(res, int):
        return res
    if isinstance(res, (list, tuple, set)):
        return len(res)
    return int(getattr(res, "removed", 0) or 0)


def _as_dict(result: Any) -> dict[str, Any]:
    if result is None:
        return {}
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, dict):
        return result
    return {"result": str(result)}


# ---------------------------------------------------------------- entry point

def _all_unchanged(paths: list[str], s: IngestSettings) -> IngestSummary | None:
    """The summary of a run with nothing to do (every file stored with its current hash), or None."""
    files = discover(paths, s.suffixes)
    if not files:
        return None
    store = open_store_retrying(s.store)
    try:
        known = stored_hashes(store)
        if not s.all_renditions:
            files, _skipped = pick_renditions(files, known)
        for p in files:
            try:
                if str(p) in REFUSED or known.get(str(p)) != file_sha256(p):
                    return None
            except (OSError, PlangraphError):
                return None
        from graph import derived

        if not derived.is_current(store, s.analysis):  # a run killed before relink / analysis ended
            return None
        logged = {r["file"] for r in store.execute("MATCH (l:IngestLog) RETURN DISTINCT l.file AS file")}
        if logged & {str(p) for p in files}:  # a failure record of a file now stored: the flow clears it
            return None
        counts = getattr(store, "counts", None)
        graph = dict(counts()) if callable(counts) else {}
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    _SINK.start(len(files))
    _SINK.stop()
    return IngestSummary(files=len(files), unchanged=len(files), graph=graph, runner=s.runner,
                         workers=s.workers, skipped_flow=True)


def task_runner_for(s: IngestSettings) -> Any:
    if s.runner == "dask":
        import logging

        from prefect_dask import DaskTaskRunner

        for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.core",
                     "distributed.worker", "distributed.http.proxy"):
            logging.getLogger(name).setLevel(logging.ERROR)  # keep Dask's INFO lines out of the CLI
        if s.dask_address:
            return DaskTaskRunner(address=s.dask_address)
        return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                              cluster_kwargs={"n_workers": s.workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": ":0",
                                              "scheduler_kwargs": {"dashboard": False},
                                              "silence_logs": logging.ERROR})
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=s.workers)


def run_ingest(paths: Iterable[str | Path], settings: IngestSettings | dict[str, Any] | None = None,
               sink: ProgressSink | None = None) -> IngestSummary:
    """Run the ingest flow with the runner the settings ask for; returns the summary."""
    global _SINK
    s = IngestSettings.coerce(settings)
    plist = [str(p) for p in paths]
    previous = _SINK
    _SINK = sink or ProgressSink()
    t0 = time.perf_counter()
    try:
        if s.cache and not s.prune:
            noop = _all_unchanged(plist, s)
            if noop is not None:  # nothing to do: no flow run, no Prefect start-up
                noop.elapsed = time.perf_counter() - t0
                return noop
        from pipeline.flow_report import quiet_document_failures, result_of, run_name

        quiet_document_failures()
        state = ingest.with_options(task_runner=task_runner_for(s),
                                    flow_run_name=run_name(plist))(plist, s, return_state=True)
        summary = result_of(state)
        summary.flow_elapsed = summary.elapsed
        summary.elapsed = time.perf_counter() - t0  # wall time, Prefect start-up included
        if summary.store_error:
            from graph.store_safety import StoreFullError, StoreIOError

            path, reason, code = summary.store_error_parts or ["", summary.store_error, "E300"]
            cls = {StoreFullError.code: StoreFullError, StoreIOError.code: StoreIOError}.get(code, StoreError)
            err = cls(path or None, reason)
            err.summary = summary  # type: ignore[attr-defined]  # what was done before the stop
            raise err
        return summary
    finally:
        _SINK = previous


def format_failure(f: Failure) -> str:
    return f"{f.file} [{f.stage}] {f.error_type}{' ' + f.code if f.code else ''}: {f.message}"


def describe_exception(exc: BaseException) -> str:  # used by the CLI for an unexpected crash
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


__all__ = ["IngestSummary", "Failure", "DocOutcome", "ProgressSink", "ValidationFailed", "discover",
           "ingest", "run_ingest", "process_path", "process_document", "validate_extraction",
           "is_transient", "StoreError"]
