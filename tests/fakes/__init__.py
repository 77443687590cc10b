"""In-process fake servers, one module per network, built on the recorded fixtures."""
