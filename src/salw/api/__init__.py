"""The REST adapter (Django Ninja, /api/v1)."""
