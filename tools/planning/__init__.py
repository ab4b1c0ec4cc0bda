"""Operations planning models: oven schedule (CP-SAT) and delivery tours (OR-Tools routing)."""
