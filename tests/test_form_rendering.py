"""Every form in the project's apps renders through Django's own widgets in NHS.UK markup.

The forms are found by importing every module of the project's apps and walking the form
classes (and the forms of the formsets and django-filter FilterSets those modules define), so a
new form is checked without editing this file. Each is bound to data that its fields refuse
(and a typed password), rendered as the templates render it (error summary, `{% field %}` for
each visible field, the hidden ones as they are), and the HTML is parsed: every control's type
is its widget's, no password comes back, and every field's message is on the page with the
NHS.UK error styling, read out with the field, and linked from the error summary.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path

import django_filters
import pytest
from bs4 import BeautifulSoup
from django import forms
from django.forms.formsets import BaseFormSet
from django.forms.models import BaseModelForm
from django.template import engines
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict

from activities.listings.admin_views import AttentionFilterSet
from activities.listings.forms.partner_requests import ApproveForm, DeclineForm
from activities.listings.models.moderation import ChangesForm as ListingChangesForm
from activities.listings.viewsets import ProblemReportFilterSet
from activities.models import ActivityPage, Category
from activities.referrals.factories import ReferralFactory
from activities.referrals.filters import ReferralFilter
from activities.referrals.forms import ParticipantFilterForm, StatusForm
from activities.referrals.subject_access import SubjectAccessForm
from activities.referrals.wellbeing_forms import WellbeingForm
from activities.referrals.what_changed_report import SharedAnswerFilterSet
from activities.stories.listing import StoryFilter
from activities.stories.models import StoryPage, Theme
from activities.stories.models.moderation import ChangesForm, RejectForm
from creative_minds.accounts.forms import NewPasswordForm, SignInForm
from creative_minds.forms import NHSUKFormRenderer
from creative_minds.two_factor.forms import MethodForm, SixDigitCodeForm
from creative_minds.two_factor.selectors import APP, EMAIL
from partners.directory import Option, PartnerDirectoryForm
from partners.factories import UserFactory
from partners.forms import DecisionForm, FundingApplicationForm
from partners.models import FundingApplication, FundingRound, Locality

pytestmark = pytest.mark.django_db

PROJECT_PACKAGES = ("home", "activities", "partners", "creative_minds")
# Settings modules read the environment when imported (production stops without it); the rest
# hold no forms.
NOT_IMPORTED = re.compile(r"^creative_minds\.(settings|wsgi)\b|\.migrations\b")

# Forms that need more than data to be built. A new form whose constructor needs an argument
# fails test_every_form_renders_in_nhsuk_markup until it has a line here.
BUILDERS: dict[type, Callable[[MultiValueDict], forms.BaseForm]] = {
    FundingApplicationForm: lambda data: FundingApplicationForm(
        data=data, rounds=FundingRound.objects.all(), activities=ActivityPage.objects.all()
    ),
    # Every field there is: the fast track's route, and the reason for deciding while voting is open.
    DecisionForm: lambda data: DecisionForm(
        data=data,
        fast_track=True,
        early=True,
        application=FundingApplication(requested_amount=1000, round=FundingRound(budget=1000, name="Winter")),
    ),
    # Every status, and the first session's days to choose from (the referral's activity's).
    StatusForm: lambda data: StatusForm(
        data=data, allowed=tuple(StatusForm.LABELS), referral=ReferralFactory()
    ),
    ReferralFilter: lambda data: (
        ReferralFilter(data, user=UserFactory(is_superuser=True), today=datetime.date(2026, 11, 30)).form
    ),
    PartnerDirectoryForm: lambda data: PartnerDirectoryForm(
        data=data,
        localities=[Option(locality.slug, locality.name) for locality in Locality.objects.all()],
        activity_types=[Option(category.slug, category.name) for category in Category.objects.all()],
    ),
    ParticipantFilterForm: lambda data: ParticipantFilterForm(data=data, activities=[]),
    SignInForm: lambda data: SignInForm(request=RequestFactory().post("/account/login/"), data=data),
    NewPasswordForm: lambda data: NewPasswordForm(UserFactory(), data=data),
    SixDigitCodeForm: lambda data: SixDigitCodeForm(data=data, source=APP),
    MethodForm: lambda data: MethodForm(data=data, available=(APP, EMAIL)),
    # The follow-up has every field the first questionnaire has, and "What has changed for you?".
    WellbeingForm: lambda data: WellbeingForm(data=data, follow_up=True),
    StoryFilter: lambda data: (
        StoryFilter(data=data, queryset=StoryPage.objects.none(), themes=Theme.objects.all()).form
    ),
}

# Forms (and FilterSets) shown inside the Wagtail admin, which keeps its own markup and renderer
# (FORM_RENDERER).
ADMIN_FORMS = {
    SubjectAccessForm,
    SharedAnswerFilterSet,
    ChangesForm,
    RejectForm,
    ListingChangesForm,
    ProblemReportFilterSet,
    # The admin's approve and decline of a request to become a partner.
    ApproveForm,
    DeclineForm,
    # Reports → Listings needing attention.
    AttentionFilterSet,
}

NOT_AN_ANSWER = "not an answer <&>"
PAGE = engines["django"].from_string(
    "{% load form_tags %}"
    '{% include "components/error_summary.html" %}'
    "{% for visible in form.visible_fields %}{% field visible %}{% endfor %}"
    "{% for hidden in form.hidden_fields %}{{ hidden }}{% endfor %}"
)


# -- finding the forms ------------------------------------------------------------------------


def _project_modules():
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if not NOT_IMPORTED.search(info.name):
                yield importlib.import_module(info.name)


def _subclasses(base: type):
    for subclass in base.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _in_project(cls: type) -> bool:
    return cls.__module__.split(".")[0] in PROJECT_PACKAGES


def _project_forms() -> dict[str, Callable[[MultiValueDict], forms.BaseForm]]:
    """{name: build(data) -> a bound form} for every form the project's modules define."""
    modules = list(_project_modules())
    filtersets = {cls for cls in _subclasses(django_filters.FilterSet) if _in_project(cls)}
    # A FilterSet's form class is its Meta.form with the filters' fields; it is checked through
    # the FilterSet. The bases in creative_minds.forms have no fields of their own.
    covered_elsewhere = {filterset._meta.form for filterset in filtersets}
    found = {}
    for cls in set(_subclasses(forms.BaseForm)):
        if not _in_project(cls) or cls in covered_elsewhere or cls in ADMIN_FORMS:
            continue
        if cls.__module__.startswith("creative_minds.forms"):
            continue
        if issubclass(cls, BaseModelForm) and cls._meta.model is None:
            continue
        found[f"{cls.__module__}.{cls.__qualname__}"] = _builder(cls)
    for filterset in filtersets - ADMIN_FORMS:
        found[f"{filterset.__module__}.{filterset.__qualname__}"] = _filterset_builder(filterset)
    # Formsets made with formset_factory are classes made inside Django: find them by where
    # the project keeps them, and check the form each of their rows is.
    formsets = set()
    for module in modules:
        for name, value in vars(module).items():
            is_formset = isinstance(value, type) and issubclass(value, BaseFormSet) and hasattr(value, "form")
            if is_formset and value not in formsets:  # a module that imports it is not where it lives
                formsets.add(value)
                found[f"{module.__name__}.{name}.form"] = _builder(value.form)
    return dict(sorted(found.items()))


def _builder(cls):
    if cls in BUILDERS:
        return BUILDERS[cls]

    def build(data):
        needed = [
            parameter.name
            for parameter in list(inspect.signature(cls.__init__).parameters.values())[1:]
            if parameter.default is inspect.Parameter.empty
            and parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        ]
        if needed:
            pytest.fail(
                f"{cls.__module__}.{cls.__qualname__} needs {', '.join(needed)} to be built: add a line "
                "for it to BUILDERS in tests/test_form_rendering.py",
                pytrace=False,
            )
        return cls(data=data)

    return build


def _filterset_builder(filterset):
    return BUILDERS.get(filterset) or (lambda data: filterset(data=data).form)


FORMS = _project_forms()


# -- data the fields refuse -------------------------------------------------------------------


def _put(data: MultiValueDict, bound_field, value) -> None:
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        for suffix in widget.widgets_names:
            data[bound_field.html_name + suffix] = value
    elif getattr(widget, "allow_multiple_selected", False):
        data.setlist(bound_field.html_name, [value] if value else [])
    else:
        data[bound_field.html_name] = value


def _typed_password(bound_field) -> str:
    return f"typed secret for {bound_field.name}"


def _refused_data(form) -> MultiValueDict:
    """For each field, the first of a few answers its own cleaning refuses (an answer that is not
    one, nothing, or too much); a typed password for password boxes."""
    data = MultiValueDict()
    for bound_field in form:
        field = bound_field.field
        if isinstance(field.widget, forms.PasswordInput):
            _put(data, bound_field, _typed_password(bound_field))
            continue
        candidates = [NOT_AN_ANSWER, ""]
        if getattr(field, "max_length", None):
            candidates.append("x" * (field.max_length + 1))
        for candidate in candidates:
            trial = MultiValueDict()
            _put(trial, bound_field, candidate)
            try:
                field.clean(field.widget.value_from_datadict(trial, {}, bound_field.html_name))
            except forms.ValidationError:
                break
        else:
            candidate = NOT_AN_ANSWER  # nothing to refuse (an optional free-text box)
        _put(data, bound_field, candidate)
    return data


# -- what the page must say -------------------------------------------------------------------


def _controls(bound_field) -> dict[str, tuple[str, str | None]]:
    """{name: (tag, type)} for the controls the field's widget draws."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        return {
            bound_field.html_name + suffix: _control(part)
            for suffix, part in zip(widget.widgets_names, widget.widgets, strict=True)
        }
    return {bound_field.html_name: _control(widget)}


def _control(widget) -> tuple[str, str | None]:
    if isinstance(widget, forms.Select):
        return ("select", None)
    if isinstance(widget, forms.Textarea):
        return ("textarea", None)
    return ("input", widget.input_type)


ERROR_CLASS = {
    "input": "nhsuk-input--error",
    "select": "nhsuk-select--error",
    "textarea": "nhsuk-textarea--error",
}


def _check_errors_shown(page, bound_field) -> None:
    messages = list(bound_field.errors)
    summary = page.select_one(".nhsuk-error-summary")
    for message in messages:
        assert message in summary.get_text(" ", strip=True), (
            f"{bound_field.name}: {message!r} not in the summary"
        )
    if bound_field.is_hidden:
        return  # a hidden field is only wrong when the page was tampered with: the summary says so
    names = set(_controls(bound_field))
    controls = page.find_all(attrs={"name": lambda name: name in names})
    control_ids = {control.get("id") for control in controls}
    group = controls[0].find_parent(class_="nhsuk-form-group")
    assert "nhsuk-form-group--error" in group["class"], f"{bound_field.name}: the form group is not in error"
    message_box = group.select_one(".nhsuk-error-message")
    assert message_box is not None, f"{bound_field.name}: no error message in its form group"
    assert message_box.select_one(".nhsuk-u-visually-hidden").get_text(strip=True) == "Error:"
    for message in messages:
        assert message in message_box.get_text(" ", strip=True), f"{bound_field.name}: {message!r} not shown"
        targets = [
            link["href"].removeprefix("#")
            for link in summary.select("a")
            if link.get_text(strip=True) == message
        ]
        assert control_ids & set(targets), (
            f"{bound_field.name}: no summary link for {message!r} goes to one of its controls ({targets})"
        )
    described = group.find("fieldset") if bound_field.use_fieldset else controls[0]
    assert message_box["id"] in described.get("aria-describedby", "").split(), (
        f"{bound_field.name}: the error message is not read out with the field"
    )
    for control in controls:
        if control.get("type") in ("radio", "checkbox"):
            continue  # NHS.UK marks a group of options in error on its form group only
        assert ERROR_CLASS[control.name] in control["class"], f"{bound_field.name}: {control} is not styled"


@pytest.mark.parametrize("name", FORMS)
def test_every_form_renders_in_nhsuk_markup(name):
    build = FORMS[name]
    form = build(_refused_data(build(None)))
    assert isinstance(form.renderer, NHSUKFormRenderer), (
        f"{name} renders with {type(form.renderer).__name__}: build it on creative_minds.forms.NHSUKForm, "
        "NHSUKModelForm or NHSUKFormMixin"
    )
    assert not form.is_valid(), f"{name}: the refused answers were accepted"
    html = PAGE.render({"form": form})
    page = BeautifulSoup(html, "html.parser")

    expected = {}
    for bound_field in form:
        expected.update(_controls(bound_field))
    drawn = page.find_all(["input", "select", "textarea"])
    for control in drawn:
        assert control.get("name") in expected, f"{name}: {control} belongs to no field"
        tag, input_type = expected[control["name"]]
        assert control.name == tag, (
            f"{name}: {control['name']} is a <{control.name}>, its widget draws <{tag}>"
        )
        if tag == "input":
            assert control.get("type") == input_type, (
                f"{name}: {control['name']} has type={control.get('type')!r}, its widget says {input_type!r}"
            )
    assert set(expected) <= {control["name"] for control in drawn}, f"{name}: a field drew no control"

    for password_box in page.select('input[type="password"]'):
        assert not password_box.has_attr("value"), f"{name}: {password_box['name']} sends a password back"
    for bound_field in form:
        if isinstance(bound_field.field.widget, forms.PasswordInput):
            assert _typed_password(bound_field) not in html, f"{name}: the typed password is on the page"

    for bound_field in form:
        if bound_field.errors:
            _check_errors_shown(page, bound_field)


@pytest.mark.parametrize("name", FORMS)
def test_numbers_and_dates_use_the_nhsuk_widgets(name):
    """NHS.UK asks for a text box with a number keypad rather than type="number", and for its day,
    month and year boxes rather than the browser's date picker (creative_minds.forms.widgets)."""
    form = FORMS[name](None)
    for bound_field in form:
        widget = bound_field.field.widget
        assert not isinstance(widget, forms.NumberInput), (
            f"{name}.{bound_field.name}: use creative_minds.forms.WholeNumberInput or DecimalInput"
        )
        assert not isinstance(widget, forms.DateInput), (
            f"{name}.{bound_field.name}: use creative_minds.forms.DateField"
        )


def test_the_walk_finds_the_forms_people_fill_in():
    """The discovery itself: if it silently found nothing, every test above would pass."""
    for expected in (
        "creative_minds.accounts.forms.SignInForm",
        "partners.forms.FundingApplicationForm",
        "partners.forms.InKindFormSet.form",
        "activities.referrals.wellbeing_forms.WellbeingForm",
        "activities.search.filters.ActivityFilter",
        "creative_minds.two_factor.forms.SixDigitCodeForm",
    ):
        assert expected in FORMS, sorted(FORMS)


def test_the_sign_in_page_never_sends_a_password_back(client):
    UserFactory(username="sam")
    response = client.post(
        "/account/login/", {"username": "sam", "password": "my typed secret"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    password = page.select_one('input[name="password"]')
    assert password["type"] == "password"
    assert not password.has_attr("value")
    assert "my typed secret" not in response.content.decode()
    assert page.select_one('input[name="username"]')["value"] == "sam"  # what they typed is kept


# Inputs a template may still write itself, by template and name, each with the reason.
HAND_WRITTEN = {
    # Where to go after signing in: part of the page's address, not a question on the form.
    ("registration/login.html", "next"),
    ("two_factor/_next.html", "next"),
    # Which of the page's forms was sent (conflict or vote; send a code or check one), and which
    # way of getting codes the page is about: not questions either.
    ("partners/collectives/application_review.html", "action"),
    # "I have found I have a conflict of interest" after voting: the button itself is the answer yes.
    ("partners/collectives/application_review.html", "conflict-answer"),
    ("two_factor/check_email.html", "action"),
    ("two_factor/verify.html", "action"),
    ("two_factor/verify.html", "method"),
    # The home page's search box sends a plain GET to /activities/; there is no form object there.
    ("home/home_page.html", "q"),
    ("home/home_page.html", "near"),
    # The attendance register has no Django form: its service checks every ticked id against the
    # register (activities.referrals.services.record_attendance).
    ("referrals/attendance/register.html", "present"),
    # Inside the Wagtail admin, in the admin's own markup.
    ("referrals/admin/subject_access.html", "referral"),
}
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The widget and field templates are where the renderer's inputs come from.
RENDERER_TEMPLATES = ("django/forms/", "forms/")


def test_templates_write_no_form_inputs_by_hand():
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(RENDERER_TEMPLATES):
            continue
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", path.read_text()):
            control = re.search(r'\bname="([^"]*)"', tag)
            found.add((name, control[1] if control else tag))
    assert found - HAND_WRITTEN == set(), "render these through the form's widgets ({% field form.x %})"
