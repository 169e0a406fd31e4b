"""PDF reports built from scoring results; never queries the database."""
