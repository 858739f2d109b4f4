"""The reactive runtime: dependency graph, scheduling and cell execution."""
