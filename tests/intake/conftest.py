import pytest

from tests.carriers.factories import CarrierFactory


@pytest.fixture
def blue_plus(db):
    return CarrierFactory(code="BLUEPLUS", display_name="Blue Plus", legal_name="HMO Minnesota")


@pytest.fixture(scope="session")
def big_workbook(tmp_path_factory):
    """The 300,000-row workbook, built once per session under tmp, never committed."""
    from tests.intake.corpus.workbooks import big_xlsx_write

    return big_xlsx_write(tmp_path_factory.mktemp("big") / "big.xlsx", 300_000)
