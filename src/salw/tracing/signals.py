"""What tracing tells the apps above it, without knowing them (licensing listens for outcomes)."""

from django.dispatch import Signal

# Sent inside the transaction that records a trace outcome, with ``outcome`` and ``actor``:
# a receiver's writes commit or roll back with the outcome.
trace_outcome_recorded = Signal()
