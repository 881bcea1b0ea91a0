"""The national registry: weapons, markings, holders, locations and lifecycle events."""
