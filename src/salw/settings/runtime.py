"""Django settings for a running installation, built from the declared options."""

from salw.settings.base import build_settings
from salw.settings.options import resolve

globals().update(build_settings(resolve()))
