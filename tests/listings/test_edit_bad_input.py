"""Bad input on the activity form gets a message by the field and in the error summary, keeps what
was typed, and never a 500: times the wrong way round, a made-up postcode, a 10,000-character
summary, null bytes, made-up session counts. A photo: a real picture is stored without its metadata
in "Listing photos" with its description as the alt text; a text file called .jpg is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from wagtail.images import get_image_model

from activities.listings.forms.edit import SESSIONS_PREFIX
from activities.listings.services.changes import PHOTO_COLLECTION
from activities.models import ActivityPage
from tests.listings.test_edit_activity import activity_form_data, edit_url, make_listing, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(db):
    return make_listing()


S = SESSIONS_PREFIX


def refused(response, *messages):
    assert response.status_code == 200
    assert 'class="nhsuk-error-summary"' in response.text
    for message in messages:
        assert response.text.count(message) >= 2, message  # by the field and in the summary
    return response


def nothing_saved(listing):
    latest = ActivityPage.objects.get(pk=listing.activity.pk).latest_revision_id
    assert latest == listing.activity.latest_revision_id


def test_an_end_before_the_start_is_refused_with_the_models_message(client, listing):
    response = send(client, listing, **{f"{S}-0-start_time": "14:00", f"{S}-0-end_time": "13:00"})
    refused(response, "The end time must be after the start time.")
    assert 'value="14:00"' in response.text and 'value="13:00"' in response.text
    nothing_saved(listing)


def test_a_time_that_is_not_one_says_how_to_write_it(client, listing):
    response = send(client, listing, **{f"{S}-0-start_time": "half ten"})
    refused(response, "Enter the time it starts as hours and minutes, like 10:00 or 14:30")
    assert 'value="half ten"' in response.text


def test_a_made_up_postcode_is_refused_and_a_real_one_normalised(client, listing):
    refused(send(client, listing, postcode="ZZ9 9ZZ", summary="Typed words kept."), "postcode")
    nothing_saved(listing)
    send(client, listing, postcode="hd12ta")
    page = ActivityPage.objects.get(pk=listing.activity.pk)
    assert page.latest_revision.as_object().postcode == "HD1 2TA"


def test_a_paid_activity_needs_its_price(client, listing):
    response = send(client, listing, cost_type="paid", cost_amount="")
    refused(response, "Enter the price per session, or choose free.")


def test_a_10000_character_summary_is_refused_with_the_limit(client, listing):
    response = send(client, listing, summary="a" * 10_000)
    refused(response, "What happens, in one sentence must be 240 characters or fewer (it has 10000)")
    nothing_saved(listing)


def test_null_bytes_are_refused_not_a_500(client, listing):
    response = send(
        client,
        listing,
        title="Sing\x00together",
        summary="nul\x00",
        locality="1\x00",
        categories=["\x00"],
        **{f"{S}-0-start_time": "10:\x0000", f"{S}-0-id": "\x00"},
    )
    refused(response, "has a character that cannot be saved")
    nothing_saved(listing)


@pytest.mark.parametrize(
    "management",
    [
        {f"{S}-TOTAL_FORMS": "lots", f"{S}-INITIAL_FORMS": "1"},
        {f"{S}-TOTAL_FORMS": "999999", f"{S}-INITIAL_FORMS": "-4"},
        {f"{S}-TOTAL_FORMS": "", f"{S}-INITIAL_FORMS": ""},
        {f"{S}-TOTAL_FORMS": "5000", f"{S}-INITIAL_FORMS": "5000"},
    ],
    ids=["words", "huge-and-negative", "empty", "huge"],
)
def test_garbage_session_counts_get_a_message_not_a_500(client, listing, management):
    response = send(client, listing, summary="Typed words kept.", **management)
    assert response.status_code == 200
    assert "The sessions could not be read" in response.text
    assert "Typed words kept." in response.text
    nothing_saved(listing)


def test_removing_every_session_is_refused(client, listing):
    response = send(client, listing, **{f"{S}-0-DELETE": "on"})
    refused(response, "Add at least one session: the day and time it meets")
    nothing_saved(listing)


def test_the_empty_session_at_the_end_adds_one_without_javascript_and_a_tick_removes_one(client, listing):
    client.force_login(listing.contact)
    form_page = client.get(edit_url(listing.activity))
    assert 'name="sessions-TOTAL_FORMS" value="2"' in form_page.text
    assert "Add another session (optional)" in form_page.text
    data = activity_form_data(listing.activity)
    data.update(
        {
            f"{S}-1-weekday": "3",
            f"{S}-1-start_time": "18:30",
            f"{S}-1-end_time": "20:00",
            f"{S}-1-frequency": "weekly",
            f"{S}-1-valid_from_day": "7",
            f"{S}-1-valid_from_month": "1",
            f"{S}-1-valid_from_year": "2027",
            f"{S}-0-DELETE": "on",
        }
    )
    assert client.post(edit_url(listing.activity), data).status_code == 302
    draft = ActivityPage.objects.get(pk=listing.activity.pk).latest_revision.as_object()
    assert [session.describe() for session in draft.sessions.all()] == ["Every Thursday, 6:30pm to 8pm"]
    assert ActivityPage.objects.get(pk=listing.activity.pk).sessions.count() == 1  # the live one, unchanged
    again = client.get(edit_url(listing.activity))
    assert 'name="sessions-TOTAL_FORMS" value="2"' in again.text and 'value="18:30"' in again.text


# -- a photo ----------------------------------------------------------------------------------


def png_bytes() -> bytes:
    picture = Image.new("RGB", (40, 30), (200, 40, 90))
    out = io.BytesIO()
    info = PngInfo()
    info.add_text("Comment", "taken at 12 Secret Lane")
    picture.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_a_photo_is_stored_without_metadata_with_its_description_as_alt_text(client, listing):
    photo = SimpleUploadedFile("choir.png", png_bytes(), content_type="image/png")
    response = send(client, listing, photo=photo, photo_description="Eight people singing in a hall")
    assert response.status_code == 302
    draft = ActivityPage.objects.get(pk=listing.activity.pk).latest_revision.as_object()
    image = draft.image
    assert image.description == image.title == "Eight people singing in a hall"
    assert image.collection.name == PHOTO_COLLECTION
    with image.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"\x89PNG") and b"Secret Lane" not in content
    assert ActivityPage.objects.get(pk=listing.activity.pk).image_id is None  # live page: not until approved


def test_a_photo_needs_a_description(client, listing):
    photo = SimpleUploadedFile("choir.png", png_bytes(), content_type="image/png")
    response = send(client, listing, photo=photo, photo_description="")
    refused(response, "Describe the photo for people who cannot see it")
    assert "Choose the photo again" in response.text
    assert not get_image_model().objects.exists()


def test_a_text_file_called_jpg_is_refused_and_the_rest_kept(client, listing):
    fake = SimpleUploadedFile("choir.jpg", b"#!/bin/sh\necho hello\n" * 20, content_type="image/jpeg")
    response = send(client, listing, photo=fake, photo_description="A choir", summary="Typed words kept.")
    refused(response, "The photo must be a JPEG, PNG or WebP image")
    assert "Typed words kept." in response.text
    assert not get_image_model().objects.exists()
    nothing_saved(listing)
