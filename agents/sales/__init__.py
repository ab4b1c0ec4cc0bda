"""Domain agent `sales`: one module per tool, each with `run(slots, ctx) -> AgentReply`."""
