#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The expert's report printed to PDF by headless Chromium, as docs/reports.md says to.
Usage: pdf_test.py HALLMARK SOURCE_DIR [OUT_DIR]

LITEK's report with its portfolio is printed to PDF and rendered with pdftoppm (Debian's
poppler-utils). The PDF must have PAGES pages (a range: the report is a few pages, not one
and not dozens) of A4 size (595 x 842 points, rendered at 72 dpi).

No table row may be cut by a page break. To see where rows land, a copy of the report has
a marker word at the start and at the end of every body cell ("r12s" ... "r12e" for row
12); it is printed the same way and pdftotext says on which page each marker is. A row is
cut when its markers are on more than one page. The markers add a word to each cell, so
they cannot hide a cut the plain report would have: they only make cells taller."""
import glob, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import SKIP, browser, chromium, make_report, png_size  # noqa: E402

PAGES = range(10, 21)  # LITEK with 120 portfolio and 60 country peers: 15 A4 pages (December 2026)
A4 = (595, 842)  # points; pdftoppm at 72 dpi rounds each side up or down


def print_pdf(exe, html_path, pdf):
    r = browser(exe, "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + html_path)
    assert os.path.exists(pdf), f"no PDF of {html_path}: {r.stderr[-500:]}"


def page_sizes(pdf, work):
    prefix = os.path.join(work, "page")
    subprocess.run(["pdftoppm", "-r", "72", "-png", pdf, prefix], check=True)
    return [png_size(png) for png in sorted(glob.glob(prefix + "*.png"))]


CELL = re.compile(r"(<td[^>]*>)(.*?)(</td>)", re.S)


def marked(html):
    """The report with row markers at the start and end of every cell."""
    out, row = [], 0
    for part in re.split(r"(<tr>.*?</tr>)", html, flags=re.S):
        if part.startswith("<tr>") and "<td" in part:  # header rows repeat on every page
            row += 1
            part = CELL.sub(lambda m, r=row: f"{m.group(1)}r{r}s {m.group(2)} r{r}e{m.group(3)}", part)
        out.append(part)
    return "".join(out), row


def marker_pages(pdf, pages):
    where = {}
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True,
                              text=True, check=True).stdout
        for m in re.finditer(r"\br(\d+)[se]\b", text):
            where.setdefault(int(m.group(1)), set()).add(page)
    return where


def main():
    cli, source = sys.argv[1], sys.argv[2]
    out_dir = sys.argv[3] if len(sys.argv) > 3 else None
    exe = chromium()
    if not exe:
        print("no Chromium installed (scripts/bootstrap.sh installs it): skipped")
        return SKIP
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        print("no pdftoppm or pdftotext: install poppler-utils (scripts/bootstrap.sh --tests)")
        return 1
    work = tempfile.mkdtemp(prefix="hallmark-pdf-")
    failures = []
    report = make_report(cli, source, work, "litek", "examples/assessments/litek.json",
                         os.path.join(source, "examples/portfolio/peers.jsonl"))
    pdf = os.path.join(work, "litek.pdf")
    print_pdf(exe, report, pdf)
    sizes = page_sizes(pdf, work)
    if len(sizes) not in PAGES:
        failures.append(f"{len(sizes)} pages, expected {PAGES.start} to {PAGES.stop - 1}")
    for n, (w, h) in enumerate(sizes, 1):
        if abs(w - A4[0]) > 1 or abs(h - A4[1]) > 1:
            failures.append(f"page {n} is {w} x {h} points, not A4 {A4[0]} x {A4[1]}")

    with open(report, encoding="utf-8") as f:
        text, rows = marked(f.read())
    marked_html = os.path.join(work, "litek-marked.html")
    with open(marked_html, "w", encoding="utf-8") as f:
        f.write(text)
    marked_pdf = os.path.join(work, "litek-marked.pdf")
    print_pdf(exe, marked_html, marked_pdf)
    os.makedirs(os.path.join(work, "marked"))
    marked_pages = len(page_sizes(marked_pdf, os.path.join(work, "marked")))
    where = marker_pages(marked_pdf, marked_pages)
    missing = [r for r in range(1, rows + 1) if r not in where]
    if missing:
        failures.append(f"rows {missing[:10]} not found in the PDF's text")
    cut = {r: sorted(p) for r, p in where.items() if len(p) > 1}
    if cut:
        failures.append(f"{len(cut)} table rows cut by a page break (row: pages): {cut}")
    print(f"litek: {len(sizes)} A4 pages; {rows} table rows, {len(cut)} cut ({marked_pages} pages with markers)")
    if out_dir:
        shutil.copy(pdf, os.path.join(out_dir, "report-litek.pdf"))
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
