"""A reply's file name is cleaned and shortened, and keeps its extension."""

import pytest

from aordesk.messaging.replies import safe_filename


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".pdf"])
def test_a_name_over_150_characters_keeps_its_extension(suffix):
    name = safe_filename("October returned report " * 10 + suffix)
    assert len(name) <= 150
    assert name.endswith(suffix)
    assert name.startswith("October returned report")


def test_folders_and_odd_characters_are_dropped():
    assert safe_filename("../../etc/pa$$wd.csv") == "pa__wd.csv"
    assert safe_filename("C:\\Users\\me\\book.xlsx") == "C__Users_me_book.xlsx"
    assert safe_filename("...") == "reply-file"


def test_a_long_name_without_an_extension_is_simply_shortened():
    assert safe_filename("x" * 400) == "x" * 150
