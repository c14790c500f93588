"""Uploads are checked by content: a renamed file is refused with a message and the draft kept,
oversized files are refused, pictures are stored without their metadata, recordings only in the
formats on the list, and every file is served so that no browser runs it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities.stories import services, uploads
from activities.stories.factories import (
    GPS_IFD,
    ReporterProfileFactory,
    draft_story,
    picture_bytes,
)
from activities.stories.models import StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return ReporterProfileFactory().user


def test_a_file_renamed_to_jpg_that_is_not_a_picture_is_refused_and_the_draft_kept(client, reporter):
    client.force_login(reporter)
    fake = SimpleUploadedFile("holiday.jpg", b"#!/bin/sh\necho hello\n" * 20, content_type="image/jpeg")
    response = client.post(
        reverse("stories:new"),
        {"action": "save", "title": "Our allotment", "body": "We grew beans.", "image": fake},
    )
    assert response.status_code == 200
    assert "The picture must be a JPEG, PNG or WebP image" in response.text
    story = StoryPage.objects.get(reporter=reporter)
    assert story.title == "Our allotment" and story.body == "We grew beans."
    assert story.image is None


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<html><script>alert(1)</script></html>",
        picture_bytes(image_format="GIF"),
        b"",
    ],
    ids=["svg", "html", "gif", "empty"],
)
def test_nothing_but_jpeg_png_and_webp_is_a_picture(content):
    with pytest.raises(ValidationError):
        uploads.clean_image(SimpleUploadedFile("x.png", content, content_type="image/png"))


def test_an_oversized_picture_is_refused_with_the_limit(client, reporter, settings):
    settings.STORY_IMAGE_MAX_BYTES = 1024 * 1024
    client.force_login(reporter)
    big = SimpleUploadedFile("big.jpg", picture_bytes() + b"\0" * (1024 * 1024), content_type="image/jpeg")
    response = client.post(reverse("stories:new"), {"action": "save", "title": "Big", "image": big})
    assert "The picture must be smaller than 1 MB" in response.text
    assert StoryPage.objects.get(reporter=reporter).image is None


def test_the_forms_hints_give_the_limits_in_the_settings(client, reporter, settings):
    settings.STORY_IMAGE_MAX_BYTES = 2 * 1024 * 1024
    settings.STORY_AUDIO_MAX_BYTES = 3 * 1024 * 1024
    settings.STORY_VIDEO_MAX_BYTES = 4 * 1024 * 1024
    client.force_login(reporter)
    html = client.get(reverse("stories:new")).content.decode()
    assert "image, smaller than 2 MB" in html
    assert "WAV, smaller than 3 MB" in html
    assert "WebM, smaller than 4 MB" in html


def test_an_oversized_recording_is_refused(settings):
    settings.STORY_AUDIO_MAX_BYTES = 1000
    mp3 = SimpleUploadedFile("song.mp3", b"ID3" + b"\0" * 2000, content_type="audio/mpeg")
    with pytest.raises(ValidationError, match="audio file must be smaller"):
        uploads.clean_recording(mp3)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_stored_picture_has_no_location_or_camera_details(image_format):
    original = picture_bytes(image_format=image_format, with_location=True)
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD), "the test picture must carry a GPS position"

    story = draft_story(image=uploads.clean_image(SimpleUploadedFile("p.jpg", original)))

    with story.image.file.open("rb") as stored, Image.open(stored) as after:
        assert after.format == image_format
        exif = after.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert 0x0110 not in exif  # camera model
        assert "exif" not in after.info and "icc_profile" not in after.info and "xmp" not in after.info
    # A random name, nothing of the uploaded one.
    assert "p.jpg" not in story.image.file.name and story.image.file.name.split("/")[-1][:32].isalnum()


def test_a_picture_taken_sideways_stays_the_right_way_up():
    picture = Image.new("RGB", (200, 100), (200, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif.tobytes())
    cleaned = uploads.clean_image(SimpleUploadedFile("side.jpg", out.getvalue()))
    with Image.open(cleaned) as stored:
        assert stored.size == (100, 200)


@pytest.mark.parametrize(
    ("head", "kind", "extension"),
    [
        (b"ID3\x04\0\0\0\0\0\0", "audio", "mp3"),
        (b"\xff\xfb\x90\x64\0\0", "audio", "mp3"),
        (b"\0\0\0\x20ftypM4A \0\0\0\0", "audio", "m4a"),
        (b"\0\0\0\x18ftypmp42\0\0\0\0", "video", "mp4"),
        (b"OggS\0\x02\0\0", "audio", "ogg"),
        (b"RIFF\x24\0\0\0WAVEfmt ", "audio", "wav"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video", "webm"),
    ],
)
def test_recordings_are_recognised_by_their_first_bytes(head, kind, extension):
    recording = uploads.sniff_recording(head + b"\0" * 64)
    assert (recording.kind, recording.extension) == (kind, extension)


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\0executable", b"<html>", b"%PDF-1.7", b"\0\0\0\x18ftypqt  ", b"\x1a\x45\xdf\xa3matroska", b""],
)
def test_anything_else_is_not_a_recording(content):
    assert uploads.sniff_recording(content) is None
    with pytest.raises(ValidationError, match="must be an MP3"):
        uploads.clean_recording(
            SimpleUploadedFile("song.mp3", content + b"\0" * 10, content_type="audio/mpeg")
        )


def test_a_recording_is_stored_under_a_random_name_and_served_as_an_attachment_never_sniffed(
    client, reporter
):
    client.force_login(reporter)
    response = client.post(
        reverse("stories:new"),
        {
            "action": "save",
            "title": "Drum circle",
            "recording": SimpleUploadedFile("<script>.mp3", b"ID3" + b"\x01" * 500, content_type="text/html"),
            "transcript": "We play together.",
        },
    )
    assert response.status_code == 302
    story = StoryPage.objects.get(reporter=reporter)
    document = story.media_document
    assert story.media_kind == "audio"
    assert "script" not in document.file.name and document.file.name.endswith(".mp3")

    served = client.get(document.url)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "audio/mpeg"


def test_a_drafts_recording_is_for_its_reporter_and_moderators_only(client, reporter):
    story = draft_story(reporter=reporter)
    recording = uploads.clean_recording(SimpleUploadedFile("a.ogg", b"OggS" + b"\0" * 100))
    story = services.update_draft(story=story, user=reporter, values={}, recording=recording)
    url = story.media_document.url

    assert client.get(url).status_code == 404
    client.force_login(ReporterProfileFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(reporter)
    assert client.get(url).status_code == 200

    StoryPage.objects.filter(pk=story.pk).update(live=True)
    client.logout()
    assert client.get(url).status_code == 200
