"""The listings app's forms, one module per concern."""
