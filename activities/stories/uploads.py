"""Story media, checked by what the file is, never by its name or the type the browser claims.

Pictures are opened with Pillow, verified, and drawn again into a new file (JPEG, PNG or WebP)
with none of the original's metadata: no EXIF (so no GPS position, camera or date), no ICC or XMP.
Recordings are accepted only in a short list of formats, recognised by their first bytes, and
stored as they came. Everything is stored under a random name. Nothing that a browser could run
(SVG, HTML, scripts) is ever one of the accepted formats.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A picture bigger than this many pixels is refused before it is decoded (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000
# Longest side of a stored picture: plenty for a web page, and it keeps files small.
MAX_STORED_SIDE = 2400


@dataclass(frozen=True)
class Recording:
    kind: str  # "audio" or "video"
    extension: str
    content_type: str


def megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def check_size(upload, limit: int, what: str) -> None:
    if upload.size > limit:
        raise ValidationError(f"The {what} must be smaller than {megabytes(limit)}", code="too_big")


def clean_image(upload) -> ContentFile:
    """A safe copy of an uploaded picture, under a random name, or ValidationError saying why not."""
    check_size(upload, settings.STORY_IMAGE_MAX_BYTES, "picture")
    not_a_picture = ValidationError(
        "The picture must be a JPEG, PNG or WebP image. This file is not one of those, whatever its name",
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise not_a_picture
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError("The picture has too many pixels. Make it smaller and try again")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as original:
            original_format = original.format
            picture = ImageOps.exif_transpose(original)  # keep it the right way up without its EXIF
            picture.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise not_a_picture from error
    picture.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE))
    return _encode(picture, original_format)


def _encode(picture: Image.Image, image_format: str) -> ContentFile:
    # Drawn into a new image, so nothing from the original's headers (EXIF, ICC, XMP, text chunks)
    # can travel with the pixels whatever the encoder would otherwise copy from `info`.
    if image_format == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    elif picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        picture = picture.convert("RGBA")
    clean = Image.new(picture.mode, picture.size)
    if picture.mode == "P":
        clean.putpalette(picture.getpalette())
    clean.paste(picture)
    out = io.BytesIO()
    options = {"exif": b""}
    if image_format == "JPEG":
        options.update(quality=85, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=85)
    clean.save(out, format=image_format, **options)
    return ContentFile(out.getvalue(), name=random_name(IMAGE_FORMATS[image_format]))


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


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"
