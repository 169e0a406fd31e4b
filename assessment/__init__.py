"""Assessments: the data model, persistence, import/export and the command line."""
