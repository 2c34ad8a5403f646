import datetime as dt

import pytest

from aordesk.loaders import fields as f


def test_an_xlsx_number_cell_holding_a_code_reads_as_its_digits():
    assert f.as_text(30000001.0) == "30000001"
    assert f.as_text(42) == "42"


def test_text_longer_than_the_column_allows_is_refused():
    with pytest.raises(f.FieldError, match="at most 5"):
        f.parse_text("abcdef", max_length=5)


def test_a_code_with_a_space_inside_is_refused():
    with pytest.raises(f.FieldError, match="spaces"):
        f.parse_code("AB 12", max_length=20)


@pytest.mark.parametrize("npn", ["1", "1234567890", 1234567.0])
def test_an_npn_of_one_to_ten_digits_is_accepted(npn):
    assert f.parse_npn(npn).isdigit()


@pytest.mark.parametrize("npn", ["12345678901", "12a45", "123-45", "-1"])
def test_an_npn_that_is_not_one_to_ten_digits_gets_a_clear_message(npn):
    with pytest.raises(f.FieldError, match="1 to 10 digits"):
        f.parse_npn(npn)


def test_an_email_without_a_domain_is_refused():
    with pytest.raises(f.FieldError, match="not an email"):
        f.parse_email("someone@nowhere")
    assert f.parse_email(" someone@broker.example ") == "someone@broker.example"


def test_dates_are_read_from_iso_text_or_a_real_excel_date():
    assert f.parse_date("2026-01-31") == dt.date(2026, 1, 31)
    assert f.parse_date(dt.date(2026, 1, 31)) == dt.date(2026, 1, 31)
    assert f.parse_date(dt.datetime(2026, 1, 31)) == dt.date(2026, 1, 31)


@pytest.mark.parametrize("text", ["01/31/2026", "2026-02-30", "2026-1-5", "tomorrow"])
def test_a_date_not_written_as_yyyy_mm_dd_says_how_to_write_it(text):
    with pytest.raises(f.FieldError, match="YYYY-MM-DD"):
        f.parse_date(text)


def test_a_bare_excel_number_in_a_date_column_is_refused():
    with pytest.raises(f.FieldError, match="format the cell as a date"):
        f.parse_date(46000.0)


def test_a_date_message_never_repeats_the_value_it_could_not_read():
    with pytest.raises(f.FieldError) as error:
        f.parse_date("1980-13-01")
    assert "1980" not in str(error.value)


def test_choices_are_case_insensitive_and_list_the_allowed_values():
    assert f.parse_choice(" Online ", choices=("online", "paper")) == "online"
    with pytest.raises(f.FieldError, match="one of: online, paper"):
        f.parse_choice("fax", choices=("online", "paper"))


def test_yes_no_accepts_words_digits_and_excel_booleans():
    assert f.parse_bool("Yes") is True
    assert f.parse_bool("0") is False
    assert f.parse_bool(True) is True
    with pytest.raises(f.FieldError):
        f.parse_bool("maybe")


def test_a_year_outside_2000_to_2100_is_refused():
    assert f.parse_year(2026.0) == 2026
    with pytest.raises(f.FieldError):
        f.parse_year("26")


def test_a_pipe_separated_list_drops_blank_entries():
    assert f.parse_list(" BCBS | | Blue Cross ", max_length=200) == ("BCBS", "Blue Cross")
