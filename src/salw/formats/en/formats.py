"""English dates as ISO 8601 and day-month-year.

Django's English defaults are the United States' month/day/year, which officers in most
countries would misread; every other language keeps Django's own formats.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
