"""salw: national control system for small arms and light weapons."""

__version__ = "0.1.0"
