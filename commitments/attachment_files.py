"""Files attached to activities: what may be stored, how it is made safe, how it goes away.

- The type is read from the content (magic bytes, the structure of a ZIP or OLE2 file), never
  from the name or the browser's word: a page of HTML named ``.pdf`` is no PDF.
- Accepted: PDF; JPEG, PNG, GIF and WebP images; Word, Excel and PowerPoint documents (the
  ZIP formats with their ``[Content_Types].xml`` and the older OLE2 ones), without macros.
  Nothing that a browser or a desktop runs (HTML, SVG, scripts, programs, installers).
- At most ``MAX_ATTACHMENT_BYTES`` each.
- Images are decoded and encoded again by Pillow, so no metadata goes with them: no EXIF (a
  phone's photo says where it was taken), no XMP, no comments.
- The file name is kept for people to read, without path parts or control characters, and is
  checked by the personal-data guard like every text (``Attachment.full_clean``).
- Files are stored through ``storages["attachments"]`` under a random name, and deleted from
  it once the row that names them is deleted and the transaction has committed.
"""

import io
import logging
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import Attachment
from .models.attachments import MAX_ATTACHMENT_BYTES

logger = logging.getLogger(__name__)

MAX_FILES_PER_UPLOAD = 10
NAME_MAX_LENGTH = Attachment._meta.get_field("name").max_length
FALLBACK_NAME = "bilaga"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple  # the first is the one a name without a fitting one gets
    label: str  # what the page says ("PDF", "Word")
    image_format: str = ""  # Pillow's name of the format, for images


PDF = FileType("application/pdf", (".pdf",), "PDF")
JPEG = FileType("image/jpeg", (".jpg", ".jpeg", ".jpe"), "JPEG", "JPEG")
PNG = FileType("image/png", (".png",), "PNG", "PNG")
GIF = FileType("image/gif", (".gif",), "GIF", "GIF")
WEBP = FileType("image/webp", (".webp",), "WebP", "WEBP")
_OOXML = "application/vnd.openxmlformats-officedocument."
DOCX = FileType(_OOXML + "wordprocessingml.document", (".docx",), "Word")
XLSX = FileType(_OOXML + "spreadsheetml.sheet", (".xlsx",), "Excel")
PPTX = FileType(_OOXML + "presentationml.presentation", (".pptx",), "PowerPoint")
DOC = FileType("application/msword", (".doc",), "Word")
XLS = FileType("application/vnd.ms-excel", (".xls",), "Excel")
PPT = FileType("application/vnd.ms-powerpoint", (".ppt",), "PowerPoint")

TYPES = {t.content_type: t for t in (PDF, JPEG, PNG, GIF, WEBP, DOCX, XLSX, PPTX, DOC, XLS, PPT)}
IMAGES = {t.content_type for t in (JPEG, PNG, GIF, WEBP)}

# The main part of each Office ZIP format, as [Content_Types].xml must name it.
_OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream that makes an OLE2 file a Word, Excel or PowerPoint document (names are UTF-16 in
# the file's directory); an installer (.msi) or any other OLE2 file has none of them.
_OLE2_STREAMS = [
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("Book", XLS),
    ("PowerPoint Document", PPT),
]
_MACROS_OLE2 = ("_VBA_PROJECT", "Macros")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def label(content_type):
    """What the page calls a stored type: "PDF", "JPEG", "Word"."""
    kind = TYPES.get(content_type)
    return kind.label if kind else content_type


def refused(message, code, **params):
    return ValidationError(message, code=code, params=params)


def file_type(content):
    """The type of ``content`` (bytes), read from the content alone; ValidationError if it is
    none of the accepted types."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(b"PK\x03\x04"):
        return _office_zip(content)
    if content.startswith(_OLE2):
        return _office_ole2(content)
    raise refused(
        _(
            "The content of “%(name)s” is not a file of a kind that may be attached. Attach "
            "PDF, JPEG, PNG, GIF or WebP images, or Word, Excel or PowerPoint documents."
        ),
        "unknown_type",
    )


def _macros_refused():
    return refused(
        _(
            "“%(name)s” holds macros (programs). Save it as a document without macros "
            "(.docx, .xlsx, .pptx) and attach that."
        ),
        "macros",
    )


def _office_zip(content):
    """A Word, Excel or PowerPoint document of the ZIP formats: a ZIP whose
    ``[Content_Types].xml`` names the format's main part, which it holds. Names are read, never
    what they hold but the small content-types part (no ZIP bomb unpacks here)."""
    not_office = refused(
        _("“%(name)s” is a ZIP file but not a Word, Excel or PowerPoint document."),
        "not_office",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            info = (
                archive.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            )
            if info is None or info.file_size > 1024 * 1024:
                raise not_office
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError,
            RuntimeError, ValueError, zlib.error):  # fmt: skip
        raise not_office from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _macros_refused()
    found = [kind for part, kind in _OOXML_PARTS.items() if part in names and f'"/{part}"' in types]
    if len(found) != 1:
        raise not_office
    return found[0]


def _office_ole2(content):
    """A Word, Excel or PowerPoint document of the older formats: an OLE2 file whose directory
    names the format's stream."""
    if any(name.encode("utf-16-le") in content for name in _MACROS_OLE2):
        raise _macros_refused()
    for stream, kind in _OLE2_STREAMS:
        if (stream + "\x00").encode("utf-16-le") in content:
            return kind
    raise refused(
        _("“%(name)s” is not a Word, Excel or PowerPoint document."),
        "not_office",
    )


# Pillow's own limit (about 89 million pixels) lets a web worker hold gigabytes; a phone's
# photo has about 50 million.
MAX_PIXELS = 64_000_000
MAX_FRAMES = 500


def _fresh(frame, kind):
    """A new image of ``frame``'s pixels alone: nothing of the file it came from."""
    from PIL import Image

    keep = ("L", "RGB", "CMYK") if kind is JPEG else ("1", "L", "LA", "RGB", "RGBA", "CMYK")
    if frame.mode not in keep:
        frame = frame.convert("RGB" if kind is JPEG else "RGBA")
    return Image.frombytes(frame.mode, frame.size, frame.tobytes())


def reencoded(content, kind):
    """The image ``content`` decoded and encoded again in its own format from its pixels alone,
    so that none of its metadata goes with it (EXIF with the place a photo was taken, XMP,
    comments); the picture is turned upright first as its EXIF orientation says."""
    from PIL import Image, ImageOps, ImageSequence

    broken = refused(_("“%(name)s” is not an image that can be read."), "broken_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[kind.image_format]) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                if width * height > MAX_PIXELS or frames > MAX_FRAMES:
                    raise refused(
                        _("“%(name)s” is a picture too large to store. Make it smaller."),
                        "too_many_pixels",
                    )
                out = io.BytesIO()
                if frames > 1:  # an animation: every frame and its timing, nothing else
                    pictures = [_fresh(f, kind) for f in ImageSequence.Iterator(image)]
                    durations = image.info.get("duration", 100)
                    pictures[0].save(
                        out,
                        format=kind.image_format,
                        save_all=True,
                        append_images=pictures[1:],
                        duration=durations,
                        loop=image.info.get("loop", 0),
                    )
                else:
                    picture = _fresh(ImageOps.exif_transpose(image), kind)
                    options = {"quality": 90} if kind is JPEG else {}
                    picture.save(out, format=kind.image_format, **options)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise broken from None
    return out.getvalue()


def clean_name(name, kind):
    """The uploaded file name as people will read it: the last part of any path, without
    control or direction characters, normalised (NFC), no longer than the field, and ending in
    an extension of the type read from the content (``rapport.exe`` holding a PDF is
    ``rapport.exe.pdf``), so that a downloaded file opens as what it is."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = " ".join(_CONTROL.sub(" ", name).split())
    extension = next((e for e in kind.extensions if name.lower().endswith(e)), None)
    if extension is None:
        stem, extension = name, kind.extensions[0]
    else:
        stem, extension = name[: -len(extension)], name[-len(extension) :]
    stem = stem.strip(" .") or FALLBACK_NAME
    return stem[: NAME_MAX_LENGTH - len(extension)] + extension


def prepared(upload):
    """(name, content type, content) of an uploaded file that may be stored; ValidationError
    naming the file otherwise."""
    shown = (upload.name or "").strip() or FALLBACK_NAME
    try:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise refused(
                _("“%(name)s” is larger than %(limit)s. Attach a smaller file."),
                "too_large",
                limit=filesizeformat(MAX_ATTACHMENT_BYTES),
            )
        upload.seek(0)
        content = upload.read(MAX_ATTACHMENT_BYTES + 1)
        if not content:
            raise refused(_("“%(name)s” is empty."), "empty")
        if len(content) > MAX_ATTACHMENT_BYTES:  # the size the client said was not the size
            raise refused(
                _("“%(name)s” is larger than %(limit)s. Attach a smaller file."),
                "too_large",
                limit=filesizeformat(MAX_ATTACHMENT_BYTES),
            )
        kind = file_type(content)
        if kind.content_type in IMAGES:
            content = reencoded(content, kind)
    except ValidationError as error:
        error.params = {**(error.params or {}), "name": shown}
        raise
    return clean_name(upload.name, kind), kind.content_type, content


def new_attachment(activity, upload, user):
    """An unsaved attachment of ``activity`` holding the uploaded file, checked as every text
    is (the personal-data guard reads its name); ValidationError naming the file otherwise."""
    name, content_type, content = prepared(upload)
    attachment = Attachment(
        activity=activity,
        name=name,
        content_type=content_type,
        size=len(content),
        uploaded_by=user if user.is_authenticated else None,
    )
    # The stored name is given by attachment_path (random); this one is never stored.
    attachment.file = ContentFile(content, name="upload")
    try:
        attachment.full_clean(exclude=["activity", "uploaded_by"])
    except ValidationError as error:
        messages = error.message_dict.get("name") or error.messages
        raise ValidationError(
            [
                refused(
                    _("“%(name)s” cannot be attached: %(reason)s"),
                    "name_refused",
                    name=name,
                    reason=" ".join(messages),
                )
            ]
        ) from None
    return attachment


def add_attachments(activity, uploads, user):
    """Store every uploaded file on ``activity``, all or none: returns the new attachments, or
    raises ValidationError with one message per refused file (nothing stored)."""
    attachments, errors = [], []
    for upload in uploads:
        try:
            attachments.append(new_attachment(activity, upload, user))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    stored = []
    try:
        with transaction.atomic():
            for attachment in attachments:
                attachment.save()
                stored.append(attachment.file.name)
    except BaseException:
        for name in stored:  # the rows were rolled back: their files go too
            delete_stored(name)
        raise
    return attachments


def storage():
    """The store of attachments: the file field's own (``storages["attachments"]``)."""
    return Attachment._meta.get_field("file").storage


def delete_stored(name):
    """Delete the stored file ``name``; a file already gone is no error."""
    if not name:
        return
    try:
        storage().delete(name)
    except Exception:  # a store that is down must not undo the deletion of the row
        logger.exception("Could not delete the attachment file %s", name)


def attachment_deleted(sender, instance, **kwargs):
    """post_delete of an Attachment (one by one, or with its activity): its file goes from the
    store once the deletion is committed, never before (a rolled-back deletion keeps it)."""
    name = instance.file.name
    transaction.on_commit(lambda: delete_stored(name), robust=True)


def delete_files_of(activity_id):
    """Delete whatever is stored under ``activity_id`` (a purged deleted activity: its rows are
    long gone, and any file left behind by a failure goes now)."""
    folder = f"attachments/{activity_id}"
    try:
        _dirs, files = storage().listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        delete_stored(f"{folder}/{name}")


def name_attachments(activities, **among):
    """Set ``attachment_names`` (a list, by upload) on each of ``activities``: names, never
    contents, for the report. One query, filtering the attachments by ``among`` (lookups on
    the attachment, e.g. ``activity__promise=promise``) so that no list of ids is sent."""
    names = {}
    # Asked even for no activities: a page reads the same number of times whatever it holds.
    rows = Attachment.objects.filter(**among).order_by("created_at", "pk")
    for activity_id, name in rows.values_list("activity_id", "name"):
        names.setdefault(activity_id, []).append(name)
    for activity in activities:
        activity.attachment_names = names.get(activity.pk, [])
    return activities
