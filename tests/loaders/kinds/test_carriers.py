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
