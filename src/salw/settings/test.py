"""Django settings for the test suite: a throw-away data directory, the same code paths."""

import os
import tempfile
from pathlib import Path

from salw.settings.base import build_settings
from salw.settings.options import resolve

_data_dir = Path(os.environ.get("SALW_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="salw-test-"))
os.environ.setdefault("SALW_TEST_DATA_DIR", str(_data_dir))

globals().update(build_settings(resolve({"data_dir": _data_dir})))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing in tests only
SALW_ALLOW_FLUSH = True
SALW_AFTER_FLUSH = "tests.seed.seed_reference_data"
