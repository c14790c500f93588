"""Outcomes: what referrals and the wellbeing questionnaires add up to, published at /impact/ and
reported in the admin. Modules, each importing only those above it:

    figures         exact counts per locality and type of activity (never published as they are)
    disclosure      every kind of suppression, and the statistics of paired change
    text            figures as words, the same in tables, chart and partner record
    published       what /impact/ shows, disclosed, and its cache
    report          the admin's exact report
    partner_record  a partner's figures for collective members (through a hook)
    chart           server-drawn SVG charts
    views           /impact/ and the admin report view
"""
