"""A small synthetic corpus for the topic tests, written for this project.

Six themes, each with its own vocabulary, mixed into sentences by a seeded
generator; documents carry a date (some none), a doc_type and an actor.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

THEMES = {
    "housing": ["homes", "housing", "tenants", "rent", "landlords", "mortgage", "affordable", "estates", "building"],
    "schools": ["schools", "teachers", "pupils", "classroom", "curriculum", "exams", "literacy", "headteachers"],
    "transport": ["buses", "railways", "trains", "roads", "commuters", "fares", "cycling", "motorways"],
    "health": ["hospitals", "nurses", "patients", "doctors", "waiting", "surgery", "clinics", "prescriptions"],
    "councils": ["councils", "devolution", "mayors", "localism", "neighbourhoods", "parish", "powers", "autonomy"],
    "volunteers": ["volunteers", "charities", "cooperatives", "mutuals", "enterprise", "donations", "trusts"],
}
FILLER = ["we", "will", "the", "our", "and", "for", "more", "new", "plan", "support", "every", "people"]


def sentence(rng: np.random.Generator, theme: str) -> str:
    words = list(rng.choice(THEMES[theme], size=rng.integers(4, 7), replace=True))
    words += list(rng.choice(FILLER, size=3))
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def corpus(n_docs: int = 40, per_doc: int = 20, seed: int = 0, undated: int = 2):
    """documents, pages and sentences DataFrames ready for ``store.insert``."""
    rng = np.random.default_rng(seed)
    themes = list(THEMES)
    docs, pages, sents = [], [], []
    for d in range(n_docs):
        year = 2000 + d % 8
        lines, doc_sents = [], []
        for i in range(per_doc):
            theme = themes[(d + i // 5) % len(themes)] if rng.random() < 0.85 else themes[rng.integers(6)]
            doc_sents.append(sentence(rng, theme))
        # two sentences per line: a paragraph per line of the page
        text = "\n".join(" ".join(doc_sents[i:i + 2]) for i in range(0, per_doc, 2))
        doc_id = hashlib.sha256(f"{seed}-{d}".encode()).hexdigest()[:16]
        docs.append({"doc_id": doc_id, "sha256": doc_id * 4, "path": f"doc{d}.txt", "title": f"Doc {d}",
                     "date": None if d < undated else pd.Timestamp(year, 1 + d % 12, 1).date(),
                     "doc_type": ["plan", "speech"][d % 2], "actor": ["north", "south", "east"][d % 3],
                     "n_pages": 1, "status": "ok", "source": "text"})
        pages.append({"doc_id": doc_id, "page_no": 1, "text": text})
        pos = 0
        for i, s in enumerate(doc_sents):
            start = text.index(s, pos)
            sents.append({"doc_id": doc_id, "sentence_id": i, "page_no": 1, "start_char": start,
                          "end_page_no": 1, "end_char": start + len(s), "text": s, "n_words": len(s.split())})
            pos = start + len(s)
    return pd.DataFrame(docs), pd.DataFrame(pages), pd.DataFrame(sents)


def fill(store, **kw) -> None:
    docs, pages, sents = corpus(**kw)
    with store.transaction():
        store.insert("documents", docs)
        store.insert("pages", pages)
        store.insert("sentences", sents)


#: Lines that policy documents repeat word for word (running heads, notices), written for these tests.
BOILERPLATE = [
    "This page is intentionally left blank.",
    "Printed on recycled paper.",
    "Crown copyright reserved.",
    "Alternative formats are available on request.",
    "Large print and braille versions exist.",
    "Telephone switchboard opening hours apply.",
]


def with_boilerplate(texts: list[str], copies: int = 16) -> list[str]:
    """``texts`` followed by ``copies`` copies of each :data:`BOILERPLATE` line.

    Sixteen copies of a line fill one another's neighbour lists in UMAP's graph
    (15 neighbours, the unit itself included), so they form components of their
    own, most of them regular: the case in which UMAP's spectral start was unseeded.
    """
    return list(texts) + [line for line in BOILERPLATE for _ in range(copies)]
