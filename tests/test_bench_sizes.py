"""``python -m bench.sizes``: an index's bytes by part (issue 17's size target)."""

from bench.sizes import catalog_parts, main, whoosh_parts
from factdesk.index.store import CATALOG_FILE, WHOOSH_DIR, current_generation


def test_the_parts_add_up_to_the_index_and_name_its_tables_and_files(seed_index, seed_copy, capsys):
    generation = current_generation(seed_index)
    assert generation is not None
    catalog = catalog_parts(generation / CATALOG_FILE)
    assert {"figures", "findings", "value_groups", "articles"} <= set(catalog)
    assert sum(catalog.values()) == (generation / CATALOG_FILE).stat().st_size
    whoosh = whoosh_parts(generation / WHOOSH_DIR)
    assert {"trm", "pst", "_stored.col"} <= set(whoosh)
    files = sum(f.stat().st_size for f in (generation / WHOOSH_DIR).iterdir() if f.is_file())
    assert sum(whoosh.values()) == files
    assert main([str(seed_index), "--corpus", str(seed_copy)]) == 0
    out = capsys.readouterr().out
    assert "x the corpus" in out and "value_groups" in out and "trm" in out
