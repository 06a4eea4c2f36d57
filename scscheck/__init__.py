"""scscheck: check counterparties against published Social Credit System lists."""

__version__ = "0.1.0"
