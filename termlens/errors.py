"""Errors termlens raises, each with a code and a one-line message a user can act on.

    TermlensError
    ├── InputError              the file cannot be read as a terms document
    │   ├── FileMissing         no such file, or a directory
    │   ├── UnsupportedFormat   an extension / content we do not read
    │   ├── EmptyDocument       no text at all (or only whitespace)
    │   ├── FileTooLarge        over the configured size limit
    │   ├── EncodingError       bytes that decode to garbage in every candidate encoding
    │   ├── CorruptFile         a PDF/DOCX/HTML that its library cannot open
    │   ├── EncryptedFile       a password-protected PDF or DOCX
    │   ├── NoTextLayer         a scanned PDF: pages but no extractable text
    │   └── ZipBomb             a DOCX whose uncompressed size is absurd
    └── DataError               a rule, profile or gold file that does not validate

The CLI maps every TermlensError to ``error: <message>`` on stderr and exit
code 2; anything else is a bug.
"""

from __future__ import annotations


class TermlensError(Exception):
    """Base class: ``code`` is stable for scripts, ``str(error)`` is one line for people."""

    code = "termlens-error"

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InputError(TermlensError):
    code = "bad-input"


class FileMissing(InputError):
    code = "file-missing"


class UnsupportedFormat(InputError):
    code = "unsupported-format"


class EmptyDocument(InputError):
    code = "empty-document"


class FileTooLarge(InputError):
    code = "file-too-large"


class EncodingError(InputError):
    code = "encoding"


class CorruptFile(InputError):
    code = "corrupt-file"


class EncryptedFile(InputError):
    code = "encrypted-file"


class NoTextLayer(InputError):
    code = "no-text-layer"


class ZipBomb(InputError):
    code = "zip-bomb"


class DataError(TermlensError):
    code = "bad-data"
