"""The intake lower bound keeps doing what the benchmark's figures say it does."""

import pytest
from bench.intake import files_build
from bench.intake_bound import bound


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("relaxed", [False, True])
def test_the_bound_keeps_every_original_and_inserts_every_filled_row(tmp_path, relaxed):
    files_build(count=2, rows=5, out=tmp_path / "files")
    result = bound(folder=tmp_path / "files", originals=tmp_path / "originals", relaxed=relaxed)
    assert (result["files"], result["rows"], result["relaxed"]) == (2, 10, relaxed)
    assert len(list((tmp_path / "originals").iterdir())) == 2
