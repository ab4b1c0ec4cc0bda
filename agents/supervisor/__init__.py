"""The supervisor's own tools: help, smalltalk, out_of_scope (and overview, the whole chain)."""
