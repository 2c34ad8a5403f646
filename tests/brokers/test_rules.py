import datetime as dt

from aordesk.brokers.rules import certified_on_date

D = dt.date


def test_a_certified_broker_is_certified_from_the_certification_date_on():
    kwargs = dict(status="certified", certified_on=D(2024, 5, 1), status_changed_on=D(2024, 5, 1))
    assert not certified_on_date(**kwargs, day=D(2024, 4, 30))
    assert certified_on_date(**kwargs, day=D(2024, 5, 1))


def test_a_decertified_broker_was_certified_until_the_day_before_decertification():
    kwargs = dict(
        status="decertified", certified_on=D(2020, 1, 1), status_changed_on=D(2026, 10, 15)
    )
    assert certified_on_date(**kwargs, day=D(2026, 10, 14))
    assert not certified_on_date(**kwargs, day=D(2026, 10, 15))
