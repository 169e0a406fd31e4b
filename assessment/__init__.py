"""Assessments: the data model, persistence, import/export and backups (the command line is in ``cli``)."""
