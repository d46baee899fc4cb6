"""``import_paths``: files and folders -> the store, all or nothing, with a report of every record.

One import is one transaction: every file is read, its accepted rows staged as they are read (in the
store's temporary tables, so memory stays bounded whatever the file's size) and merged at the file's end
(replacing rows with the same keys, leaving identical rows alone), and the transaction committed at the
end. An exception or a killed process before the commit leaves the store file exactly as it was. Files
the importers cannot read at all are reported as one rejected entry each (no row), and the import goes on
with the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from mizaan.errors import InputError, Problem
from mizaan.i18n import Lang, t
from mizaan.ingest.channels import Taxonomy, load_taxonomy
from mizaan.ingest.importers import run_importer
from mizaan.ingest.importers.base import Context, ImportOptions
from mizaan.ingest.importers.generic import MAPPING_SUFFIX
from mizaan.ingest.queries import totals
from mizaan.ingest.report import SHOWN, Batch, FileSummary, ImportReport, Rejected, Skipped, rejected_entry
from mizaan.ingest.staging import MEMORY_LIMIT, Staging
from mizaan.ingest.store import Store
from mizaan.ingest.values import CellError, Zone

DEFAULT_WAIT = 30.0  # seconds an import waits for another one to finish
Progress = Callable[[str, int, int], None]  # (file, index, count), called after each file is written


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the files inside folders named (recursively, sorted); mapping files and hidden
    files are not data."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*")) if f.is_file() and not _ignored(f, p))
        else:
            out.append(p)
    return out


def _ignored(f: Path, root: Path) -> bool:
    rel = f.relative_to(root).parts
    return any(part.startswith(".") for part in rel) or f.name.endswith(MAPPING_SUFFIX)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def import_paths(
    paths: Iterable[str | Path],
    store: str | Path,
    options: ImportOptions | None = None,
    *,
    taxonomy: str | Path | None = None,
    lang: Lang = "en",
    progress: Progress | None = None,
    wait: float = DEFAULT_WAIT,
) -> ImportReport:
    """Import files and folders into the store file ``store`` (created when missing). When another import
    is writing to it, wait up to ``wait`` seconds for it to finish, then raise ``StoreBusy``."""
    options = options or ImportOptions()
    files = expand(paths)
    if not files:
        raise InputError([Problem("ingest.no_files", {})])
    tax = load_taxonomy(taxonomy)
    batches: list[Batch] = []
    with Store(store, wait=wait) as st:
        if options.timezone:
            try:
                zone = Zone.named(options.timezone)
            except Exception:
                raise InputError(
                    [Problem("ingest.cell.zone", {"value": options.timezone}, field="--timezone")]
                ) from None
        else:
            zone = Zone.named(st.setting("timezone"))
        _learn(tax, st)
        st.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        st.con.execute("SET preserve_insertion_order = false")
        with st.transaction():
            if options.timezone:
                st.set_setting("timezone", options.timezone)
            for i, path in enumerate(files, start=1):
                staging = Staging(st.con)
                batch = _read_one(path, options, tax, zone, staging)
                batches.append(batch)
                batch.flush()
                written = staging.merge(batch)
                if path.is_file() and batch.format != "unreadable":
                    st.record_import(_sha256(path), path.name, batch.format, written, len(batch.rejected))
                if progress is not None:
                    progress(str(path), i, len(files))
            _reclassify_codes(st, tax)
        return _report(st, batches, lang)


def _learn(tax: Taxonomy, st: Store) -> None:
    for influencer, tier, code in st.known_influencers():
        tax.learn_influencer(influencer, tier, code)  # type: ignore[arg-type]


def _reclassify_codes(st: Store, tax: Taxonomy) -> None:
    """Orders whose discount code belongs to an influencer known now (the deals sheet may come after the
    orders, in this import or a later one) get the influencer's channel."""
    codes = [
        r[0]
        for r in st.con.execute("SELECT DISTINCT discount_code FROM orders WHERE discount_code IS NOT NULL").fetchall()
    ]
    from mizaan.i18n import fold

    for code in codes:
        channel = tax.codes.get(fold(str(code)))
        if channel:
            st.con.execute(
                "UPDATE orders SET channel = ? WHERE discount_code = ? AND (channel IS NULL OR channel <> ?)",
                [channel, code, channel],
            )


def _read_one(path: Path, options: ImportOptions, tax: Taxonomy, zone: Zone, staging: Staging | None = None) -> Batch:
    batch = Batch(path.name, "unknown", staging)
    if not path.exists():
        batch.format = "unreadable"
        batch.reject(None, "ingest.file.missing", path=str(path))
        return batch
    ctx = Context(path=path, options=options, taxonomy=tax, batch=batch, zone=zone)
    try:
        batch.format = run_importer(ctx)
    except CellError as err:
        batch.rejected.append(Problem(err.key, err.params, file=path.name))
    except InputError as err:  # a bad mapping file: its own problems, located in it
        batch.rejected.extend(err.problems)
    except (OSError, UnicodeDecodeError) as err:
        batch.rejected.append(Problem("ingest.file.unreadable", {"detail": type(err).__name__}, file=path.name))
    return batch


def _report(st: Store, batches: list[Batch], lang: Lang) -> ImportReport:
    read: dict[str, int] = {}
    rejected: list[Rejected] = []
    skipped: list[Skipped] = []
    notes: list[str] = []
    files: list[FileSummary] = []
    count = 0
    for b in batches:
        counts = b.counts()
        for table, n in counts.items():
            read[table] = read.get(table, 0) + n
        rejected.extend(rejected_entry(p, lang) for p in islice(b.rejected, SHOWN - len(rejected)))
        count += len(b.rejected)
        for (key, detail), n in sorted(b.skipped.items()):
            skipped.append(Skipped(file=b.file, reason=t(key, lang, detail=detail), records=n))
        notes.extend(p.message(lang) for p in b.notes)
        files.append(
            FileSummary(
                file=b.file,
                format=b.format,
                read=counts,
                rejected=len(b.rejected),
                skipped=sum(b.skipped.values()),
            )
        )
    report = ImportReport(
        store=str(st.path),
        read=read,
        rejected=rejected,
        rejected_count=count,
        skipped=skipped,
        notes=notes,
        files=files,
        totals=totals(st),
    )

    def every() -> Iterator[Rejected]:
        for b in batches:
            for p in b.rejected:
                yield rejected_entry(p, lang)

    return report.with_every(every)
