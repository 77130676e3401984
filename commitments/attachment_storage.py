"""The stores of attachments: the local disk (the default) or an S3-compatible bucket. Neither
gives a file an address: a file is read only through the download view, which applies the
activity's access rules (``commitments.views.attachments``)."""

from django.core.files.storage import FileSystemStorage

NO_ADDRESS = "Attachments have no address of their own; they are read through the download view."


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on the local disk (``ATTACHMENTS_ROOT``, outside the static and media roots)."""

    def url(self, name):
        raise ValueError(NO_ADDRESS)


try:  # django-storages[s3] (boto3), in requirements.txt; used when ATTACHMENTS_S3_BUCKET is set
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover
    S3Storage = None

if S3Storage is not None:

    class PrivateS3Storage(S3Storage):
        """Files in an S3-compatible bucket shared by every app server; the bucket is private
        and no signed address is ever handed out."""

        def url(self, name, *args, **kwargs):
            raise ValueError(NO_ADDRESS)
