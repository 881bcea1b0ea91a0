"""Country context: governance, economy, armed conflict and borders by country-year, and the explained risk."""
