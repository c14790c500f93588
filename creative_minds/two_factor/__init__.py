"""Two-factor sign-in for the Wagtail admin (django-otp, time-based codes from an app).

Staff set up an authenticator app the first time, then give a 6-digit code each time they
sign in, before any admin page opens. The public site and members' pages are unaffected.
"""
