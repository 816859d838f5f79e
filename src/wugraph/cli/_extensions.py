"""Imports every command module so its commands attach to `main`; one line per area."""
