"""Verdicts on pairs of figures: stable ids, persistence across re-indexing and --rebuild, a
dismissed conflict no longer a conflict, and the `factdesk verdict` command's errors."""

import json
import os
import shutil

import pytest

from factdesk.index import verdicts
from factdesk.tui.cli import main
from tests.conftest import SEEDS

# the seeds' one conflict: X's active users, about 250M (001) against 600M (000) and more than
# 600M (004); its two pairs, by the figures' content hashes and spans
USERS_250_600 = "c7e9a1541ca5"
USERS_250_600_PLUS = "168e9acdac4d"

NEW_MEMBER = (
    "X revendique un record\n\n"
    "Le réseau social X compte 900 millions d’utilisateurs actifs, selon la société.\n"
)
UNRELATED = (
    "Météo: un hiver doux\n\n"
    "Il a fait 12 degrés à Lyon mardi, et 300 personnes ont assisté au festival.\n"
)


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def index_dir(corpus, tmp_path, capsys):
    target = tmp_path / "ix"
    assert main(["index", str(corpus), "--index-dir", str(target)]) == 0
    capsys.readouterr()
    return target


def conflicts(capsys, index_dir, *extra):
    status, out, err = run(capsys, "conflicts", "--jsonl", "--index-dir", str(index_dir), *extra)
    assert status == 0, err
    return [json.loads(line) for line in out.splitlines()]


def all_pair_ids(capsys, index_dir):
    return {i for f in conflicts(capsys, index_dir, "--all") for i in f["pair_ids"]}


def verdict(capsys, index_dir, *args):
    return run(capsys, "verdict", *args, "--index-dir", str(index_dir))


def test_a_pair_id_is_a_short_hash_of_the_sorted_figure_keys():
    a, b = verdicts.figure_key("ab" * 20, 10, 20), verdicts.figure_key("cd" * 20, 5, 9)
    assert a == "abababababababababababababababababababab:10-20"
    assert verdicts.pair_id(a, b) == verdicts.pair_id(b, a)
    assert len(verdicts.pair_id(a, b)) == verdicts.ID_LENGTH
    assert verdicts.pair_id(a, b) != verdicts.pair_id(a, verdicts.figure_key("cd" * 20, 5, 10))


def test_conflicts_carry_each_pairs_stable_id(capsys, index_dir):
    (finding,) = conflicts(capsys, index_dir)
    assert finding["pair_ids"] == [USERS_250_600, USERS_250_600_PLUS]
    assert len(finding["pairs"]) == len(finding["pair_ids"])
    assert finding["verdict"] is None and finding["verdicts"] == [] and finding["checked"] == 0


def test_ids_do_not_depend_on_file_names_nor_catalog_rows(capsys, corpus, tmp_path):
    """The same articles under other names, indexed in another order: the same ids."""
    other = tmp_path / "renamed"
    other.mkdir()
    for number, path in enumerate(sorted(corpus.iterdir(), reverse=True)):
        shutil.copy(path, other / f"z{number}_{path.stem[::-1]}.txt")
    assert main(["index", str(other), "--index-dir", str(tmp_path / "ix2")]) == 0
    capsys.readouterr()
    (finding,) = conflicts(capsys, tmp_path / "ix2")
    assert set(finding["pair_ids"]) == {USERS_250_600, USERS_250_600_PLUS}


def test_verdict_is_recorded_at_the_index_root_and_shown_by_conflicts(capsys, index_dir):
    status, out, err = verdict(capsys, index_dir, USERS_250_600, "confirmed", "--note", "checked")
    assert status == 0, err
    assert out.startswith(f"{USERS_250_600}: confirmed — X active users: about 250M users")
    assert (index_dir / verdicts.VERDICTS_FILE).is_file()
    generation = os.readlink(index_dir / "current")
    assert not (index_dir / generation / verdicts.VERDICTS_FILE).exists()
    (finding,) = conflicts(capsys, index_dir)
    assert finding["kind"] == "conflict"  # one pair confirmed: still a conflict
    assert finding["verdict"] == "confirmed" and finding["checked"] == 1
    (given,) = finding["verdicts"]
    assert given["id"] == USERS_250_600 and given["verdict"] == "confirmed"
    assert given["note"] == "checked" and given["updated"].endswith("Z")
    status, out, _ = run(capsys, "conflicts", "--index-dir", str(index_dir))
    assert "verdict: confirmed, 1 of 2 pairs checked" in out
    assert f"pair {USERS_250_600}" in out and "✔ confirmed: checked" in out


def test_verdicts_survive_reindexing_the_same_files_and_a_rebuild(capsys, corpus, index_dir):
    assert verdict(capsys, index_dir, USERS_250_600, "resolved", "--note", "000 fixed")[0] == 0
    for path in corpus.iterdir():  # the same bytes, read again
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert main(["index", str(corpus), "--index-dir", str(index_dir)]) == 0
    first = os.readlink(index_dir / "current")
    assert main(["index", str(corpus), "--rebuild", "--index-dir", str(index_dir)]) == 0
    assert os.readlink(index_dir / "current") != first  # a new generation
    capsys.readouterr()
    (finding,) = conflicts(capsys, index_dir)
    assert finding["verdicts"][0]["id"] == USERS_250_600
    assert finding["verdicts"][0]["verdict"] == "resolved"
    assert finding["verdicts"][0]["note"] == "000 fixed"


def test_an_index_of_an_older_catalog_schema_is_rebuilt_and_keeps_its_verdicts(
    capsys, corpus, index_dir
):
    """A catalog written by another factdesk (its schema version differs) is never read: the
    lookups ask for a rebuild, and `factdesk index` builds a new generation from the files,
    with the verdicts of the index root still on their pairs (they name figures by content)."""
    import sqlite3

    from factdesk.index.catalog import SCHEMA_VERSION

    assert verdict(capsys, index_dir, USERS_250_600, "confirmed", "--note", "seen")[0] == 0
    old = index_dir / os.readlink(index_dir / "current")
    db = sqlite3.connect(old / "catalog.sqlite")
    db.execute("DROP VIEW figure_rows")  # as good as another layout: reading it would fail
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    db.commit()
    db.close()
    status, _, err = run(capsys, "conflicts", "--index-dir", str(index_dir))
    assert status != 0 and "built by another version of factdesk" in err and "--rebuild" in err
    assert main(["index", str(corpus), "--index-dir", str(index_dir)]) == 0
    assert index_dir / os.readlink(index_dir / "current") != old and not old.exists()
    capsys.readouterr()
    (finding,) = conflicts(capsys, index_dir)
    assert [(v["id"], v["verdict"], v["note"]) for v in finding["verdicts"]] == [
        (USERS_250_600, "confirmed", "seen")
    ]


def test_ids_stay_when_an_unrelated_article_is_added(capsys, corpus, index_dir):
    before = all_pair_ids(capsys, index_dir)
    (corpus / "011_meteo.txt").write_text(UNRELATED, encoding="utf-8")
    assert main(["index", str(corpus), "--index-dir", str(index_dir)]) == 0
    capsys.readouterr()
    assert all_pair_ids(capsys, index_dir) == before


def test_a_dismissed_conflict_is_no_longer_a_conflict(capsys, index_dir):
    assert verdict(capsys, index_dir, USERS_250_600, "dismissed")[0] == 0
    assert conflicts(capsys, index_dir)[0]["kind"] == "conflict"  # one pair still stands
    assert verdict(capsys, index_dir, USERS_250_600_PLUS, "dismissed", "--note", "monthly")[0] == 0
    assert conflicts(capsys, index_dir) == []
    every = conflicts(capsys, index_dir, "--all")
    assert [f["kind"] for f in every][-1] == "dismissed"  # listed apart, after the others
    dismissed = every[-1]
    assert dismissed["was"] == "conflict" and dismissed["verdict"] == "dismissed"
    assert sum(f["kind"] == "conflict" for f in every) == 0
    status, out, _ = run(capsys, "conflicts", "--index-dir", str(index_dir))
    assert status == 0 and "no findings" in out and "1 dismissed by verdicts" in out
    status, out, _ = run(capsys, "conflicts", "--all", "--index-dir", str(index_dir))
    assert "≠ dismissed X active users" in out and "(was conflict)" in out
    # cleared: a conflict again
    assert verdict(capsys, index_dir, USERS_250_600, "--clear")[0] == 0
    assert conflicts(capsys, index_dir)[0]["kind"] == "conflict"


def test_text_limits_count_what_dismissing_leaves(capsys, index_dir):
    status, out, _ = run(capsys, "conflicts", "--all", "--json", "--index-dir", str(index_dir))
    total = len(json.loads(out))
    for pair in (USERS_250_600, USERS_250_600_PLUS):
        assert verdict(capsys, index_dir, pair, "dismissed")[0] == 0
    every = conflicts(capsys, index_dir, "--all")
    assert len(every) == total and every[-1]["kind"] == "dismissed"
    assert conflicts(capsys, index_dir, "--all", "--limit", "2") == every[:2]
    status, out, _ = run(
        capsys, "conflicts", "--all", "--limit", "1", "--index-dir", str(index_dir)
    )
    assert f"… and {total - 1} more" in out
    status, out, _ = run(capsys, "conflicts", "--limit", "1", "--index-dir", str(index_dir))
    assert "no findings" in out and "more" not in out and "1 dismissed by verdicts" in out


def test_a_finding_that_gains_a_member_keeps_its_pairs_verdicts(capsys, corpus, index_dir):
    for pair in (USERS_250_600, USERS_250_600_PLUS):
        assert verdict(capsys, index_dir, pair, "dismissed")[0] == 0
    assert conflicts(capsys, index_dir) == []
    (corpus / "010_new.txt").write_text(NEW_MEMBER, encoding="utf-8")
    assert main(["index", str(corpus), "--index-dir", str(index_dir)]) == 0
    capsys.readouterr()
    (finding,) = conflicts(capsys, index_dir)  # a new pair nobody dismissed: a conflict again
    assert len(finding["pairs"]) == 4 and finding["checked"] == 2
    assert {v["id"] for v in finding["verdicts"]} == {USERS_250_600, USERS_250_600_PLUS}
    assert finding["verdict"] == "dismissed" and finding["kind"] == "conflict"


def test_a_cut_pair_list_is_never_dismissed():
    finding = {
        "kind": "conflict",
        "pairs_complete": False,
        "figures": [{"path": "a", "start": 0, "end": 3}, {"path": "b", "start": 5, "end": 9}],
        "pairs": [[["a", 0], ["b", 5]]],
    }
    hashes = {"a": "1" * 40, "b": "2" * 40}
    (pair,) = verdicts.pair_keys(finding, hashes)
    given = {
        verdicts.pair_id(*pair): verdicts.Verdict(
            verdicts.pair_id(*pair), "dismissed", "", *pair, ""
        )
    }
    assert verdicts.annotate(dict(finding), hashes, given)["kind"] == "conflict"
    complete = dict(finding, pairs_complete=True)
    assert verdicts.annotate(complete, hashes, given)["kind"] == "dismissed"


def test_the_hostile_note_is_stored_as_given_and_sanitised_when_shown(capsys, index_dir):
    note = "\x1b]52;c;aGk=\x07\x1b[2J\u202eevil"
    status, out, err = verdict(capsys, index_dir, USERS_250_600, "confirmed", "--note", note)
    assert status == 0, err
    assert verdicts.load(index_dir)[USERS_250_600].note == note
    status, out, _ = run(capsys, "conflicts", "--index-dir", str(index_dir))
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "evil" in out


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("xyz", "confirmed"), 2, "'xyz' is not a pair id"),
        (("0123456789ab", "confirmed"), 1, "no pair 0123456789ab in the index"),
        ((USERS_250_600,), 2, "give a verdict"),
        ((USERS_250_600, "confirmed", "--clear"), 2, "--clear takes no verdict"),
        ((USERS_250_600, "--clear", "--note", "x"), 2, "--clear takes no verdict"),
        ((USERS_250_600, "confirmed", "--note", "n" * 2001), 2, "at most 2000"),
        (("0123456789ab", "--clear"), 1, "no pair 0123456789ab in the index and no verdict"),
    ],
)
def test_verdict_errors_are_one_line(capsys, index_dir, args, status, message):
    got, out, err = verdict(capsys, index_dir, *args)
    assert got == status and message in err and len(err.strip().splitlines()) == 1
    assert out == ""
    assert not (index_dir / verdicts.VERDICTS_FILE).exists()


def test_an_unknown_verdict_is_a_usage_error(capsys, index_dir):
    with pytest.raises(SystemExit) as exit_:
        main(["verdict", USERS_250_600, "true", "--index-dir", str(index_dir)])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_verdict_on_a_missing_index_writes_nothing(capsys, tmp_path):
    missing = tmp_path / "none"
    status, _, err = verdict(capsys, missing, USERS_250_600, "confirmed")
    assert status == 1 and err.startswith("factdesk: no index at")
    assert not missing.exists()


def test_a_hostile_id_is_sanitised_in_the_error(capsys, index_dir):
    status, _, err = verdict(capsys, index_dir, "\x1b[31mred", "confirmed")
    assert status == 2 and "\x1b" not in err


def test_verdict_json_and_clear(capsys, index_dir):
    status, out, _ = verdict(capsys, index_dir, USERS_250_600.upper(), "dismissed", "--json")
    data = json.loads(out)
    assert status == 0 and data["id"] == USERS_250_600 and data["verdict"] == "dismissed"
    assert data["kind"] == "conflict" and data["entity"] == "X" and len(data["pair"]) == 2
    status, out, _ = verdict(capsys, index_dir, USERS_250_600, "--clear", "--json")
    # (issue 15: the record starts with its schema version, docs/json.md)
    assert json.loads(out) == {"schema": 1, "id": USERS_250_600, "verdict": None, "cleared": True}
    assert verdicts.load(index_dir) == {}


def test_a_stale_verdict_can_be_cleared(capsys, corpus, index_dir):
    assert verdict(capsys, index_dir, USERS_250_600, "confirmed")[0] == 0
    (corpus / "000_f006c6dd9652db2c.txt").unlink()
    assert main(["index", str(corpus), "--index-dir", str(index_dir)]) == 0
    capsys.readouterr()
    assert USERS_250_600 not in all_pair_ids(capsys, index_dir)
    status, out, _ = verdict(capsys, index_dir, USERS_250_600, "--clear")
    assert status == 0 and "verdict cleared" in out


def test_readers_never_create_the_verdicts_file(capsys, index_dir):
    conflicts(capsys, index_dir, "--all")
    assert verdicts.load(index_dir) == {}
    assert not (index_dir / verdicts.VERDICTS_FILE).exists()


def test_ask_honours_dismissals_as_conflicts_does(capsys, index_dir):
    """A pair marked "not the same quantity" is no conflict for `ask` either: in text the
    dismissed conflict is left out and counted; in JSON it is listed last as `dismissed`."""
    question = ["ask", "how many users does X have", "--index-dir", str(index_dir)]
    status, out, _ = run(capsys, *question)
    assert status == 0 and "✗ conflict X active users" in out and "dismissed" not in out
    assert verdict(capsys, index_dir, USERS_250_600, "dismissed")[0] == 0
    status, out, _ = run(capsys, *question)  # one pair of two dismissed: still a conflict
    assert status == 0 and "✗ conflict X active users" in out
    assert verdict(capsys, index_dir, USERS_250_600_PLUS, "dismissed")[0] == 0
    status, out, _ = run(capsys, *question)
    assert status == 0 and "✗ conflict" not in out
    assert "(1 dismissed by verdicts: not the same quantity; conflicts --all lists them)" in out
    assert "about 250M users" in out  # the values themselves are still answered
    status, out, _ = run(capsys, *question, "--json")
    data = json.loads(out)
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds[-1] == "dismissed" and "conflict" not in kinds
    last = data["findings"][-1]
    assert last["was"] == "conflict" and last["verdict"] == "dismissed"
    assert data["dismissed"] == 1
    assert all("pair_ids" in f for f in data["findings"])
    # cleared: a conflict again
    assert verdict(capsys, index_dir, USERS_250_600, "--clear")[0] == 0
    status, out, _ = run(capsys, *question)
    assert "✗ conflict X active users" in out and "dismissed by verdicts" not in out


def test_find_pair_reads_every_pair_as_the_listed_findings_give_it(capsys, index_dir):
    """The pair ids worked out from the stored spans (``Catalog.iter_pair_spans``) are the ids
    `conflicts --all` lists, each found in its finding at its position."""
    from factdesk.index.store import open_store

    listed = conflicts(capsys, index_dir, "--all")
    store = open_store(index_dir)
    try:
        for finding in listed:
            for position, pair in enumerate(finding["pair_ids"]):
                if pair is None:
                    continue
                found, at, keys = verdicts.find_pair(store.catalog, pair)
                assert verdicts.pair_id(*keys) == pair
                # the same two figures (a pair may sit in two findings: the first listed wins)
                assert sorted(map(tuple, found["pairs"][at])) == sorted(
                    map(tuple, finding["pairs"][position])
                )
                assert "id" not in found
        assert verdicts.find_pair(store.catalog, "0" * 12) is None
    finally:
        store.close()
