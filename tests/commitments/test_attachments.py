"""Files attached to activities (issue 13, part 3): who may attach, download and remove them,
what may be attached, what is stripped, and that a file goes with its row."""

# ruff: noqa: F811  (attachment_store is a fixture imported from tests.attachments_support)

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from commitments.attachment_files import add_attachments
from commitments.history import ATTACHMENT_ACTIONS
from commitments.models import Activity, Attachment
from commitments.models.attachments import MAX_ATTACHMENT_BYTES
from tests.attachments_support import (
    attachment_store,  # noqa: F401  (a fixture)
    docx,
    gps_exif,
    image_bytes,
    pdf,
    png,
    stored_files,
    zip_bytes,
)
from tests.factories import ActivityFactory, CommitmentFactory, FocusAreaFactory, PromiseFactory

pytestmark = pytest.mark.usefixtures("attachment_store")

PERSONAS = ["anonymous", "stranger", "police_reporter", "municipal_reporter", "coordinator",
            "reviewer", "admin_user", "local_admin", "foreign_admin"]  # fmt: skip
# The police reporter's activity: read by every party, changed by its reporter and the admins.
READ = [302, 404, 200, 200, 200, 200, 200, 200, 404]
CHANGE = [302, 404, 302, 403, 403, 403, 302, 302, 404]
CHANGE_PAGE = [302, 404, 200, 403, 403, 403, 200, 200, 404]


def sign_in(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


@pytest.fixture
def attachment(police_activity, police_reporter):
    return add_attachments(police_activity, [pdf()], police_reporter)[0]


def urls(activity, attachment=None):
    slug = activity.commitment.promise.slug
    found = {
        "create": reverse("attachment_create", args=[slug, activity.pk]),
        "detail": reverse("activity_detail", args=[slug, activity.pk]),
    }
    if attachment is not None:
        found["download"] = reverse("attachment_download", args=[slug, activity.pk, attachment.pk])
        found["delete"] = reverse("attachment_delete", args=[slug, activity.pk, attachment.pk])
    return found


def upload(client, activity, *files):
    return client.post(urls(activity)["create"], {"files": list(files)})


# ---------------------------------------------------------------------------------------------
# Access


@pytest.mark.parametrize("persona, expected", list(zip(PERSONAS, CHANGE, strict=True)))
def test_upload_is_for_those_who_may_change_the_activity(
    client, request, police_activity, persona, expected
):
    sign_in(client, request, persona)
    response = upload(client, police_activity, pdf())
    assert response.status_code == expected
    assert Attachment.objects.count() == (1 if expected == 302 and persona != "anonymous" else 0)


@pytest.mark.parametrize("persona, expected", list(zip(PERSONAS, CHANGE_PAGE, strict=True)))
def test_upload_page_is_for_those_who_may_change_the_activity(
    client, request, police_activity, persona, expected
):
    sign_in(client, request, persona)
    assert client.get(urls(police_activity)["create"]).status_code == expected


@pytest.mark.parametrize("persona, expected", list(zip(PERSONAS, READ, strict=True)))
def test_download_is_for_those_who_may_read_the_activity(
    client, request, attachment, police_activity, persona, expected
):
    sign_in(client, request, persona)
    response = client.get(urls(police_activity, attachment)["download"])
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="protokoll.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("persona, expected", list(zip(PERSONAS, CHANGE, strict=True)))
def test_removal_is_for_those_who_may_change_the_activity(
    client,
    request,
    attachment,
    police_activity,
    persona,
    expected,
    attachment_store,
    django_capture_on_commit_callbacks,
):
    sign_in(client, request, persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(urls(police_activity, attachment)["delete"])
    assert response.status_code == expected
    removed = expected == 302 and persona != "anonymous"
    assert Attachment.objects.filter(pk=attachment.pk).exists() is not removed
    assert (stored_files(attachment_store) == []) is removed


@pytest.mark.parametrize("persona, expected", list(zip(PERSONAS, CHANGE_PAGE, strict=True)))
def test_removal_asks_first(client, request, attachment, police_activity, persona, expected):
    sign_in(client, request, persona)
    response = client.get(urls(police_activity, attachment)["delete"])
    assert response.status_code == expected
    if expected == 200:
        assert "protokoll.pdf" in response.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_municipal_coordinator_may_attach_to_the_municipalitys_activities(
    client, coordinator, municipal_activity
):
    client.force_login(coordinator)
    assert upload(client, municipal_activity, pdf()).status_code == 302
    assert municipal_activity.attachments.count() == 1


def test_a_guessed_address_finds_nothing(client, stranger, attachment, police_activity):
    """Another promise's activity with this attachment's id, or this promise's other activity
    with it: 404, never the file."""
    other_promise = PromiseFactory(
        slug="annat", municipality=stranger.memberships.get().organisation
    )
    other = ActivityFactory(
        commitment=CommitmentFactory(focus_area=FocusAreaFactory(promise=other_promise))
    )
    client.force_login(stranger)
    wrong_activity = reverse("attachment_download", args=["annat", other.pk, attachment.pk])
    assert client.get(wrong_activity).status_code == 404
    wrong_promise = reverse(
        "attachment_download", args=["annat", police_activity.pk, attachment.pk]
    )
    assert client.get(wrong_promise).status_code == 404
    mine = reverse("attachment_download", args=["lofte", police_activity.pk, attachment.pk])
    assert client.get(mine).status_code == 404


def test_an_attachment_is_read_only_through_its_own_activity(
    client, police_reporter, attachment, municipal_activity
):
    client.force_login(police_reporter)
    address = reverse("attachment_download", args=["lofte", municipal_activity.pk, attachment.pk])
    assert client.get(address).status_code == 404
    address = reverse("attachment_delete", args=["lofte", municipal_activity.pk, attachment.pk])
    assert client.post(address).status_code in (403, 404)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_public_page_never_links_to_a_file(client, promise, attachment):
    promise.public = True
    promise.save()
    response = client.get(reverse("promise_detail", args=[promise.slug]))
    assert response.status_code == 200
    assert "/attachments/" not in response.content.decode()


def test_files_are_stored_under_random_names_outside_any_public_address(
    attachment, attachment_store, settings
):
    assert attachment.file.name.startswith(f"attachments/{attachment.activity_id}/")
    assert "protokoll" not in attachment.file.name
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018  (no public address exists)


def test_get_of_the_remove_address_changes_nothing_and_upload_refuses_other_methods(
    client, police_reporter, attachment, police_activity
):
    client.force_login(police_reporter)
    assert client.put(urls(police_activity)["create"]).status_code == 405
    assert client.post(urls(police_activity, attachment)["download"]).status_code == 405


# ---------------------------------------------------------------------------------------------
# The page


def test_activity_page_lists_files_with_their_details_and_the_form(
    client, police_reporter, attachment, police_activity
):
    client.force_login(police_reporter)
    page = client.get(urls(police_activity)["detail"]).content.decode()
    assert 'id="attachments"' in page
    assert "protokoll.pdf" in page
    assert urls(police_activity, attachment)["download"] in page
    assert urls(police_activity, attachment)["delete"] in page
    assert 'enctype="multipart/form-data"' in page
    assert "polis" in page  # who attached it


def test_readers_see_the_files_but_no_form(client, reviewer, attachment, police_activity):
    client.force_login(reviewer)
    page = client.get(urls(police_activity)["detail"]).content.decode()
    assert urls(police_activity, attachment)["download"] in page
    assert urls(police_activity, attachment)["delete"] not in page
    assert 'enctype="multipart/form-data"' not in page


def test_several_files_at_once(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    response = upload(client, police_activity, pdf(), png(), docx())
    assert response.status_code == 302
    assert response["Location"].endswith("#attachments")
    assert sorted(police_activity.attachments.values_list("name", "content_type")) == [
        ("bild.png", "image/png"),
        (
            "minnesanteckningar.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("protokoll.pdf", "application/pdf"),
    ]
    attachment = police_activity.attachments.get(name="protokoll.pdf")
    assert attachment.uploaded_by == police_reporter
    assert attachment.size == len(pdf().read())


def test_one_refused_file_stores_none(client, police_reporter, police_activity, attachment_store):
    client.force_login(police_reporter)
    html = SimpleUploadedFile("rapport.pdf", b"<html><script>alert(1)</script></html>")
    response = upload(client, police_activity, pdf(), html)
    assert response.status_code == 400
    assert "rapport.pdf" in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(attachment_store) == []


def test_no_file_is_asked_for(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    response = client.post(urls(police_activity)["create"], {})
    assert response.status_code == 400
    assert not Attachment.objects.exists()


# ---------------------------------------------------------------------------------------------
# Types, read from the content


def xlsx_bytes():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Antal"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ole2(stream):
    """The start of an OLE2 compound file whose directory names ``stream``."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + (stream + "\x00").encode("utf-16-le")
    )


ACCEPTED = {
    "pdf": ("a.pdf", pdf().read(), "application/pdf"),
    "png": ("a.png", image_bytes("PNG"), "image/png"),
    "jpeg": ("a.jpg", image_bytes("JPEG"), "image/jpeg"),
    "gif": ("a.gif", image_bytes("GIF"), "image/gif"),
    "webp": ("a.webp", image_bytes("WEBP"), "image/webp"),
    "docx": ("a.docx", docx().read(), "application/vnd.openxmlformats-officedocument."
             "wordprocessingml.document"),
    "xlsx": ("a.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument."
             "spreadsheetml.sheet"),
    "doc": ("a.doc", ole2("WordDocument"), "application/msword"),
    "xls": ("a.xls", ole2("Workbook"), "application/vnd.ms-excel"),
}  # fmt: skip


@pytest.mark.parametrize("name, content, content_type", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_accepted_types(client, police_reporter, police_activity, name, content, content_type):
    client.force_login(police_reporter)
    # The browser's word is ignored: every file is said to be a program.
    upload_ = SimpleUploadedFile(name, content, content_type="application/x-msdownload")
    assert upload(client, police_activity, upload_).status_code == 302
    assert police_activity.attachments.get().content_type == content_type


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
REFUSED = {
    "html-named-pdf": ("rapport.pdf", b"<!DOCTYPE html><html><body>Hej</body></html>"),
    "exe": ("program.exe", b"MZ\x90\x00\x03" + b"\x00" * 200),
    "exe-named-pdf": ("rapport.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
    "zip-not-office": ("rapport.docx", zip_bytes({"readme.txt": "hej"})),
    "zip-with-content-types-only": ("a.docx", zip_bytes({"[Content_Types].xml": "<Types/>"})),
    "docm-macros": ("a.docx", zip_bytes({
        "[Content_Types].xml": '<Types><Override PartName="/word/document.xml"/></Types>',
        "word/document.xml": "<w/>", "word/vbaProject.bin": "x"})),
    "svg": ("bild.svg", SVG),
    "svg-named-png": ("bild.png", SVG),
    "msi-ole2": ("setup.doc", ole2("SummaryInformation")),
    "ole2-macros": ("a.doc", ole2("WordDocument") + "_VBA_PROJECT".encode("utf-16-le")),
    "broken-png": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
    "text": ("a.txt", b"Bara text."),
    "empty": ("a.pdf", b""),
    "truncated-zip": ("a.docx", docx().read()[:40]),
}  # fmt: skip


@pytest.mark.parametrize("name, content", list(REFUSED.values()), ids=list(REFUSED))
def test_refused_types(client, police_reporter, police_activity, attachment_store, name, content):
    client.force_login(police_reporter)
    upload_ = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = upload(client, police_activity, upload_)
    assert response.status_code == 400
    if content:  # an empty file is refused by Django's own words, which do not name it
        assert name in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(attachment_store) == []


def test_html_named_pdf_is_refused_in_swedish(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    fake = SimpleUploadedFile("rapport.pdf", b"<html></html>", content_type="application/pdf")
    page = upload(client, police_activity, fake).content.decode()
    with translation.override("sv"):
        words = gettext(
            "The content of “%(name)s” is not a file of a kind that may be attached. Attach "
            "PDF, JPEG, PNG, GIF or WebP images, or Word, Excel or PowerPoint documents."
        ) % {"name": "rapport.pdf"}
    assert escape(words) in page


def test_a_file_over_the_limit_is_refused(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES)
    response = upload(client, police_activity, big)
    assert response.status_code == 400
    assert "stor.pdf" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_at_the_limit_is_accepted(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    content = b"%PDF-1.4\n" + b"0" * (MAX_ATTACHMENT_BYTES - 9)
    assert len(content) == MAX_ATTACHMENT_BYTES
    assert (
        upload(client, police_activity, SimpleUploadedFile("full.pdf", content)).status_code == 302
    )
    assert police_activity.attachments.get().size == MAX_ATTACHMENT_BYTES


def test_too_many_files_at_once(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    response = upload(client, police_activity, *[pdf(f"{n}.pdf") for n in range(11)])
    assert response.status_code == 400
    assert not Attachment.objects.exists()


# ---------------------------------------------------------------------------------------------
# Images lose their metadata


def test_a_photos_exif_and_gps_are_stripped(
    client, police_reporter, police_activity, attachment_store
):
    from PIL import Image

    photo = image_bytes("JPEG", size=(40, 30), exif=gps_exif())
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test's photo says where it was taken
    client.force_login(police_reporter)
    assert upload(client, police_activity, SimpleUploadedFile("foto.jpg", photo)).status_code == 302
    attachment = police_activity.attachments.get()
    with attachment_store.open(attachment.file.name) as stored:
        content = stored.read()
    assert b"Exif" not in content
    assert b"Telefon 15" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 30)
        assert not image.getexif()
        assert "exif" not in image.info
    assert attachment.size == len(content)


def test_a_png_text_chunk_is_stripped(client, police_reporter, police_activity, attachment_store):
    from PIL import Image, PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_text("Author", "Anna Andersson")
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG", pnginfo=meta)
    client.force_login(police_reporter)
    upload(client, police_activity, SimpleUploadedFile("a.png", out.getvalue()))
    with attachment_store.open(police_activity.attachments.get().file.name) as stored:
        assert b"Anna Andersson" not in stored.read()


def test_an_animated_gif_keeps_its_frames(
    client, police_reporter, police_activity, attachment_store
):
    from PIL import Image

    out = io.BytesIO()
    frames = [Image.new("RGB", (4, 4), colour) for colour in ("red", "blue", "green")]
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], comment=b"hemligt")
    client.force_login(police_reporter)
    upload(client, police_activity, SimpleUploadedFile("a.gif", out.getvalue()))
    with attachment_store.open(police_activity.attachments.get().file.name) as stored:
        content = stored.read()
    assert b"hemligt" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.n_frames == 3


def test_an_image_download_is_shown_inline(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    upload(client, police_activity, png())
    attachment = police_activity.attachments.get()
    response = client.get(urls(police_activity, attachment)["download"])
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


# ---------------------------------------------------------------------------------------------
# Names


def test_a_name_with_a_personal_identity_number_is_refused(
    client, police_reporter, police_activity
):
    client.force_login(police_reporter)
    response = upload(client, police_activity, pdf("Anmälan 19811228-9874.pdf"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Anmälan 19811228-9874.pdf" in page
    assert "personnumret" in page
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\anna\\protokoll.pdf", "protokoll.pdf"),
        ("proto\x01kol\x1bl.pdf", "proto kol l.pdf"),
        ("rapport\u202eexe.pdf", "rapport exe.pdf"),
        ("rapport.exe", "rapport.exe.pdf"),
        ("utan-slut", "utan-slut.pdf"),
        ("   .pdf", "bilaga.pdf"),
        ("å" * 300 + ".pdf", "å" * 251 + ".pdf"),
    ],
)
def test_names_are_cleaned(police_activity, police_reporter, sent, kept):
    attachment = add_attachments(police_activity, [pdf(sent)], police_reporter)[0]
    assert attachment.name == kept


def test_download_names_the_file_as_uploaded(client, police_reporter, police_activity):
    client.force_login(police_reporter)
    upload(client, police_activity, pdf("Protokoll BRÅ mars.pdf"))
    attachment = police_activity.attachments.get()
    response = client.get(urls(police_activity, attachment)["download"])
    b"".join(response.streaming_content)  # closes the file (response.close() would close the
    # database connection: it sends request_finished outside the test client)
    assert "filename*=utf-8''Protokoll%20BR%C3%85%20mars.pdf" in response["Content-Disposition"]


# ---------------------------------------------------------------------------------------------
# History and deletion


def gettext_sv(text):
    with translation.override("sv"):
        return gettext(text)


def added_and_removed(name):
    """The history's words for a file added and removed, as the page says them (escaped)."""
    with translation.override("sv"):
        return [escape(str(ATTACHMENT_ACTIONS[t]) % {"name": name}) for t in "+-"]


def test_history_says_who_added_and_removed_which_file(
    client, police_reporter, admin_user, police_activity
):
    client.force_login(police_reporter)
    upload(client, police_activity, pdf("minnen.pdf"))
    attachment = police_activity.attachments.get()
    client.force_login(admin_user)
    client.post(urls(police_activity, attachment)["delete"])
    page = client.get(urls(police_activity)["detail"]).content.decode()
    added, removed = added_and_removed("minnen.pdf")
    assert added in page
    assert removed in page
    assert page.index(removed) < page.index(added)  # newest first


def test_files_go_from_the_store_when_the_activity_is_deleted(
    client, police_reporter, police_activity, attachment_store, django_capture_on_commit_callbacks
):
    add_attachments(police_activity, [pdf(), png()], police_reporter)
    assert len(stored_files(attachment_store)) == 2
    client.force_login(police_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activity_delete", args=["lofte", police_activity.pk]))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=police_activity.pk).exists()
    assert not Attachment.objects.exists()
    assert stored_files(attachment_store) == []


def test_a_file_stays_until_the_deletion_is_committed(
    police_reporter, police_activity, attachment_store, django_capture_on_commit_callbacks
):
    attachment = add_attachments(police_activity, [pdf()], police_reporter)[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment.delete()
    assert len(stored_files(attachment_store)) == 1
    for callback in callbacks:
        callback()
    assert stored_files(attachment_store) == []


def test_a_deleted_activitys_page_says_its_files_were_removed(
    client, police_reporter, police_activity
):
    add_attachments(police_activity, [pdf("minnen.pdf")], police_reporter)
    client.force_login(police_reporter)
    client.post(reverse("activity_delete", args=["lofte", police_activity.pk]))
    response = client.get(urls(police_activity)["detail"])
    assert response.status_code == 200
    assert added_and_removed("minnen.pdf")[1] in response.content.decode()


def test_a_zip_bomb_is_not_unpacked():
    """Only the names and the small [Content_Types].xml of a ZIP are read."""
    from commitments.attachment_files import file_type

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (2 * 1024 * 1024))
    with pytest.raises(Exception, match="ZIP"):
        file_type(out.getvalue())


# ---------------------------------------------------------------------------------------------
# Counts: the activity page, the list, the report (names, never contents)


def test_the_list_shows_how_many_files_an_activity_has(
    client, reviewer, police_reporter, police_activity, municipal_activity
):
    add_attachments(police_activity, [pdf(), png()], police_reporter)
    client.force_login(reviewer)
    page = client.get(reverse("activity_list", args=["lofte"])).content.decode()
    assert page.count('class="attachment-count') == 1
    assert "📎 2" in page


def test_the_activity_page_counts_its_files(client, reviewer, attachment, police_activity):
    client.force_login(reviewer)
    page = client.get(urls(police_activity)["detail"]).content.decode()
    assert '<span class="badge text-bg-secondary">1</span>' in page


def test_the_report_names_the_files_but_holds_none(
    client, reviewer, police_reporter, police_activity
):
    import openpyxl

    add_attachments(police_activity, [pdf("Protokoll BRÅ.pdf")], police_reporter)
    client.force_login(reviewer)
    query = "?start=2025-01-01&end=2025-12-31"
    page = client.get(reverse("report", args=["lofte"]) + query).content.decode()
    assert "Protokoll BRÅ.pdf" in page
    assert "%PDF" not in page
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("report_xlsx", args=["lofte"]) + query).content)
    )
    sheet = workbook[gettext_sv("Activities")]
    assert sheet.cell(1, 9).value == gettext_sv("Attachments")
    assert [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Protokoll BRÅ.pdf"
    ]


@pytest.mark.parametrize("persona", ["admin_user", "local_admin"])
def test_the_admins_activity_page_lists_its_files(client, request, attachment, persona):
    client.force_login(request.getfixturevalue(persona))
    address = reverse("admin:commitments_activity_change", args=[attachment.activity_id])
    page = client.get(address).content.decode()
    assert "protokoll.pdf" in page
    assert urls(attachment.activity, attachment)["download"] in page
    assert "attachments-0-DELETE" in page  # deleted there; never added
    assert "attachments-__prefix__" not in page
