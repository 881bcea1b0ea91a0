"""The command line: one file per area, all adapters over the same services."""
