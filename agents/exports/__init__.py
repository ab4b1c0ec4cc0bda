"""Chat requests for files ("… als Excel", "den Plan von eben als Datei") and the files made from tool results."""
