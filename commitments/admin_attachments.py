"""An activity's files in the Django admin: listed on the activity's page (name, type, size,
who, when, a link to download it through the staff view), and deleted there; never added or
changed (a file is attached on the activity's page, where its content is checked)."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_scoping import ScopedInline
from .attachment_files import label
from .models import Attachment


class AttachmentInline(ScopedInline, admin.TabularInline):
    model = Attachment
    fields = ["file_name", "file_type", "file_size", "uploaded_by", "created_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = True
    verbose_name_plural = _("attachments (attached on the activity's page)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by", "activity__promise")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file name"))
    def file_name(self, attachment):
        address = reverse(
            "attachment_download",
            args=[attachment.activity.promise.slug, attachment.activity_id, attachment.pk],
        )
        return format_html('<a href="{}">{}</a>', address, attachment.name)

    @admin.display(description=_("type"))
    def file_type(self, attachment):
        return label(attachment.content_type)

    @admin.display(description=_("size"))
    def file_size(self, attachment):
        return filesizeformat(attachment.size)
