"""Reading resources from other hosts (calendars to import, later feeds to aggregate)."""
