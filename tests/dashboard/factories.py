import datetime as dt

import factory

from aordesk.review.models import Decision
from tests.intake.factories import ClaimFactory


class DecisionFactory(factory.django.DjangoModelFactory):
    """A current, automatic determination (no reviewer needed)."""

    class Meta:
        model = Decision

    claim = factory.SubFactory(ClaimFactory)
    internal_code = "SENT"
    broker_code = "SENT"
    broker_explanation = "Sent to the carrier."
    followed_proposal = True
    decided_by = "system"
    automatic = True
    decided_at = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)
