"""Domain agent `readiness`: one module per tool, each with `run(slots, ctx) -> AgentReply`."""
