"""Moving data in and out: spreadsheet import and export, backups, exchange between installations."""
