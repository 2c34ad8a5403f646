from __future__ import annotations

from aordesk.carriers.models import CarrierAlias
from aordesk.carriers.names import alias_key
from aordesk.intake.selectors import carrier_directory


def test_a_new_alias_is_known_to_the_next_file_without_a_restart(blue_plus):
    assert carrier_directory().resolve("BP Minnesota") is None

    CarrierAlias.objects.create(
        carrier=blue_plus, alias="BP Minnesota", key=alias_key("BP Minnesota")
    )

    assert carrier_directory().resolve("BP Minnesota") == blue_plus.pk


def test_a_renamed_carrier_is_known_by_its_new_name_at_once(blue_plus):
    assert carrier_directory().resolve("Blue Plus") == blue_plus.pk

    blue_plus.display_name = "Blue Plus Classic"
    blue_plus.save()

    directory = carrier_directory()
    assert directory.resolve("Blue Plus Classic") == blue_plus.pk
    assert directory.display_names == ["Blue Plus Classic"]


def test_unchanged_carriers_share_one_directory_but_each_file_its_own_memo(blue_plus):
    first, second = carrier_directory(), carrier_directory()
    first.resolve("Someone Else")

    assert first.by_key is second.by_key
    assert "Someone Else" not in second._resolved
