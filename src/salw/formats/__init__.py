"""Date formats that replace Django's defaults for some languages (FORMAT_MODULE_PATH)."""
