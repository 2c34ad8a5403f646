"""Shared fixtures of the review tests: a broker, the carrier its claims name, a reviewer."""

import pytest

from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.review.factories import StaffFactory


@pytest.fixture
def broker():
    return BrokerFactory()


@pytest.fixture
def carrier():
    return CarrierFactory(code="BLUE", display_name="Blue Plan")


@pytest.fixture
def reviewer():
    return StaffFactory()
