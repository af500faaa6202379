"""models/text.c's terminal notation (hvp_text_append_terminal()), for the tests' Python readers
of hvplan's reports (t/html/check-html.py, t/sheets/compare.py): what a report shows for a value
from the input, for valid UTF-8 text."""


def terminal(text):
    """C0 controls and DEL as \\n, \\r, \\t or \\xHH; C1 controls, bidirectional overrides and
    isolates, and the line and paragraph separators as \\uHHHH; anything else as it is."""
    out = []
    for ch in text:
        c = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20 or c == 0x7F:
            out.append("\\x%02X" % c)
        elif 0x80 <= c <= 0x9F or 0x202A <= c <= 0x202E or 0x2066 <= c <= 0x2069 \
                or c in (0x2028, 0x2029):
            out.append("\\u%04X" % c)
        else:
            out.append(ch)
    return "".join(out)
