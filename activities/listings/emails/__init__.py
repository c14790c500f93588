"""The emails about listings, one module per concern, each built when it is sent (creative_minds/mail.py)."""
