from django.urls import path
from wagtail import hooks

from activities.referrals import what_changed_report
from activities.referrals.subject_access import SubjectAccessView, menu_item
from activities.referrals.viewsets import ReferralsViewSetGroup


@hooks.register("register_admin_viewset")
def register_referrals():
    return ReferralsViewSetGroup()


@hooks.register("register_log_actions")
def register_referral_log_actions(actions):
    """The audit trail of personal records: who saw, changed or exported what (never the data itself).

    The actions keep the "activities." prefix they had before referrals were an app of their own:
    each audit entry stores its action's name, and the audit trail is never rewritten.
    """
    for action, label, message in [
        ("referral_sent", "Send referral", "Referral sent"),
        ("referral_viewed", "View referral", "Referral viewed"),
        ("referral_status_changed", "Change referral status", "Referral status changed"),
        ("participant_created", "Create participant", "Participant code created"),
        ("participant_viewed", "View participant", "Participant viewed"),
        ("attendance_recorded", "Record attendance", "Attendance recorded"),
        ("check_in_link_issued", "Issue questionnaire link", "Wellbeing questionnaire link issued"),
        ("check_in_answered", "Answer questionnaire", "Wellbeing questionnaire answered"),
        ("check_in_declined", "Decline questionnaire", "Wellbeing questionnaire declined"),
        ("consent_withdrawn", "Withdraw consent", "Consent withdrawn"),
        ("retention_run", "Apply retention", "Retention applied"),
        ("subject_access_exported", "Export personal data", "Subject access export"),
        ("referrals_exported", "Export referrals", "Referrals exported"),
        ("shared_answer_read", "Read shared answer", 'Answer to "What has changed for you?" read'),
    ]:
        actions.register_action(f"activities.{action}", label, message)


@hooks.register("register_admin_urls")
def register_subject_access_url():
    return [path("reports/subject-access/", SubjectAccessView.as_view(), name="referrals_subject_access")]


@hooks.register("register_admin_urls")
def register_shared_answers_urls():
    view = what_changed_report.SharedAnswersView
    return [
        path("reports/what-has-changed/", view.as_view(), name="referrals_shared_answers"),
        path(
            "reports/what-has-changed/results/",
            view.as_view(results_only=True),
            name="referrals_shared_answers_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_subject_access_menu_item():
    return menu_item()


@hooks.register("register_reports_menu_item")
def register_shared_answers_menu_item():
    return what_changed_report.menu_item()
