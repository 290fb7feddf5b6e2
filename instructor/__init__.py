"""Instructor tools: never shipped to students (the release lists what students get)."""
