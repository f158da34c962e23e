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
SCHEMA_VERSION = 3


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
            C("peak_rss_mb", "DOUBLE", "Peak memory the file needed in its worker (MB): the resident memory of "
              "its isolated child process beyond what that child held when the file started."),
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
    Table(
        "evaluations",
        "Validation figures: one row per label per 'discourse evaluate --store' run against hand-coded gold. "
        "The report's methods box shows the newest run's rows.",
        (
            C("run_id", "VARCHAR", "The evaluate run (see runs: parameters and package versions).", True),
            C("evaluated_at", "TIMESTAMP", "When (UTC)."),
            C("gold", "VARCHAR", "The gold file(s), as given."),
            C("label", "VARCHAR", "localism, enabling, ensuring or commitment.", True),
            C("n", "INTEGER", "Gold rows with a value for the label."),
            C("support", "INTEGER", "Gold positives (binary labels) or rows (commitment)."),
            C("predicted", "INTEGER", "Predicted positives (binary labels) or rows (commitment)."),
            C("precision", "DOUBLE", "Precision (macro over classes for commitment)."),
            C("recall", "DOUBLE", "Recall (macro over classes for commitment)."),
            C("f1", "DOUBLE", "F1 (macro over classes for commitment)."),
            C("alpha", "DOUBLE", "Krippendorff's alpha between gold and tagger."),
            C("codebook", "VARCHAR", "Codebook as name.vVERSION."),
            C("codebook_sha256", "VARCHAR", "SHA-256 of the codebook's canonical content."),
            C("frames_model", "VARCHAR", "Trained frames model used, or NULL."),
        ),
        ("run_id", "label"),
        stage="tag",
    ),
    Table(
        "topic_runs",
        "One row per topic model fit ('discourse topics'); the newest created_at is the current one.",
        (
            C("topic_run_id", "VARCHAR", "Unique, time-ordered id of the fit; keys every topic_* table.", True),
            C("run_id", "VARCHAR", "The runs row of the command that made it (parameters and package versions)."),
            C("unit", "VARCHAR", "What one modelled text is: sentence, or paragraph (consecutive sentences "
              "starting on the same line of the same page)."),
            C("params_json", "VARCHAR", "Model and stage parameters as JSON (embedding, min_topic_size, seed, "
              "bin, guided seed terms, outlier strategy and threshold, ...)."),
            C("n_units", "INTEGER", "Units modelled (every unit of every ok document)."),
            C("n_fit", "INTEGER", "Units the model was fitted on; the rest were assigned with transform."),
            C("sampled", "BOOLEAN", "True when the fit used a stratified sample (by time bin) of the units."),
            C("seed", "INTEGER", "Seed of the embedding, UMAP, the sample and the bootstrap."),
            C("outliers_before", "DOUBLE", "Share of units in topic -1 before outlier reduction."),
            C("outliers_after", "DOUBLE", "Share of units in topic -1 after outlier reduction (what the tables use)."),
            C("model_path", "VARCHAR", "The saved model (joblib pickle with a .json sidecar), or NULL if not saved."),
            C("created_at", "TIMESTAMP", "When the fit finished (UTC)."),
            C("n_topics", "INTEGER", "Topics found, not counting -1."),
            C("n_docs", "INTEGER", "Documents the units come from."),
            C("n_undated_docs", "INTEGER", "Documents without a date: modelled, but left out of topics_over_time."),
            C("n_undated_units", "INTEGER", "Units of those documents."),
            C("bin", "VARCHAR", "Time bin of topics_over_time: year, quarter, month or decade."),
            C("coherence", "DOUBLE", "Mean NPMI coherence of the topics' top 10 terms over the modelled units."),
            C("diversity", "DOUBLE", "Share of unique terms among all topics' top 25 terms."),
            C("seconds", "DOUBLE", "Wall time of the fit and the tables."),
        ),
        ("topic_run_id",),
        stage="model",
    ),
    Table(
        "topics",
        "The topics of a fit, topic -1 (outliers) included when any unit remains in it.",
        (
            C("topic_run_id", "VARCHAR", "The fit (topic_runs).", True),
            C("topic_id", "INTEGER", "Topic number, 0 = largest at fit time; -1 = outliers.", True),
            C("label", "VARCHAR", "The four best terms joined by '_' (prefixed 'outliers: ' for -1)."),
            C("top_terms", "VARCHAR[]", "The topic's terms (unigrams and bigrams), best first by c-TF-IDF."),
            C("size", "INTEGER", "Units assigned to the topic after outlier reduction."),
            C("share", "DOUBLE", "size over all units."),
            C("size_fit", "INTEGER", "Units of the fitting sample in the topic before outlier reduction."),
            C("coherence", "DOUBLE", "NPMI coherence of the top 10 terms over the modelled units (-1 to 1); "
              "low values flag topics held together by one common word."),
        ),
        ("topic_run_id", "topic_id"),
        stage="model",
    ),
    Table(
        "topic_assignments",
        "The topic of every sentence. With paragraph units every sentence of a paragraph gets the paragraph's topic.",
        (
            C("topic_run_id", "VARCHAR", "The fit (topic_runs).", True),
            C("doc_id", "VARCHAR", "Document.", True),
            C("sentence_id", "INTEGER", "Sentence (sentences.sentence_id).", True),
            C("unit_id", "INTEGER", "The modelled unit within the document: the sentence_id for sentence units, "
              "the 0-based paragraph number for paragraph units."),
            C("topic_id", "INTEGER", "Topic after outlier reduction (-1 = still an outlier)."),
            C("topic_raw", "INTEGER", "Topic before outlier reduction (-1 = HDBSCAN outlier)."),
            C("prob", "DOUBLE", "HDBSCAN membership strength of the unit in topic_raw (0 for outliers)."),
            C("in_fit", "BOOLEAN", "True when the unit was in the fitting sample; False when assigned with transform."),
        ),
        ("topic_run_id", "doc_id", "sentence_id"),
        stage="model",
    ),
    Table(
        "topics_over_time",
        "Each topic's share of each time bin's units, with a bootstrap interval over documents; plot-ready "
        "(every topic in every bin, zeros included). Undated documents are left out (see topic_runs).",
        (
            C("topic_run_id", "VARCHAR", "The fit (topic_runs).", True),
            C("topic_id", "INTEGER", "Topic (-1 = outliers).", True),
            C("bin", "VARCHAR", "Time bin label: 2019, 2019-Q3, 2019-07 or 2010s.", True),
            C("bin_start", "DATE", "First day of the bin (for plotting)."),
            C("count", "INTEGER", "Units of the bin in the topic."),
            C("n_units", "INTEGER", "Units in the bin."),
            C("n_docs", "INTEGER", "Documents in the bin (the bootstrap resamples these)."),
            C("share", "DOUBLE", "count / n_units."),
            C("share_lo", "DOUBLE", "Lower bound of the 95% percentile bootstrap interval (documents resampled "
              "within the bin); NULL with fewer than two documents."),
            C("share_hi", "DOUBLE", "Upper bound of that interval."),
            C("terms", "VARCHAR", "The topic's five best terms within the bin (BERTopic topics_over_time, no "
              "tuning), comma-separated; NULL when the topic has no units there."),
        ),
        ("topic_run_id", "topic_id", "bin"),
        stage="model",
    ),
    Table(
        "topics_per_class",
        "Each topic's share of the units of each document type or actor, with a bootstrap interval over documents.",
        (
            C("topic_run_id", "VARCHAR", "The fit (topic_runs).", True),
            C("class_var", "VARCHAR", "The document variable: doc_type or actor.", True),
            C("class_value", "VARCHAR", "Its value; NULL for documents without one."),
            C("topic_id", "INTEGER", "Topic (-1 = outliers).", True),
            C("count", "INTEGER", "Units of the class in the topic."),
            C("n_units", "INTEGER", "Units in the class."),
            C("n_docs", "INTEGER", "Documents in the class (the bootstrap resamples these)."),
            C("share", "DOUBLE", "count / n_units."),
            C("share_lo", "DOUBLE", "Lower bound of the 95% percentile bootstrap interval; NULL with < 2 documents."),
            C("share_hi", "DOUBLE", "Upper bound of that interval."),
            C("terms", "VARCHAR", "The topic's five best terms within the class, comma-separated."),
        ),
        stage="model",
    ),
    Table(
        "topic_frames",
        "Frames and resourcing of each topic's sentences, joined from the newest frames and commitments runs "
        "when those tables exist. frame = 'any' summarises the topic as a whole.",
        (
            C("topic_run_id", "VARCHAR", "The fit (topic_runs).", True),
            C("topic_id", "INTEGER", "Topic (-1 = outliers).", True),
            C("frame", "VARCHAR", "A frame (localism, enabling, ensuring, ...) or 'any'.", True),
            C("n_sentences", "INTEGER", "Sentences in the topic."),
            C("count", "INTEGER", "Of those, sentences with the frame ('any': with at least one frame)."),
            C("share", "DOUBLE", "count / n_sentences; NULL when no frames table was joined."),
            C("share_lo", "DOUBLE", "Lower bound of its 95% bootstrap interval over documents."),
            C("share_hi", "DOUBLE", "Upper bound of that interval."),
            C("resourced", "INTEGER", "Sentences with the frame labelled resourced ('any': all the topic's)."),
            C("pledge", "INTEGER", "Those labelled pledge."),
            C("rhetoric", "INTEGER", "Those labelled rhetoric."),
            C("resourcing_index", "DOUBLE", "resourced / (resourced + pledge + rhetoric); NULL when no "
              "commitments table was joined or no sentence is committed."),
            C("ri_lo", "DOUBLE", "Lower bound of its 95% bootstrap interval over documents."),
            C("ri_hi", "DOUBLE", "Upper bound of that interval."),
            C("frames_run_id", "VARCHAR", "tag_run_id of the frames rows used (NULL if none)."),
            C("commitments_run_id", "VARCHAR", "tag_run_id of the commitments rows used (NULL if none)."),
        ),
        ("topic_run_id", "topic_id", "frame"),
        stage="model",
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
