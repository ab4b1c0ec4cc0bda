"""Staffing (hours needed vs. roster) and recruiting campaigns for the `hr` agent."""
