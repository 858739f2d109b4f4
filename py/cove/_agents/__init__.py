"""Cove for agents: a notebook's headless kernel behind `cove mcp` (the Model Context Protocol)
and `cove kernel` (JSON lines), with the relevant context of a cell (docs/agents.md)."""
