"""Tracing: identifying a seized or found weapon against the registry, and trace requests."""
