"""Developer tools kept with the code (not part of the product package)."""
