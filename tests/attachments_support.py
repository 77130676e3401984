"""Attachments in tests: stored in a temporary folder of the test's own, never in the project,
and files to attach made on the spot."""

import io
import pathlib
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.attachment_storage import PrivateFileSystemStorage
from commitments.models import Attachment


@pytest.fixture
def attachment_store(tmp_path, settings, monkeypatch):
    """The attachments' store, in ``tmp_path``: the file field's storage and the setting."""
    location = tmp_path / "attachments-store"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "commitments.attachment_storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    store = PrivateFileSystemStorage(location=location, base_url=None)
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", store)
    return store


def stored_files(store):
    """Names of every file in the store."""
    root = pathlib.Path(store.location)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="protokoll.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(image_format="PNG", size=(8, 6), exif=None):
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {"exif": exif} if exif is not None else {}
    image.save(out, format=image_format, **options)
    return out.getvalue()


def png(name="bild.png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def gps_exif():
    """EXIF saying where a photo was taken (Luleå), and by which camera."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Kameratillverkare"  # Make
    exif[0x0110] = "Telefon 15"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (65.0, 35.0, 4.0)
    gps[3] = "E"
    gps[4] = (22.0, 9.0, 15.0)
    return exif.tobytes()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def zip_bytes(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_bytes():
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": "<w:document/>",
        }
    )


def docx(name="minnesanteckningar.docx"):
    return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")
