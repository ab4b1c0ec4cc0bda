"""File exports of typed tables (Excel, CSV for German Excel) and documents (Word); written under var/exports."""
