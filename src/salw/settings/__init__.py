"""Typed, documented options and the Django settings built from them."""
