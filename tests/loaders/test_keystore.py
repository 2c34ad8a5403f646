from aordesk.loaders.keystore import KeyStore


def test_a_key_claimed_twice_names_the_row_that_claimed_it_first():
    with KeyStore() as store:
        assert store.claim("key", [("A", 2, ""), ("B", 3, "")]) == []
        assert store.claim("key", [("C", 4, ""), ("A", 5, ""), ("C", 6, "")]) == [
            (5, "A", 2),
            (6, "C", 4),
        ]


def test_spaces_keep_their_keys_apart():
    with KeyStore() as store:
        store.claim("one", [("A", 2, "x")])
        assert store.claim("two", [("A", 3, "y")]) == []
        assert store.values("one", ["A", "missing"]) == {"A": "x"}


def test_a_scan_walks_every_entry_in_slices():
    with KeyStore() as store:
        store.claim("key", [(f"K{n:04d}", n, "") for n in range(2500)])
        slices = list(store.scan("key", 1000))
        assert [len(s) for s in slices] == [1000, 1000, 500]
        assert store.rows("key", [f"K{n:04d}" for n in range(1200)])["K1100"] == 1100
