"""Retrieval evaluation: handbook, unanswerable and law questions."""
