"""Domain agent `finance`: one module per tool, each with `run(slots, ctx) -> AgentReply`."""
