"""Pictures people upload (a story's picture, an activity's photo), checked by what the file is, never
by its name or the type the browser claims.

A picture is opened with Pillow, verified, and drawn again into a new file (JPEG, PNG or WebP) with
none of the original's metadata: no EXIF (so no GPS position, camera or date), no ICC or XMP. It is
stored under a random name. Nothing that a browser could run (SVG, HTML, scripts) is ever one of the
accepted formats.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A picture bigger than this many pixels is refused before it is decoded (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000
# Longest side of a stored picture: plenty for a web page, and it keeps files small.
MAX_STORED_SIDE = 2400


def megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def check_size(upload, limit: int, what: str) -> None:
    if upload.size > limit:
        raise ValidationError(f"The {what} must be smaller than {megabytes(limit)}", code="too_big")


def clean_picture(upload, *, max_bytes: int, what: str = "picture") -> ContentFile:
    """A safe copy of an uploaded picture, under a random name, or ValidationError saying why not.
    `what` is the word the messages use for it ("picture", "photo")."""
    check_size(upload, max_bytes, what)
    not_a_picture = ValidationError(
        f"The {what} must be a JPEG, PNG or WebP image. This file is not one of those, whatever its name",
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise not_a_picture
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(f"The {what} has too many pixels. Make it smaller and try again")
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


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"
