"""The digital-skills self-scan: its definition (a YAML a city adapts), loading and checking it, and the scoring."""
