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
