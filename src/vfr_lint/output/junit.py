"""`junit`: JUnit XML for CI test reports. One `<testsuite name="vfr-lint">`, one
`<testcase>` per file with findings, one `<failure>` per finding. `tests` counts the
test cases (files) and `failures` the failed ones, as JUnit readers expect."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from vfr_lint.findings import Finding

if TYPE_CHECKING:
    from . import Options

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(findings: list[Finding], opts: Options) -> str:
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    suite = ET.Element("testsuite", name="vfr-lint")
    for path, group in by_path.items():
        case = ET.SubElement(suite, "testcase", name=_xml(path), classname="vfr-lint")
        for f in group:
            failure = ET.SubElement(case, "failure", message=_xml(f.message), type=f.code)
            failure.text = _xml(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}")
    suite.set("tests", str(len(by_path)))
    suite.set("failures", str(len(by_path)))
    suite.set("errors", "0")
    ET.indent(suite)
    body = ET.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
