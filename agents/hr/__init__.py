"""Domain agent `hr`: one module per tool, each with `run(slots, ctx) -> AgentReply`."""
