"""Names normalise for comparison; nicknames look up both ways. Pure: no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aordesk.review.names import fold, has_mixed_scripts, normalise_name, same_name
from aordesk.review.nicknames import NICKNAMES, formal_names, nickname_link

CYRILLIC_O = "\u043e"
GREEK_OMICRON = "\u03bf"


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("García", "Garcia"),
        ("Nguyễn", "Nguyen"),
        ("Müller", "Muller"),
        ("Zoë", "Zoe"),
        ("Øyvind", "Oyvind"),
        ("Strauß", "Strauss"),
        ("GARCIA", "garcia"),
    ],
)
def test_accents_and_case_are_folded_away(written, plain):
    assert same_name(written, plain)


@pytest.mark.parametrize("written", ["O'Brien", "OBrien", "O Brien", "O\u2019Brien", "o'brien"])
def test_apostrophes_and_spaces_inside_a_surname_do_not_matter(written):
    assert normalise_name(written).key == "obrien"


def test_a_hyphenated_surname_splits_into_its_parts():
    name = normalise_name("García-López")
    assert name.parts == ("garcia", "lopez")
    assert name.key == normalise_name("Garcia Lopez").key


def test_an_en_dash_separates_parts_like_a_hyphen():
    assert normalise_name("Smith\u2013Jones").parts == ("smith", "jones")


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u200f", "\u00ad"]
)
def test_zero_width_and_bidi_controls_are_stripped(invisible):
    name = normalise_name(f"Jo{invisible}hn")
    assert name.key == "john"
    assert not name.mixed_scripts


def test_generational_suffixes_are_dropped():
    assert normalise_name("Smith, Jr.").key == "smith"
    assert normalise_name("Pat Lee III").parts == ("pat", "lee")


def test_a_suffix_alone_is_kept_rather_than_leaving_an_empty_name():
    assert normalise_name("Jr").key == "jr"


def test_a_latin_name_with_a_cyrillic_look_alike_is_flagged_as_mixed_scripts():
    name = normalise_name(f"J{CYRILLIC_O}hn")
    assert name.mixed_scripts
    assert name.key == "john"  # mapped so the household is still found, then capped


def test_a_greek_look_alike_is_flagged_too():
    assert normalise_name(f"Sm{GREEK_OMICRON}ot").mixed_scripts


def test_a_plain_latin_name_with_accents_is_not_mixed_scripts():
    assert not has_mixed_scripts("Nguyễn García-López")


def test_a_name_wholly_in_cyrillic_is_not_mixed_and_is_not_turned_into_latin():
    name = normalise_name("Иван")
    assert not name.mixed_scripts
    assert name.key == "иван"


def test_punctuation_only_normalises_to_an_empty_name():
    assert not normalise_name(" .-' ")


@pytest.mark.parametrize(
    ("short", "formal"),
    [
        ("Bill", "William"),
        ("Liam", "William"),
        ("Bobby", "Robert"),
        ("Betsy", "Elizabeth"),
        ("Peggy", "Margaret"),
        ("Dick", "Richard"),
        ("Kate", "Katherine"),
        ("Kathy", "Catherine"),
        ("Jimmy", "James"),
        ("Jenny", "Jennifer"),
        ("Mike", "Michael"),
        ("Chuck", "Charles"),
        ("Ted", "Edward"),
        ("Sue", "Susan"),
        ("Debbie", "Deborah"),
    ],
)
def test_nicknames_link_to_their_formal_name_in_both_directions(short, formal):
    short_key, formal_key = normalise_name(short).key, normalise_name(formal).key
    assert nickname_link(short_key, formal_key) is not None
    assert nickname_link(short_key, formal_key) == nickname_link(formal_key, short_key)


def test_two_nicknames_of_one_name_are_equivalent():
    assert nickname_link("bill", "will") == "william"


def test_katherine_and_catherine_are_equivalent():
    assert nickname_link("katherine", "catherine") is not None


def test_a_shared_nickname_does_not_link_two_different_formal_names():
    assert nickname_link("pat", "patricia") == "patricia"
    assert nickname_link("pat", "patrick") == "patrick"
    assert nickname_link("patricia", "patrick") is None


def test_a_name_is_not_its_own_nickname_and_unknown_names_have_none():
    assert nickname_link("william", "william") is None
    assert nickname_link("zebulon", "zeb") is None
    assert formal_names("zebulon") == frozenset()


def test_the_nickname_table_is_stored_already_normalised():
    for formal, short_forms in NICKNAMES.items():
        for name in (formal, *short_forms):
            assert normalise_name(name).key == name


@given(st.text(max_size=30))
def test_normalising_twice_changes_nothing(text):
    once = normalise_name(text)
    assert normalise_name(" ".join(once.parts)).parts == once.parts


@given(st.text(max_size=30), st.text(max_size=30))
def test_same_name_is_symmetric(left, right):
    assert same_name(left, right) == same_name(right, left)


@given(st.text(max_size=30))
def test_a_normalised_key_has_no_spaces_punctuation_or_upper_case(text):
    key = normalise_name(text).key
    assert key == key.casefold()
    assert not any(char.isspace() or char in "-'.,\u200b" for char in key)


@pytest.mark.parametrize(
    ("short", "formal"),
    [("Steph", "Stephanie"), ("Jake", "Jacob"), ("Gabe", "Gabriel"), ("Mandy", "Amanda"),
     ("Tina", "Christina"), ("Nate", "Nathan"), ("Walt", "Walter"), ("Nikki", "Nicole")],
)  # fmt: skip
def test_short_forms_seen_in_the_matching_benchmark_are_nicknames(short, formal):
    assert nickname_link(short.lower(), formal.lower())


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_plain_ascii_text_folds_to_its_case_folded_self(text):
    assert fold(text) == text.casefold()


def test_text_with_accents_still_takes_the_full_fold():
    assert fold("Ørsted-Müller") == "orsted-muller"
