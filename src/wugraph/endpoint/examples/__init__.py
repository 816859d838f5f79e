"""Example questions researchers ask: one `.rq` file each, with vi/en title and description in its header."""
