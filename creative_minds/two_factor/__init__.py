"""Two-factor sign-in (django-otp) for everyone who can see personal or health data.

Before any page under the prefixes in middleware.PROTECTED_PREFIXES (referrals, participants,
attendance and the admin, with its reports and exports) a signed-in person gives a second
factor: a code from an authenticator app, a code sent by email, or a single-use backup code.
Setting up a method needs a code emailed to the account's address first, so a password alone
is never enough to enrol. Staff can reset a person's methods (a lost phone) from the admin.
"""
