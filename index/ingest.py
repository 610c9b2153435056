"""Indexing files: scan, read, decode, parse, extract figures, write Whoosh and the catalog.

Incremental: a file whose size and mtime (or, failing those, content hash) match the catalog is
not read again; files gone from disk, or from a folder being re-indexed, are dropped.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import PreAnalyzed
from .article import Article, parse_article
from .catalog import ArticleRow
from .codec import compact_writer
from .paths import key_path, path_key
from .schema import BRIEF, body_field, title_field
from .store import WriterLock, create_store, publish
from .textio import NotText, decode_bytes, read_regular_file

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")  # (index.html's, kept here so a scan imports no extractor)
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES


@dataclass
class IndexSummary:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    figures: int = 0
    findings: int = 0
    copies: int = 0  # articles that are syndicated copies of another one (index/copies.py)
    seconds: float = 0.0
    reread: bool = False  # the figure engine changed: every article's figures were read again
    unpublished: bool = False  # a first build or rebuild that held no article: not published

    @property
    def indexed(self) -> int:
        return self.added + self.changed

    def line(self) -> str:
        line = (
            f"indexed {self.indexed} article(s) ({self.added} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.removed} removed, {len(self.skipped)} skipped), "
            f"{self.figures} figures, {self.findings} findings in {self.seconds:.2f}s"
        )
        if self.copies:
            line += f"; {self.copies} syndicated cop{'y' if self.copies == 1 else 'ies'}"
        if self.reread:
            line += " (factdesk's figure rules changed: every article was read again)"
        return line


ENGINE_FILES = (
    "article.py",
    "langdetect.py",
    "textio.py",
    "html.py",
    "copies.py",
    "figures/*.py",
    "data/*",
)


def engine_fingerprint() -> str:
    """A digest of everything that decides an article's figures and the findings: the
    extraction code, the data files and the HTML extractor's version. An index built by other
    rules reads its articles again."""
    from .html import extractor_id

    here = Path(__file__).parent
    digest = hashlib.sha1(extractor_id().encode())
    for pattern in ENGINE_FILES:
        for path in sorted(here.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(here).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


Progress = Callable[[str, int, int], None]
FINDINGS_STAGE = "comparing figures across sources…"  # the name progress gets for the last step


def scan(inputs: Iterable[Path]) -> tuple[list[str], list[tuple[str, str]], list[Path]]:
    """Article files under ``inputs`` (sorted, absolute paths as text: no ``Path`` object for each
    of 50,000 files), what was skipped, and the folders walked.

    Symbolic links to folders are not followed, so link loops cannot trap the walk; a link to a
    file is followed only when the file is inside a folder being indexed (a link to
    ``/proc/self/environ`` or to a file elsewhere must not make its text searchable).
    """
    files: dict[str, bool] = {}  # each file found, and whether it is known to be a plain file
    skipped: list[tuple[str, str]] = []
    roots: list[Path] = []
    for given in inputs:
        path = Path(os.path.abspath(given))
        if not os.path.lexists(path):
            skipped.append((str(given), "no such file or folder"))
        elif path.is_dir():
            roots.append(path)

            def walk_error(err: OSError) -> None:
                skipped.append((str(err.filename), f"cannot read folder: {err.strerror}"))

            real_root = os.path.realpath(path)
            for found, regular in _article_entries(str(path), walk_error):
                if regular:  # (a plain file, known from the folder's listing: no stat)
                    files[found] = True
                elif os.path.islink(found) and not _inside(os.path.realpath(found), real_root):
                    skipped.append((found, "link to a file outside the indexed folder"))
                else:
                    files[found] = False
        elif path.is_file():
            files[str(path)] = True
        else:
            skipped.append((str(given), "not a regular file (broken link or device)"))
    regular_files = []
    for found in sorted(files, key=lambda name: name.split(os.sep)):  # (Path's order)
        if not files[found] and not os.path.isfile(found):
            skipped.append((found, "not a regular file (broken link or device)"))
        else:
            regular_files.append(found)
    return regular_files, skipped, roots


def _article_entries(top: str, onerror: Callable[[OSError], None]) -> Iterator[tuple[str, bool]]:
    """Article files under the folder ``top`` (by suffix), each with whether its folder's
    listing says it is a plain file (no link, no device: no stat needed); folders walked in
    name order, links to folders not followed (as ``os.walk`` does)."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as err:
            onerror(err)
            continue
        subfolders = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
                if not entry.name.lower().endswith(ARTICLE_SUFFIXES):
                    continue
                yield entry.path, entry.is_file(follow_symlinks=False)
            except OSError:  # (a file gone while listed: what it was is asked later)
                yield entry.path, False
        stack.extend(sorted(subfolders, reverse=True))


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def read_article(path: Path) -> tuple[Article, os.stat_result, str, str]:
    """Read and parse one file; raises NotText or OSError with a one-line reason.

    An HTML file is read as the article its main text makes (``html.py``): its text, hence
    every offset, is the page's extracted text, made again each time the file is indexed; its
    hash covers the extractor too, so a new extractor's text is a new article's (old verdicts
    on it stay unmatched rather than pointing at other words)."""
    if path.name.lower().endswith(HTML_SUFFIXES):
        from .html import MAX_HTML_BYTES, extractor_id, read_page

        data, stat = read_regular_file(path, limit=MAX_HTML_BYTES)
        page = read_page(data)
        sha1 = hashlib.sha1(data + b"\0" + extractor_id().encode()).hexdigest()
        article = parse_article(path_key(path), page.render())
        article.warnings[:0] = page.warnings
        return article, stat, sha1, page.encoding
    data, stat = read_regular_file(path)
    decoded = decode_bytes(data)
    sha1 = hashlib.sha1(data).hexdigest()
    article = parse_article(path_key(path), decoded.text)
    article.warnings[:0] = decoded.warnings
    return article, stat, sha1, decoded.encoding


def whoosh_document(article: Article) -> dict:
    doc = {
        "path": article.path,
        "lang": article.lang,
        "source": article.source,
        "date": article.date,
        "title": article.title,
        "text": article.text,
        "body_start": article.body_start,
        "paragraphs": [(p.start, p.end, p.lang) for p in article.paragraphs],
        BRIEF: (article.path, article.title, article.lang, article.source, article.date),
        # analysed here (in a worker for large runs), filed as is by the writing process
        # (by the analyser of the field's language: 'title_other' for Spanish)
        title_field(article.lang): PreAnalyzed.of(
            article.title, title_field(article.lang).removeprefix("title_")
        ),
    }
    bodies: dict[str, list[str]] = {}
    for paragraph in article.paragraphs:
        bodies.setdefault(body_field(paragraph.lang), []).append(article.paragraph_text(paragraph))
    for name, parts in bodies.items():
        doc[name] = PreAnalyzed.of("\n".join(parts), name.removeprefix("body_"))
    return doc


@dataclass
class Prepared:
    """One file read, parsed and mined for figures (in a worker process for large runs)."""

    key: str
    skipped: str = ""
    gone: bool = False  # deleted since the folder was scanned
    unchanged: bool = False
    document: dict | None = None
    row: ArticleRow | None = None
    figures: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    copy_signature: bytes | None = None  # MinHash of the body, to find syndicated copies


def prepare(key: str, old_sha1: str = "") -> Prepared:
    from .figures.extract import extract_figures

    try:
        article, stat, sha1, encoding = read_article(key_path(key))
    except NotText as err:
        return Prepared(key, skipped=str(err))
    except FileNotFoundError:
        return Prepared(key, gone=True)
    except OSError as err:
        return Prepared(key, skipped=f"cannot read: {err.strerror or err}")
    row = ArticleRow(
        path=key,
        title=article.title,
        lang=article.lang,
        source=article.source,
        date=article.date,
        chars=len(article.text),
        mtime_ns=stat.st_mtime_ns,
        size=stat.st_size,
        sha1=sha1,
        encoding=encoding,
    )
    if sha1 == old_sha1:
        return Prepared(key, unchanged=True, row=row)
    from .copies import signature

    figures = [f.as_dict() for f in extract_figures(article)]
    return Prepared(
        key,
        document=whoosh_document(article),
        row=row,
        figures=figures,
        warnings=article.warnings,
        copy_signature=signature(article.body),
    )


def _prepare_job(job: tuple[str, str]) -> Prepared:
    return prepare(*job)


PARALLEL_MIN_FILES = 200


def _ignore_interrupts() -> None:
    """Workers leave Ctrl+C to the indexing process, which stops them and rolls back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


# what the worker processes import, imported once by the fork server they are forked from
# (about 1.4 s of CPU a process: datasketch brings numpy and scipy) rather than by each worker
_WORKER_MODULES = [
    "factdesk.index.ingest",
    "factdesk.index.figures.extract",
    "factdesk.index.figures.findings",
    "factdesk.index.catalog",
    "factdesk.index.copies",
    "datasketch",
]


def _forkserver():
    import multiprocessing
    import signal
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_WORKER_MODULES)  # (the first start in a process only)
    # Ctrl+C is the indexing process's to handle: the fork server, started here, inherits
    # SIGINT ignored (an ignored signal stays so across exec), or a Ctrl+C while it imports
    # the workers' modules would print its traceback and leave the pool waiting for it
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)
    return context


def prepared_files(jobs: list[tuple[str, str]]) -> Iterator[Prepared]:
    """Prepared files in the order of ``jobs``; large runs use every core but one for reading
    and extraction while this process writes the index."""
    workers = min(max(1, (os.cpu_count() or 1)), 4)
    if len(jobs) < PARALLEL_MIN_FILES or workers < 2:
        for job in jobs:
            yield prepare(*job)
        return
    try:
        with _forkserver().Pool(workers, initializer=_ignore_interrupts) as pool:
            yield from pool.imap(_prepare_job, jobs, chunksize=16)
    except BaseException:  # Ctrl+C, an error, or the run stopped reading: no new worker
        _stop_forkserver()
        raise


def _stop_forkserver() -> None:
    """Stop the fork server (it ignores Ctrl+C: ``_forkserver``) before it forks the workers a
    stopped pool still asked for: they would find the pool's locks gone, and say so."""
    import signal
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)  # (CPython 3.8-3.13)
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
            # dead before a next run asks whether it runs (left to be reaped by that question)
            os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        except OSError:
            pass  # (gone already)


def _findings_job(catalog_path: str) -> None:
    from .catalog import Catalog
    from .figures.findings import iter_computed_findings

    catalog = Catalog(Path(catalog_path))
    try:
        catalog.replace_findings(iter_computed_findings(catalog))
        catalog.commit()
    finally:
        catalog.close()


def _findings_beside(catalog_path: Path):
    """The findings of a new generation's catalog, computed and written by another process
    (a future: ``result()`` waits for it and raises its error)."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(1, mp_context=_forkserver(), initializer=_ignore_interrupts)
    future = pool.submit(_findings_job, str(catalog_path))
    pool.shutdown(wait=False)  # the worker ends when its one job is done
    return future


def index_paths(
    index_dir: Path,
    inputs: Iterable[Path],
    progress: Progress | None = None,
    rebuild: bool = False,
) -> IndexSummary:
    """Bring the index at ``index_dir`` up to date with the files under ``inputs``.

    Crash safety: Whoosh commits first, then the catalog, in one transaction with the findings.
    A run marks the catalog while it writes; a run that finds the mark left by one that died
    replaces documents instead of adding them, so nothing is indexed twice. A first build or a
    ``rebuild`` writes a new generation that readers only see once it is complete.
    """
    from . import copies
    from .figures.findings import iter_computed_findings

    started = time.perf_counter()
    summary = IndexSummary()
    with WriterLock(index_dir):
        store = create_store(index_dir, rebuild=rebuild)
        try:
            files, summary.skipped, roots = scan(inputs)
            known = store.catalog.signatures()
            engine = engine_fingerprint()
            reread = bool(known) and store.catalog.meta("engine") != engine
            summary.reread = reread
            copies.ensure_tables(store.catalog)
            interrupted_before = store.catalog.begin_run()
            jobs = []
            gone: set[str] = set()
            listed: set[str] = set()  # the keys of the files found
            for path in files:
                key = path_key(path)
                listed.add(key)
                old = known.get(key)
                try:
                    stat = os.stat(path)
                except FileNotFoundError:
                    gone.add(key)  # deleted since the scan: dropped below like any file gone
                    continue
                except OSError as err:
                    summary.skipped.append((key, f"cannot read: {err.strerror or err}"))
                    continue
                if reread:
                    jobs.append((key, ""))  # new rules: its figures are read again
                elif old and old[:2] == (stat.st_mtime_ns, stat.st_size):
                    summary.unchanged += 1
                else:
                    jobs.append((key, old[2] if old else ""))
            ix = store.whoosh()
            writer = compact_writer(ix, limitmb=96)  # (codec.py: postings, their pool)
            try:
                for done, item in enumerate(prepared_files(jobs), 1):
                    if progress:
                        progress(item.key, done, len(jobs))
                    if item.gone:
                        gone.add(item.key)
                        continue
                    if item.skipped:
                        summary.skipped.append((item.key, item.skipped))
                        continue
                    if item.row is None:
                        continue  # (prepared_files gives a row for every readable file)
                    if item.unchanged:
                        store.catalog.touch(item.key, item.row.mtime_ns, item.row.size)
                        summary.unchanged += 1
                        continue
                    if item.document is None:
                        continue  # (and a document for every changed one)
                    summary.warnings.extend((item.key, w) for w in item.warnings)
                    if item.key in known or interrupted_before:
                        writer.update_document(**item.document)
                        summary.changed += item.key in known
                        summary.added += item.key not in known
                    else:
                        writer.add_document(**item.document)
                        summary.added += 1
                    store.catalog.put_article(item.row, item.figures)
                    copies.put(store.catalog, item.key, item.copy_signature)
                seen = listed - gone
                for key in known:
                    if key in seen:
                        continue
                    gone_file = key_path(key)
                    under_root = any(gone_file.is_relative_to(root) for root in roots)
                    if under_root or not os.path.exists(gone_file):
                        writer.delete_by_term("path", key)
                        copies.forget(store.catalog, key)  # (by its catalog id: first)
                        store.catalog.remove_article(key)
                        summary.removed += 1
                compare = bool(
                    summary.added
                    or summary.changed
                    or summary.removed
                    or interrupted_before
                    or (store.catalog.meta("engine") != engine)
                )
                if compare:  # (nothing changed: nothing to tidy; a scan of 1.6M bands at 50k)
                    copies.drop_missing(store.catalog)
                    store.catalog.drop_unused_keys()
                if progress and compare:  # the last step has no files to count: say what
                    progress(FINDINGS_STAGE, len(jobs), len(jobs))  # it is doing
                # a new generation nobody reads yet: its findings are computed in another
                # process while Whoosh writes its segment (both take seconds at 10,000 files)
                beside = compare and store.fresh and len(jobs) >= PARALLEL_MIN_FILES
                if beside:
                    store.catalog.commit()  # the figures, for the other process to read
                    pending = _findings_beside(store.catalog.path)
                try:
                    writer.commit()
                finally:
                    if beside:  # never leave it writing: its error, if any, stops the run
                        pending.result()
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                store.catalog.db.rollback()
                raise
            if compare:
                if not beside:
                    store.catalog.replace_findings(iter_computed_findings(store.catalog))
                store.catalog.set_meta("engine", engine)
            # else nothing changed: the findings stored are still the corpus's
            store.catalog.end_run()
            store.catalog.commit()
            fresh = store.fresh
            if fresh:  # a new generation nobody reads yet: its pages packed (a twentieth of
                store.catalog.vacuum()  # it, for a quarter of a second per 2,000 articles)
            summary.unpublished = fresh and not publish(store)  # never an empty new index
            summary.findings = store.catalog.db.execute("SELECT count(*) FROM findings").fetchone()[
                0
            ]
            summary.figures = store.catalog.db.execute("SELECT count(*) FROM figures").fetchone()[0]
            groups = copies.copy_groups(store.catalog)
            summary.copies = len(groups) - len(set(groups.values()))
        finally:
            store.close()
    summary.seconds = time.perf_counter() - started
    return summary
