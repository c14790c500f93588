"""Every write to a listing outside the Wagtail page editor, one module per concern: changes (revisions
sent for review), status (pause, end, restart), review (the review cycle), reports (problem reports)
and partner_requests ("Become a partner")."""
