import pytest

from discourse.errors import UsageError
from discourse.extract import add_text


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_csv_rows_become_documents_with_dates_and_bad_rows_reported(store, tmp_path):
    csv = write(tmp_path / "speeches.csv", (
        "id,speaker,year,text\n"
        "s1,Jane Ashworth,2012,We will devolve power to councils. Communities know best.\n"
        's2,Tom Reed,14/03/2013,"The council\'s budget is £4.7m.\nIt funds twelve posts."\n'
        "s3,Tom Reed,2013,\n"
        "s4,Jane Ashworth,sometime,Localism matters.\n"
        "s5,broken row with too many,fields,here,x\n"
    ))
    summary = add_text(store, csv, id_column="id", date_column="year", actor_column="speaker")
    assert summary["added"] == 3 and summary["records"] == 5
    reasons = {b["line"]: b["reason"] for b in summary["bad_rows"]}
    assert reasons[5] == "empty text"
    assert "unreadable date 'sometime'" in reasons[6]
    assert "number of fields" in reasons[7]
    docs = store.query("SELECT path, date, date_source, actor, source FROM documents ORDER BY path")
    assert docs.path.tolist() == [f"{csv}#s1", f"{csv}#s2", f"{csv}#s4"]
    assert [str(d)[:10] if d == d else None for d in docs.date] == ["2012-01-01", "2013-03-14", None]
    assert set(docs.source) == {"text"}
    sents = store.sentences()
    assert "The council's budget is £4.7m." in sents.text.tolist()


def test_rerun_adds_nothing_and_same_text_different_metadata_stays_apart(store, tmp_path):
    csv = write(tmp_path / "m.csv", "party,text\nLab,We will build homes.\nCon,We will build homes.\n")
    first = add_text(store, csv, actor_column="party")
    again = add_text(store, csv, actor_column="party")
    assert (first["added"], again["added"], again["skipped"]) == (2, 0, 2)
    assert store.count("documents") == 2


def test_mojibake_is_repaired(store, tmp_path):
    csv = write(tmp_path / "m.csv", "text\nThe councilâ€™s plan costs Â£4m.\n")
    add_text(store, csv)
    assert store.sentences().text.tolist() == ["The council’s plan costs £4m."]


def test_encoding_option_and_clear_error(store, tmp_path):
    csv = write(tmp_path / "w.csv", "text\n\"Café funding of £30,000.\"\n", encoding="cp1252")
    with pytest.raises(UsageError, match="--encoding"):
        add_text(store, csv)
    add_text(store, csv, encoding="cp1252")
    assert store.sentences().text.tolist() == ["Café funding of £30,000."]


def test_missing_column_is_named(store, tmp_path):
    csv = write(tmp_path / "m.csv", "body\nhello\n")
    with pytest.raises(UsageError, match="--text-column 'text'"):
        add_text(store, csv)


def test_folder_of_text_files_with_dates_from_names(store, tmp_path):
    d = tmp_path / "speeches"
    (d / "2014").mkdir(parents=True)
    write(d / "2014" / "2014-05-01 speech.txt", "We will give councils more freedom.\n\nIt starts in April.")
    write(d / "notes.md", "# Community rights\n\nGroups can bid for assets.")
    summary = add_text(store, d)
    assert summary["added"] == 2
    docs = store.query("SELECT title, date, date_source FROM documents ORDER BY title")
    assert docs.title.tolist() == ["Community rights", "We will give councils more freedom."]
    assert str(docs.date[1])[:10] == "2014-05-01" and docs.date_source[1] == "filename"


def test_records_from_an_older_extractor_are_redone_in_place(store, tmp_path):
    csv = write(tmp_path / "m.csv", "text\nWe will act. Now.\nCommunities lead.\n")
    add_text(store, csv)
    ids = sorted(store.documents().doc_id)
    store.con.execute("UPDATE documents SET extractor_version = 'old'")
    store.con.execute("DELETE FROM sentences WHERE sentence_id = 1")  # what an older cleanup might have made
    again = add_text(store, csv)
    assert again["added"] == 2
    assert sorted(store.documents().doc_id) == ids
    assert store.count("sentences") == 3
    assert store.query("SELECT count(*) n FROM sentences GROUP BY doc_id, sentence_id HAVING n > 1").empty
