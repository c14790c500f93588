"""The forms of the partners' own listings pages, one module per concern."""
