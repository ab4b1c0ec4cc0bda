"""The whole chain demand → production → ovens → staff → money as plain typed functions."""
