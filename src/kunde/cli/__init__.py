"""The ``kunde`` command line."""
