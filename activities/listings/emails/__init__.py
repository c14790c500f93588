"""The emails of the listings app, one module per concern, each built when it is sent."""
