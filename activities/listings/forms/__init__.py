"""The forms of the listings app, one module per concern."""
