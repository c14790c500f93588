"""Members' pages for referrals, participants, attendance and wellbeing, and the public pages that
go with them. Every view here answers through activities.referrals.policy; the permission table
test (tests/referrals/test_permission_table.py) must list every pattern in this file."""

from django.urls import include, path

from activities.referrals.views import attendance, participants, referrals, wellbeing

referral_patterns = (
    [
        path("", referrals.dashboard, name="dashboard"),
        path("new/<slug:activity_slug>/", referrals.new, name="new"),
        path("<uuid:public_id>/", referrals.detail, name="detail"),
        path("<uuid:public_id>/status/", referrals.change_status, name="status"),
        path(
            "<uuid:public_id>/consent/<int:consent_id>/withdraw/",
            referrals.withdraw_consent,
            name="withdraw_consent",
        ),
    ],
    "referrals",
)

participant_patterns = (
    [
        path("", participants.participant_list, name="list"),
        path("<uuid:public_id>/", participants.detail, name="detail"),
        path(
            "<uuid:public_id>/withdraw-consent/",
            participants.withdraw_wellbeing_consent,
            name="withdraw_consent",
        ),
        path("<uuid:public_id>/check-ins/<uuid:check_in_id>/qr/", wellbeing.show_qr, name="check_in_qr"),
        path(
            "<uuid:public_id>/check-ins/<uuid:check_in_id>/email/",
            wellbeing.send_email,
            name="check_in_email",
        ),
    ],
    "participants",
)

attendance_patterns = (
    [
        path("", attendance.activity_list, name="activities"),
        path("<slug:activity_slug>/", attendance.session_dates, name="dates"),
        path("<slug:activity_slug>/<str:session_date>/", attendance.register, name="register"),
    ],
    "attendance",
)

wellbeing_patterns = (
    [
        path("thank-you/", wellbeing.thank_you, name="thank_you"),
        path("<str:token>/", wellbeing.answer, name="answer"),
    ],
    "wellbeing",
)

urlpatterns = [
    path("referrals/", include(referral_patterns)),
    path("participants/", include(participant_patterns)),
    path("attendance/", include(attendance_patterns)),
    path("wellbeing/", include(wellbeing_patterns)),
    path("activities/<slug:activity_slug>/ask-to-join/", referrals.ask_to_join, name="ask_to_join"),
    path(
        "activities/<slug:activity_slug>/ask-to-join/sent/",
        referrals.ask_to_join_sent,
        name="ask_to_join_sent",
    ),
]
