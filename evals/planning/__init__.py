"""Evaluation of the oven schedule (CP-SAT) and the delivery tours (OR-Tools routing)."""
