import codecs

import pytest

from factdesk.index.textio import NotText, decode_bytes

FRENCH = "Élodie a payé 44 milliards de dollars, à l'époque où ça coûtait cher.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (FRENCH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8-sig"),
        (FRENCH.encode("utf-16"), "utf-16"),
        (FRENCH.encode("utf-16-le"), "utf-16-le"),
        (FRENCH.encode("utf-16-be"), "utf-16-be"),
        (FRENCH.encode("cp1252"), None),
        (FRENCH.encode("latin-1"), None),
    ],
)
def test_decodes_common_encodings(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("\ufeff") == FRENCH
    if encoding:
        assert decoded.encoding == encoding


def test_arabic_utf16_with_bom():
    text = "أكثر من 600 مليون مستخدم\n"
    assert decode_bytes(text.encode("utf-16")).text == text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip"),
        (b"abc\x00\x01\x02\x03def\x00\xff\xfe", "binary"),
    ],
)
def test_not_text_says_why(data, reason):
    with pytest.raises(NotText, match=reason):
        decode_bytes(data)
