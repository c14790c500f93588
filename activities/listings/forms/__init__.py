"""The partners' forms for their own listings, one module per concern."""
