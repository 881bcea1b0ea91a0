"""Transfer control hears of trace outcomes: one that ends at a licence or its end user calls for
a reassessment (ATT Article 7(7))."""

from django.dispatch import receiver

from salw.licensing.services import reassessment_flags_raise
from salw.tracing.models import TraceOutcome
from salw.tracing.signals import trace_outcome_recorded


@receiver(trace_outcome_recorded, sender=TraceOutcome, dispatch_uid="licensing-reassessment-flags")
def flag_applications_the_trace_ends_at(sender, *, outcome, actor, **kwargs) -> None:
    reassessment_flags_raise(actor=actor, trace_outcome=outcome)
