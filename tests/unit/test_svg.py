"""An SVG is published only when it is a plain picture (read as a browser reads it)."""

from __future__ import annotations

import pytest

from chapterhouse.core.svg import svg_issue

NS = 'xmlns="http://www.w3.org/2000/svg"'


def test_a_drawing_as_editors_export_it_is_accepted():
    drawing = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- Created with Inkscape -->\n'
        f'<svg {NS} xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" inkscape:version="1.3" width="10">\n'
        '<sodipodi:namedview id="v"/><metadata><rdf:RDF><dc:title>Logo</dc:title></rdf:RDF>'
        '</metadata><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
        '<filter id="f"><feGaussianBlur stdDeviation="2"/></filter></defs>'
        '<style>.a{fill:url(#g)}</style><use xlink:href="#g"/><a href="../chapters/x/">'
        '<text>x</text></a><image href="images/photo.png"/>'
        '<rect class="a" style="fill:url(#g)" width="1" height="1"/></svg>\n'
    )
    assert svg_issue(drawing.encode()) is None


@pytest.mark.parametrize(
    ("svg", "said", "line"),
    [
        (f"<svg {NS}>\n<script>alert(1)</script></svg>", "a <script> element", 2),
        (
            f'<svg {NS}><x:script xmlns:x="http://www.w3.org/2000/svg">1</x:script></svg>',
            "a <script> element",
            1,
        ),
        (
            f'<svg {NS}><h:script xmlns:h="http://www.w3.org/1999/xhtml">1</h:script></svg>',
            "a <{http://www.w3.org/1999/xhtml}script> element, which is not SVG",
            1,
        ),
        (f'<svg {NS}><a href="javascript&#58;alert(1)"><text>x</text></a></svg>', "javascript:", 1),
        (f'<svg {NS}><a href=" java\tscript:alert(1)"/></svg>', "a link out of the file", 1),
        (
            f'<svg {NS} xmlns:l="http://www.w3.org/1999/xlink"><a l:href="data:text/html,x"/></svg>',
            "a link out of the file",
            1,
        ),
        (f'<svg {NS}><image href="https://tracker.example/p.png"/></svg>', "out of the file", 1),
        (f'<svg {NS}><image href="//tracker.example/p.png"/></svg>', "out of the file", 1),
        (f'<svg {NS}><a><set attributeName="href" to="javascript:x"/></a></svg>', "<set>", 1),
        (f'<svg {NS}><animate attributeName="href"/></svg>', "a <animate> element", 1),
        (f"<svg {NS}><foreignObject><p>x</p></foreignObject></svg>", "<foreignObject>", 1),
        (f'<svg {NS}\n onload="alert(1)"/>', "an event-handler attribute (onload=…)", 1),
        (f'<svg {NS}><g ONCLICK="x"/></svg>', "event-handler attribute (ONCLICK=…)", 1),
        (f"<svg {NS}><style>@import url(x.css);</style></svg>", "a style loading", 1),
        (f'<svg {NS}><rect style="fill:url(https://x.org/a)"/></svg>', "a style loading", 1),
        ('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>', "a document type declaration", 1),
        ("<svg><rect/></svg>", 'an <svg> element without xmlns="http://www.w3.org/2000/svg"', 1),
        (f"<svg {NS}><g></svg>", "XML that does not parse (mismatched tag)", 1),
    ],
)
def test_anything_more_than_a_picture_is_refused_with_its_line(svg, said, line):
    issue = svg_issue(svg.encode())
    assert issue is not None and said in issue.what, issue
    assert issue.line == line
