"""KI-Readiness: question bank, answer mapping, interview state machine, scoring, strategy, report."""
