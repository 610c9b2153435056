"""The evaluation scorer's own rules (``eval/score.py``): what counts as the right owner."""

from eval.score import owner_matches


def claim(entity: str, scope: str | None = None, mentions: tuple[str, ...] = ()) -> dict:
    return {"entity": entity, "scope": scope, "entity_mentions": list(mentions)}


def test_an_owner_names_the_gold_owner_or_one_of_its_mentions():
    assert owner_matches("xAI", claim("xAI"))
    assert owner_matches("X", claim("X", mentions=("إكس", "X")))
    assert not owner_matches("xAI", claim("X"))
    assert not owner_matches(None, claim("X"))


def test_a_place_owner_is_right_when_gold_puts_the_place_in_the_scope():
    """Gold: the quake's toll, in Turkey; the engine keeps the place as the owner."""
    quake = "2023 Turkey–Syria earthquake"
    assert owner_matches("Turkey", claim(quake, "Turkey"))
    assert owner_matches("Syria (rebel-held)", claim(quake, "rebel-held Syria"))
    assert not owner_matches("Turkey", claim(quake, "Syria"))
    assert not owner_matches("Turkey", claim(quake))


def test_a_kind_of_owner_is_no_shared_name():
    assert not owner_matches("right-wing bloc", claim("Lapid bloc"))
    assert owner_matches("Netanyahu bloc", claim("Netanyahu bloc"))


def test_a_finding_whose_pairs_are_cut_is_read_at_its_measures_period():
    """A changed finding lists at most MAX_PAIRS pairs; past that the scorer pairs its figures
    as the engine does: two days of a running count are two times, two days of a month's
    statistic are one."""
    from eval.score import finding_pairs

    def figure(path, when, value):
        return {"path": path, "start": 0, "when": when, "value": value, "low": value, "high": value}

    toll = [figure("a", "2023-10-07", 100), figure("b", "2023-10-08", 2000)]
    rate = [figure("a", "2024-03-06", 35.7), figure("b", "2024-03-10", 33.3)]
    assert len(finding_pairs({"kind": "changed", "attribute": "deaths", "figures": toll})) == 1
    assert finding_pairs({"kind": "changed", "attribute": "inflation rate", "figures": rate}) == []
