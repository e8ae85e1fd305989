"""The site build, in parts; build.py is the entry point."""
