"""End-to-end check of the chain demand → production → ovens → staff → money on the demo company."""
