"""Controlled vocabularies: countries, borders, weapon types, calibres, manufacturers."""
