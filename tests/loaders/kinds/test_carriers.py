import pytest

from aordesk.carriers.models import Carrier, CarrierAlias
from tests.carriers.factories import CarrierFactory
from tests.loaders.factories import carrier_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_carriers_file_creates_carriers_with_their_aliases(tmp_path, fmt):
    result = imported(
        "carriers", tmp_path, [carrier_row(1), carrier_row(2, kind="dental")], fmt=fmt
    )
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    carrier = Carrier.objects.get(code="CR001")
    assert sorted(carrier.aliases.values_list("alias", flat=True)) == ["C1", "Carrier 1"]
    assert Carrier.objects.get(code="CR002").kind == "dental"


def test_importing_the_same_carriers_twice_changes_nothing(tmp_path):
    rows = [carrier_row(1), carrier_row(2)]
    imported("carriers", tmp_path, rows)
    assert counts(imported("carriers", tmp_path, rows)) == (0, 0, 2)
    assert CarrierAlias.objects.count() == 4


def test_the_files_aliases_replace_the_carriers_own(tmp_path):
    imported("carriers", tmp_path, [carrier_row(1)])
    result = imported("carriers", tmp_path, [carrier_row(1, aliases="Carrier One")])
    assert counts(result) == (0, 1, 0)
    assert list(CarrierAlias.objects.values_list("alias", flat=True)) == ["Carrier One"]


def test_an_alias_already_naming_another_carrier_is_refused(tmp_path):
    other = CarrierFactory(code="OTHER")
    CarrierAlias.objects.create(carrier=other, alias="Big Plan", key="bigplan")
    result = imported("carriers", tmp_path, [carrier_row(1, aliases="BIG PLAN")])
    assert problems(result) == [(2, "aliases")]
    assert "OTHER" in result.errors[0].message
    assert not Carrier.objects.filter(code="CR001").exists()


def test_an_alias_may_move_when_the_file_takes_it_from_its_carrier(tmp_path):
    imported("carriers", tmp_path, [carrier_row(1, aliases="Shared"), carrier_row(2, aliases="")])
    moved = [carrier_row(2, aliases="Shared"), carrier_row(1, aliases="")]
    assert counts(imported("carriers", tmp_path, moved)) == (0, 2, 0)
    assert CarrierAlias.objects.get(key="shared").carrier.code == "CR002"


def test_one_alias_on_two_rows_of_the_file_is_refused(tmp_path):
    result = imported(
        "carriers", tmp_path, [carrier_row(1, aliases="X"), carrier_row(2, aliases="x")]
    )
    assert problems(result) == [(3, "aliases")]


def test_a_repeated_carrier_code_names_the_first_row(tmp_path):
    result = imported("carriers", tmp_path, [carrier_row(1), carrier_row(1, aliases="")])
    assert problems(result) == [(3, "code")]
    assert "row 2" in result.errors[0].message


X12_COLUMNS = {
    "file_format": "x12-834",
    "isa_sender_qualifier": "zz",
    "isa_sender_id": "MNSURE",
    "isa_receiver_qualifier": "ZZ",
    "isa_receiver_id": "CR001EDI",
    "payer_tax_id": "41-0000001",
}


def test_a_carrier_can_be_put_on_x12_with_its_trading_partner_ids(tmp_path):
    result = imported("carriers", tmp_path, [carrier_row(1, **X12_COLUMNS)])
    assert result.errors == []
    carrier = Carrier.objects.get(code="CR001")
    assert carrier.file_format == "x12-834"
    assert (carrier.isa_sender_qualifier, carrier.isa_sender_id) == ("ZZ", "MNSURE")
    # GS codes default to the ISA ids; the tax id loses its dash.
    assert (carrier.gs_sender_code, carrier.gs_receiver_code) == ("MNSURE", "CR001EDI")
    assert carrier.payer_tax_id == "410000001"


def test_a_carriers_file_without_the_new_columns_keeps_carriers_on_csv(tmp_path):
    imported("carriers", tmp_path, [carrier_row(1)])
    assert Carrier.objects.get(code="CR001").file_format == "csv"


def test_an_x12_carrier_without_its_receiver_id_is_refused(tmp_path):
    row = carrier_row(1, **{**X12_COLUMNS, "isa_receiver_id": ""})
    result = imported("carriers", tmp_path, [row])
    assert ("isa_receiver_id") in {column for _, column in problems(result)}
    assert not Carrier.objects.exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("isa_receiver_id", "HAS~TILDE"),
        ("isa_receiver_id", "SIXTEEN_CHARS_ID"),
        ("isa_sender_qualifier", "Z"),
        ("payer_tax_id", "12345"),
        ("file_format", "edifact"),
    ],
)
def test_trading_partner_ids_that_cannot_go_in_an_envelope_are_refused(tmp_path, column, value):
    result = imported("carriers", tmp_path, [carrier_row(1, **{**X12_COLUMNS, column: value})])
    assert problems(result) == [(2, column)]
