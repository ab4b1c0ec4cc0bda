"""Domain agent `operations`: one module per tool, each with `run(slots, ctx) -> AgentReply`."""
