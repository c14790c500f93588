"""Story media, checked by what the file is, never by its name or the type the browser claims.

Pictures are checked and re-encoded without their metadata by creative_minds.images (shared with
the listings' activity photos). Recordings are accepted only in a short list of formats, recognised
by their first bytes, and stored as they came. Everything is stored under a random name. Nothing
that a browser could run (SVG, HTML, scripts) is ever one of the accepted formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile

from creative_minds.images import check_size, clean_picture, megabytes, random_name

__all__ = [
    "Recording",
    "check_size",
    "clean_image",
    "clean_recording",
    "megabytes",
    "random_name",
    "sniff_recording",
]


@dataclass(frozen=True)
class Recording:
    kind: str  # "audio" or "video"
    extension: str
    content_type: str


def clean_image(upload) -> ContentFile:
    """A safe copy of an uploaded picture, under a random name, or ValidationError saying why not."""
    return clean_picture(upload, max_bytes=settings.STORY_IMAGE_MAX_BYTES)


def sniff_recording(head: bytes) -> Recording | None:
    """The recording format these first bytes begin, if it is one we accept."""
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return Recording("audio", "mp3", "audio/mpeg")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return Recording("audio", "m4a", "audio/mp4")
        if brand in (b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"):
            return Recording("video", "mp4", "video/mp4")
        return None
    if head.startswith(b"OggS"):
        return Recording("audio", "ogg", "audio/ogg")
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return Recording("audio", "wav", "audio/wav")
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return Recording("video", "webm", "video/webm")
    return None


def clean_recording(upload) -> tuple[Recording, File]:
    """The uploaded recording under a random name, with its kind, or ValidationError saying why not."""
    upload.seek(0)
    recording = sniff_recording(upload.read(64))
    upload.seek(0)
    if recording is None:
        raise ValidationError(
            "The recording must be an MP3, M4A, OGG or WAV sound file, or an MP4 or WebM video. "
            "This file is not one of those, whatever its name",
            code="not_a_recording",
        )
    limit = settings.STORY_AUDIO_MAX_BYTES if recording.kind == "audio" else settings.STORY_VIDEO_MAX_BYTES
    check_size(upload, limit, f"{recording.kind} file")
    return recording, File(upload, name=random_name(recording.extension))
