"""Evaluation of multi-turn conversations: follow-ups, interview detours, topic changes (issue 16)."""
