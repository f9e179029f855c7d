"""Leaders' dashboards (the agency's, with the panels its plugins declare)."""
