"""The form that attaches files to an activity (one or several at once)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .attachment_files import MAX_FILES_PER_UPLOAD, TYPES, add_attachments

# What the browser's file picker offers first; what is accepted is decided from the content.
ACCEPT = ",".join(
    [*TYPES, *(extension for kind in TYPES.values() for extension in kind.extensions)]
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data:  # no file chosen: "required"
                return [super().clean(None, initial)]
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class AttachmentForm(forms.Form):
    files = MultipleFileField(
        label=_("Files to attach"),
        help_text=_(
            "PDF, images (JPEG, PNG, GIF, WebP) or Word, Excel and PowerPoint documents, at most "
            "10 MB each. Photos are stored without their metadata (such as where they were "
            "taken). File names must not hold personal data."
        ),
        error_messages={"required": _("Choose one or more files to attach.")},
    )

    def __init__(self, *args, activity, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity, self.user = activity, user
        self.attachments = []

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(
                ngettext_lazy(
                    "Attach at most %(count)d file at a time.",
                    "Attach at most %(count)d files at a time.",
                    MAX_FILES_PER_UPLOAD,
                ),
                code="too_many_files",
                params={"count": MAX_FILES_PER_UPLOAD},
            )
        return files

    def save(self):
        """Store the files, all or none; False, with the reasons on the form, when any is
        refused."""
        try:
            self.attachments = add_attachments(self.activity, self.cleaned_data["files"], self.user)
        except ValidationError as error:
            for message in error.messages:
                self.add_error("files", message)
            return False
        return True
