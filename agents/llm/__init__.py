"""LLM mode: an OpenAI-compatible server or Ollama routes with tool calls and words answers.

The embedded language layer stays the fallback for every failure; numbers always come from tools.
"""
