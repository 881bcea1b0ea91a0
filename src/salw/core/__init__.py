"""Shared kernel: base models, identifiers, errors, the audit chain, jurisdictions, access."""
