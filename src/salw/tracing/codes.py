"""Coded values of seizures, trace requests and their outcomes (pure: no Django).

Category lists marked "(unverified)" in docs/tracing.md follow the UNODC Illicit Arms Flows
Questionnaire as summarised in the domain reference; extend them by adding codes, never by
renaming one (they travel in exchange messages).
"""

from __future__ import annotations

# --- seizures --------------------------------------------------------------------------------

FOUND = "found"
SEIZED = "seized"
SURRENDERED = "surrendered"
SEIZURE_KINDS = (FOUND, SEIZED, SURRENDERED)

# Legal ground on which the items were taken, recorded at once (UNODC "legal justification").
LEGAL_JUSTIFICATIONS = (
    "illicit_possession",
    "illicit_trafficking",
    "illicit_manufacturing",
    "altered_or_obliterated_markings",
    "used_in_crime",
    "voluntary_surrender",
    "found_abandoned",
    "other",
    "unknown",
)

# The crime the items turned out to be connected with, often learnt later (UNODC "criminal context").
CRIMINAL_CONTEXTS = (
    "drug_trafficking",
    "organised_crime",
    "terrorism",
    "armed_conflict",
    "homicide",
    "robbery_or_theft",
    "other_violent_crime",
    "trafficking_in_persons",
    "smuggling",
    "other",
    "unknown",
)

WEAPON = "weapon"
PART = "part"
AMMUNITION = "ammunition"
ITEM_KINDS = (WEAPON, PART, AMMUNITION)

MARKING_STATUSES = ("legible", "partly_obliterated", "obliterated")

# The last year an antique can have been made in (ITI: never a weapon made after 1899).
LAST_ANTIQUE_YEAR = 1899

# --- trace requests --------------------------------------------------------------------------

OUTGOING = "outgoing"  # this installation asks another State
INCOMING = "incoming"  # another State asks this installation
DIRECTIONS = (OUTGOING, INCOMING)

ROUTINE = "routine"
URGENT = "urgent"
PRIORITIES = (ROUTINE, URGENT)

CHANNELS = ("national_point_of_contact", "interpol_iarms", "manufacturer", "exporter", "other")

# --- alerts ----------------------------------------------------------------------------------

ALERT_REPORTED_MISSING = "reported_missing"  # the matched weapon is recorded lost or stolen
ALERT_REGISTRY_HIT = "registry_hit"  # the matched weapon is recorded in any other state
ALERT_KINDS = (ALERT_REPORTED_MISSING, ALERT_REGISTRY_HIT)

# How a weapon is identified, as seized items and the trace requests made of them describe it.
WEAPON_FIELDS = ("serial_number", "marking_status", "manufacturer", "model", "calibre", "weapon_type",
                 "country_of_manufacture", "year_of_manufacture", "other_marks")
