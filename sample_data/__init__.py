"""Sample data: the deterministic generator (generate.py) and the files it writes."""
