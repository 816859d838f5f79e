"""wugraph: a knowledge graph of the Vietnam Women's Union (Hội LHPN Việt Nam)."""

__version__ = "0.1.0"
