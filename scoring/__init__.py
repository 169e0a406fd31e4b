"""Scoring: pure functions from an answers table and a bank to result objects."""
