"""The corpus store's schema, in one place.

Every table and column the store holds is declared here with its meaning. The
DDL, the additive migrations and the ``discourse schema`` documentation are all
generated from these declarations, so they cannot drift apart.

Versioning: ``SCHEMA_VERSION`` is written to the ``meta`` table. Opening a store
written by an older version adds the missing tables and columns (migrations are
additive only); opening one written by a newer version fails with
:class:`~discourse.errors.SchemaVersionError`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Column", "Table", "SCHEMA_VERSION", "TABLES", "table", "schema_markdown"]

#: Bump when a table or column is added; migrations between versions are additive.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str
    not_null: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    stage: str = "store"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        cols = [
            f'"{c.name}" {c.type}' + (" NOT NULL" if c.not_null else "")
            for c in self.columns
        ]
        if self.primary_key:
            cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in self.primary_key) + ")")
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


C = Column

TABLES: tuple[Table, ...] = (
    Table(
        "meta",
        "Key/value facts about the store itself (schema_version, created_at).",
        (C("key", "VARCHAR", "Name of the fact.", True), C("value", "VARCHAR", "Its value.")),
        ("key",),
    ),
    Table(
        "runs",
        "One row per command that changed the store: what ran, with which parameters and package versions.",
        (
            C("run_id", "VARCHAR", "Unique id of the run (time-ordered).", True),
            C("started_at", "TIMESTAMP", "When the run started (UTC)."),
            C("finished_at", "TIMESTAMP", "When it finished (UTC); NULL if it was interrupted."),
            C("command", "VARCHAR", "The stage or CLI command (extract, add-text, tag, topics, ...)."),
            C("params_json", "VARCHAR", "Parameters as JSON (inputs, settings, seeds, codebook hash)."),
            C("versions_json", "VARCHAR", "discourse, Python and package versions as JSON."),
            C("status", "VARCHAR", "running, ok, failed or interrupted."),
            C("summary_json", "VARCHAR", "Counts and timings the run reported, as JSON."),
        ),
        ("run_id",),
    ),
    Table(
        "documents",
        "One row per distinct input document (PDF file content or text record), whatever happened to it.",
        (
            C("doc_id", "VARCHAR", "First 16 hex digits of sha256: byte-identical files are one document.", True),
            C("sha256", "VARCHAR", "Full SHA-256 of the file bytes (of the UTF-8 text for text records).", True),
            C("path", "VARCHAR", "The first path the document was seen at (relative paths kept as given)."),
            C("all_paths", "VARCHAR[]", "Every path with these bytes, sorted (duplicates are merged here)."),
            C("title", "VARCHAR", "Title from the manifest, else the PDF metadata, else the first heading."),
            C("date", "DATE", "Document date (see date_source)."),
            C("date_source", "VARCHAR", "Where date came from: manifest, column, text, filename, metadata or NULL."),
            C("doc_type", "VARCHAR", "Document type from the manifest (speech, plan, budget, ...) or NULL."),
            C("actor", "VARCHAR", "Author or speaker from the manifest or NULL."),
            C("n_pages", "INTEGER", "Pages in the PDF (1 for text records); NULL when unreadable."),
            C("status", "VARCHAR", "ok, empty, encrypted, corrupt, needs_ocr, partial_ocr, timeout, too_large, crashed, not_pdf, missing.", True),
            C("error", "VARCHAR", "Plain reason naming the file when status is not ok; NULL otherwise."),
            C("warning", "VARCHAR", "Something a reader should know about an ok document (e.g. it was recovered "
              "by the pdfminer fallback after PDFium refused it); NULL otherwise."),
            C("extractor_version", "VARCHAR", "Version of the extraction + cleanup + segmentation code that made the rows."),
            C("source", "VARCHAR", "pdf or text."),
            C("n_bytes", "BIGINT", "Size of the input in bytes."),
            C("n_sentences", "INTEGER", "Sentences written for this document."),
            C("n_pages_ocr", "INTEGER", "Pages with no text layer (scanned) left without text; see pages.needs_ocr."),
            C("peak_rss_mb", "DOUBLE", "Peak resident memory of the worker process that extracted it (MB)."),
            C("seconds", "DOUBLE", "Wall time spent extracting it."),
            C("run_id", "VARCHAR", "The run that wrote this row."),
        ),
        ("doc_id",),
        stage="extract",
    ),
    Table(
        "pages",
        "Clean text of each page, with its page number: the unit of provenance.",
        (
            C("doc_id", "VARCHAR", "Document.", True),
            C("page_no", "INTEGER", "1-based page number in the PDF (physical order, not the printed folio).", True),
            C("text", "VARCHAR", "Cleaned text: running headers/footers and page numbers removed, hyphenation and "
              "wrapped lines rejoined; one paragraph, heading or list item per line."),
            C("n_chars", "INTEGER", "Characters in text."),
            C("n_chars_raw", "INTEGER", "Characters the PDF text layer gave before cleanup."),
            C("needs_ocr", "BOOLEAN", "True when the page has no usable text layer (scanned)."),
            C("removed_lines", "VARCHAR[]", "Running headers, footers and page numbers removed from this page."),
            C("method", "VARCHAR", "How the text was obtained: pdfium, pdfplumber, ocr or text."),
        ),
        ("doc_id", "page_no"),
        stage="extract",
    ),
    Table(
        "tables",
        "Tables found on pages (budget tables are where money lives).",
        (
            C("doc_id", "VARCHAR", "Document.", True),
            C("page_no", "INTEGER", "Page the table is on.", True),
            C("table_no", "INTEGER", "0-based order of the table on the page.", True),
            C("rows_json", "VARCHAR", "The cells as a JSON list of rows (lists of strings or null)."),
            C("n_rows", "INTEGER", "Number of rows."),
            C("n_cols", "INTEGER", "Number of columns of the widest row."),
            C("bbox_json", "VARCHAR", "[x0, top, x1, bottom] of the table on the page, in PDF points."),
        ),
        ("doc_id", "page_no", "table_no"),
        stage="extract",
    ),
    Table(
        "sentences",
        "Sentences with their exact position: page and character offsets into pages.text.",
        (
            C("doc_id", "VARCHAR", "Document.", True),
            C("sentence_id", "INTEGER", "0-based position of the sentence in the document.", True),
            C("page_no", "INTEGER", "Page the sentence starts on."),
            C("start_char", "INTEGER", "Offset of its first character in pages.text of page_no."),
            C("end_page_no", "INTEGER", "Page the sentence ends on (differs from page_no when it runs over a page break)."),
            C("end_char", "INTEGER", "Offset just past its last character in pages.text of end_page_no."),
            C("text", "VARCHAR", "The sentence, with line breaks inside it replaced by spaces."),
            C("n_words", "INTEGER", "Number of word tokens."),
        ),
        ("doc_id", "sentence_id"),
        stage="segment",
    ),
    Table(
        "tag_runs",
        "One row per distinct tagging configuration (codebook version and hash, frames model, commitment "
        "version). Re-running tag with the same configuration adds new sentences to the same tag run; "
        "the current tag run is the newest.",
        (
            C("tag_run_id", "VARCHAR", "Unique, time-ordered id of the tagging configuration.", True),
            C("codebook", "VARCHAR", "Codebook name (big-society)."),
            C("codebook_version", "VARCHAR", "Codebook version (1)."),
            C("codebook_sha256", "VARCHAR", "SHA-256 of the codebook's canonical content: any edit makes a new tag run."),
            C("frames_model", "VARCHAR", "Trained frames model as '<file>@<sha256 prefix>', or NULL (codebook alone)."),
            C("commitment_version", "VARCHAR", "Version of the commitment classifier, or NULL when it did not run."),
            C("created_at", "TIMESTAMP", "When the tag run was created (UTC)."),
            C("run_id", "VARCHAR", "The run that created it."),
            C("n_sentences", "INTEGER", "Sentences tagged in this tag run so far."),
        ),
        ("tag_run_id",),
        stage="tag",
    ),
    Table(
        "frames",
        "One row per (tag run, sentence, frame present); sentences with no frame have no rows.",
        (
            C("tag_run_id", "VARCHAR", "Tag run (see tag_runs).", True),
            C("doc_id", "VARCHAR", "Document.", True),
            C("sentence_id", "INTEGER", "Sentence within the document.", True),
            C("frame", "VARCHAR", "Frame name (localism, enabling, ensuring, ...).", True),
            C("subframe", "VARCHAR", "The main sub-frame (largest matched weight), or NULL when a model found the "
              "frame without a codebook match."),
            C("terms", "VARCHAR[]", "Matched terms, lower-cased, in order of appearance."),
            C("negated", "BOOLEAN", "Every match of the frame lies in the scope of a negation cue ('will not devolve')."),
            C("score", "DOUBLE", "Sum of matched pattern weights (codebook), or the model's probability."),
        ),
        ("tag_run_id", "doc_id", "sentence_id", "frame"),
        stage="tag",
    ),
    Table(
        "tagged_documents",
        "Which documents each tag run has tagged, with their sentence count then: how tag finds new or "
        "re-extracted documents to tag incrementally.",
        (
            C("tag_run_id", "VARCHAR", "Tag run.", True),
            C("doc_id", "VARCHAR", "Document.", True),
            C("n_sentences", "INTEGER", "Sentences the document had when it was tagged."),
            C("run_id", "VARCHAR", "The run that tagged it."),
            C("tagged_at", "TIMESTAMP", "When (UTC)."),
        ),
        ("tag_run_id", "doc_id"),
        stage="tag",
    ),
    Table(
        "commitments",
        "One row per sentence per tag run: its commitment label (resourced, pledge, rhetoric or other) "
        "and the evidence spans behind it.",
        (
            C("tag_run_id", "VARCHAR", "The tag run that wrote the row (see tag_runs).", True),
            C("doc_id", "VARCHAR", "Document.", True),
            C("sentence_id", "INTEGER", "Sentence within the document.", True),
            C("label", "VARCHAR", "resourced, pledge, rhetoric or other (coding guide, section 2)."),
            C("score", "DOUBLE", "Confidence of the rule or model that decided the label (0-1)."),
            C("evidence_json", "VARCHAR", "JSON list of evidence spans {label, text, start_char, end_char, ...} "
              "with offsets into the sentence text: the spans that decided the label (decisive: true) and every "
              "MONEY (value, currency, period, role), STAFF, ASSET, DEADLINE, PERIOD and TARGET span."),
        ),
        ("tag_run_id", "doc_id", "sentence_id"),
        stage="tag",
    ),
)

_BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """Return the declaration of table ``name``.

    Raises
    ------
    KeyError
        If the store has no such table.
    """
    return _BY_NAME[name]


def schema_markdown() -> str:
    """Render the schema as Markdown (used by ``discourse schema``)."""
    lines = [f"# discourse store schema, version {SCHEMA_VERSION}", ""]
    for t in TABLES:
        lines += [f"## `{t.name}` ({t.stage})", "", t.doc, ""]
        if t.primary_key:
            lines += [f"Primary key: `({', '.join(t.primary_key)})`", ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in t.columns]
        lines.append("")
    return "\n".join(lines)
