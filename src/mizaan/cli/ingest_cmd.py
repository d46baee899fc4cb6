"""``mizaan import PATH...``: read exports into the project store and say what was read and rejected."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mizaan.cli.common import EXIT_BUSY, EXIT_FAILURE, LangOption, check_lang, console, friendly_errors, write_output

if TYPE_CHECKING:
    from rich.console import Console

    from mizaan.i18n import Lang
    from mizaan.ingest import ImportReport, StoreBusy

SHOWN_REJECTIONS = 30


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)


def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (folders are read recursively).")],
    store: Annotated[Path, typer.Option("--store", "-s", help="The project's store file.")] = Path("mizaan.duckdb"),
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            help="Import into this project folder's store instead of --store (the web app measures it as "
            "the upload project-imports; see mizaan plan --project).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Summary as text or json.")] = "text",
    lang: LangOption = None,
    timezone: Annotated[
        str | None,
        typer.Option(help="Time zone of shop times written without one (e.g. Asia/Riyadh); remembered by the store."),
    ] = None,
    currency: Annotated[str | None, typer.Option(help="Currency of files that name none.")] = None,
    decimal: Annotated[str | None, typer.Option(help="Decimal mark of ambiguous numbers: point or comma.")] = None,
    date_order: Annotated[str | None, typer.Option("--date-order", help="03/04/2025 is day or month first.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Encoding of the files (default: detected).")] = None,
    source_format: Annotated[
        str | None,
        typer.Option(
            "--source-format",
            help="Read every file as this format "
            "(google_ads, meta, tiktok, snapchat, shopify, woocommerce, "
            "salla, zid, ga4, influencer_deals, generic).",
        ),
    ] = None,
    mapping: Annotated[Path | None, typer.Option(help="Column-mapping file for a generic CSV or Parquet.")] = None,
    taxonomy: Annotated[Path | None, typer.Option(help="A channel taxonomy file instead of the built-in one.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the summary to this file.")] = None,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait while another import writes to the store.", min=0)
    ] = 30.0,
) -> None:
    """Import ad-platform, shop, GA4 and influencer exports into the store (one file per project).
    Every record is read or reported with its file, row, column and reason; importing the same file
    again changes nothing; a failed import leaves the store as it was. Exits with 1 when records were
    rejected (the rest is imported), 2 when nothing could be done, 3 when another import kept the store busy
    for longer than --wait (nothing imported; the summary says so)."""
    from pydantic import ValidationError

    from mizaan.ingest import ImportOptions, StoreBusy, import_paths

    chosen = check_lang(lang)
    if fmt not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    try:
        options = ImportOptions(
            timezone=timezone,
            currency=currency,
            decimal=decimal,
            date_order=date_order,
            encoding=encoding,
            format=source_format,
            mapping=mapping,
        )
    except ValidationError as exc:
        raise typer.BadParameter(exc.errors(include_url=False)[0]["msg"]) from None
    shown = chosen or "en"
    data = None
    if project is not None:
        from mizaan.web import DataDir, project_store

        data = DataDir(project)
        store = project_store(data)
    with friendly_errors(chosen):
        try:
            report = import_paths(paths, store, options, taxonomy=taxonomy, lang=shown, wait=wait)
        except StoreBusy as busy:
            _write_busy(busy, store, fmt, output, chosen)
            raise typer.Exit(EXIT_BUSY) from None
    if data is not None:  # the import is committed: the project's page lists its files
        from mizaan.web import record_import

        rejected = [{"file": r.file or "", "row": r.row, "ar": r.reason_ar, "en": r.reason_en} for r in report.rejected]
        record_import(data, [p.name for p in paths], dict(report.read), rejected)
    if fmt == "json":
        _write_json(report, output)
    elif output is not None:
        from rich.console import Console

        with output.open("w", encoding="utf-8") as fh:
            print_import_report(report, Console(file=fh, width=120), shown)
    else:
        print_import_report(report, console(), shown)
    if not report.ok:
        raise typer.Exit(EXIT_FAILURE)


def _write_json(report: ImportReport, output: Path | None) -> None:
    """The summary as JSON with every rejected record, written as they are read back (a file with millions
    of bad rows is not held whole to print it)."""
    import sys

    from mizaan.ingest import json_safe

    head = json.dumps(json_safe(report.model_dump(mode="python", exclude={"rejected"})), ensure_ascii=False, indent=1)
    fh = sys.stdout if output is None else output.open("w", encoding="utf-8")
    try:
        fh.write(head.rstrip().removesuffix("}").rstrip() + ',\n "rejected": [')
        for i, r in enumerate(report.all_rejected()):
            fh.write(("," if i else "") + "\n  " + json.dumps(r.model_dump(mode="python"), ensure_ascii=False))
        fh.write("\n ]\n}\n")
    finally:
        if output is not None:
            fh.close()


def _write_busy(busy: StoreBusy, store: Path, fmt: str, output: Path | None, lang: Lang | None) -> None:
    """The summary of an import that could not start: the store was busy; nothing was read or written."""
    texts: dict[Lang, str] = {"ar": busy.message("ar"), "en": busy.message("en")}
    if fmt == "json":
        summary: dict[str, object] = {
            "store": str(store),
            "busy": True,
            "error": {"key": "ingest.store.busy", "ar": texts["ar"], "en": texts["en"]},
            "read": {},
            "rejected": [],
            "skipped": [],
            "notes": [],
            "files": [],
            "totals": None,
        }
        write_output(json.dumps(summary, ensure_ascii=False, indent=1), output)
        return
    langs: tuple[Lang, ...] = ("ar", "en") if lang is None else (lang,)
    lines = [texts[each] for each in langs]
    if output is not None:
        output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for line in lines:
        typer.echo(line, err=True)


def print_import_report(report: ImportReport, out: Console, lang: Lang) -> None:
    """The summary: rows read per table, files with their format, rejected records (the first ones),
    notes, and the store's totals."""
    from rich.table import Table

    from mizaan.i18n import t

    files = Table(title=t("ingest.summary.title", lang))
    for col in ("file", "format", "rows", "rejected", "skipped"):
        files.add_column(t(f"ingest.summary.{col}", lang))
    for f in report.files:
        rows = ", ".join(f"{k} {v:,}" for k, v in f.read.items()) or "0"
        files.add_row(f.file, f.format, rows, f"{f.rejected:,}", f"{f.skipped:,}")
    out.print(files)
    read = Table(show_header=True)
    read.add_column(t("ingest.summary.table", lang))
    read.add_column(t("ingest.summary.rows", lang), justify="right")
    for table, n in report.read.items():
        read.add_row(table, f"{n:,}")
    out.print(read)
    if report.rejected:
        out.print(t("ingest.summary.rejected_title", lang, count=report.rejected_count), markup=False)
        for r in report.rejected[:SHOWN_REJECTIONS]:
            where = ", ".join(
                x
                for x in (
                    r.file,
                    f"row {r.row}" if r.row is not None else None,
                    f"column {r.column}" if r.column is not None else None,
                    r.field,
                )
                if x
            )
            out.print(f"  - {where}: {r.reason}", markup=False)
        if report.rejected_count > SHOWN_REJECTIONS:
            out.print(t("ingest.summary.more", lang, count=report.rejected_count - SHOWN_REJECTIONS), markup=False)
    else:
        out.print(t("ingest.summary.none_rejected", lang), markup=False)
    for s in report.skipped:
        out.print(f"  · {s.file}: {s.reason} ({s.records:,})", markup=False)
    if report.notes:
        out.print(t("ingest.summary.notes", lang), markup=False)
        for note in report.notes:
            out.print(f"  - {note}", markup=False)
    out.print(t("ingest.summary.totals", lang, store=report.store), markup=False)
    tot = report.totals
    for channel, per in tot["spend"].items():
        out.print(
            f"  {t('ingest.summary.spend', lang)} {channel}: " + ", ".join(f"{v:,} {c}" for c, v in per.items()),
            markup=False,
        )
    for cur, o in tot["orders"].items():
        out.print(f"  {t('ingest.summary.orders', lang)}: {o['orders']:,} = {o['revenue']:,} {cur}", markup=False)
    for cur, c in tot["conversions"].items():
        out.print(
            f"  {t('ingest.summary.conversions', lang)}: {c['conversions']:,} = {c['value']:,} {cur}",
            markup=False,
        )
    if tot["touchpoints"]:
        out.print(
            f"  {t('ingest.summary.touchpoints', lang)}: "
            + ", ".join(f"{k} {v:,}" for k, v in tot["touchpoints"].items()),
            markup=False,
        )
