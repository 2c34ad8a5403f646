import datetime as dt

import pytest
from django.db import DataError, IntegrityError, transaction

from aordesk.aor.models import AorAssociation
from tests.aor.factories import AorAssociationFactory, AorTransmissionLineFactory
from tests.brokers.factories import BrokerFactory


@pytest.mark.django_db
def test_a_household_has_at_most_one_active_association():
    first = AorAssociationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AorAssociationFactory(household=first.household)


@pytest.mark.django_db
def test_an_ended_association_leaves_room_for_the_next_broker():
    first = AorAssociationFactory()
    AorAssociation.objects.filter(pk=first.pk).update(
        status=AorAssociation.Status.ENDED, ended_on=dt.date(2026, 3, 1)
    )
    AorAssociationFactory(household=first.household)


@pytest.mark.django_db
def test_the_same_association_is_never_sent_twice_for_one_enrollment():
    line = AorTransmissionLineFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AorTransmissionLineFactory(association=line.association, enrollment=line.enrollment)


@pytest.mark.django_db
@pytest.mark.parametrize("npn", ["12345678901", "12A45", ""])
def test_an_npn_that_is_not_one_to_ten_digits_is_refused_by_the_database(npn):
    # PostgreSQL refuses an over-long value as a DataError before the check runs.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        BrokerFactory(npn=npn)
