"""The Open Referral UK 3.0 feed: the published directory as HSDS-UK services, read-only."""
