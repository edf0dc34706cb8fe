#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Expert reports in a real browser: headless Chromium loads each report, takes a PNG,
and a harness page measures the charts. Usage: browser_test.py HALLMARK SOURCE_DIR [OUT_DIR]

For each case the report must load with no console message and no network request,
have the expected number of charts, and each chart must be drawn with a size and hold
its parts (box, median, cluster dot where there is one)."""
import html, json, os, re, shutil, struct, subprocess, sys, tempfile

SKIP = 77  # CTest's skip code, when no Chromium is installed


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser(exe, *args, timeout=120):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--disable-extensions", "--user-data-dir=" + tempfile.mkdtemp(prefix="hallmark-chromium-")]
    return subprocess.run([exe, *flags, *args], capture_output=True, text=True, timeout=timeout)


HARNESS = """<!DOCTYPE html><html><body>
<iframe id="f" src="%s" style="width:1200px;height:6000px;border:0"></iframe><pre id="out">pending</pre>
<script>
const f = document.getElementById('f');
f.addEventListener('load', () => {
  const d = f.contentDocument, w = f.contentWindow;
  const charts = [...d.querySelectorAll('svg.chart')].map(s => {
    const r = s.getBoundingClientRect();
    return {area: s.dataset.area, width: r.width, height: r.height,
            box: !!s.querySelector('rect.box'), median: !!s.querySelector('line.median'),
            dot: !!s.querySelector('circle.cluster')};
  });
  document.getElementById('out').textContent = JSON.stringify({
    title: d.title, charts, tables: d.querySelectorAll('table').length,
    scripts: d.scripts.length, requests: w.performance.getEntriesByType('resource').length,
    notes: [...d.querySelectorAll('.note')].map(n => n.textContent),
    narrow: (() => { f.style.width = '400px'; const s = d.querySelector('svg.chart');
                     return s ? s.getBoundingClientRect().width : 0; })()});
});
</script></body></html>"""


def measure(exe, report, work):
    harness = os.path.join(work, "harness-" + os.path.basename(report))
    with open(harness, "w") as f:
        f.write(HARNESS % os.path.basename(report))
    r = browser(exe, "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
                "file://" + harness)
    m = re.search(r'<pre id="out">(.*?)</pre>', r.stdout, re.S)
    if not m or m.group(1) == "pending":
        raise AssertionError(f"the harness did not report on {report}: {r.stderr[-500:]}")
    return json.loads(html.unescape(m.group(1)))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def console_messages(stderr):
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Failed to load" in line]


def make_report(cli, source, work, name, assessment, peers, fmt="html"):
    out = os.path.join(work, f"{name}.{fmt}")
    r = subprocess.run([cli, "eval", "--methodology", "ECEI", "--rules-dir", os.path.join(source, "rules"),
                        os.path.join(source, assessment), "--portfolio", peers, "--format", fmt, "--out", out],
                       capture_output=True, text=True)
    assert r.returncode == 0, f"hallmark eval for {name}: {r.stderr}"
    return out


def few_peers(source, work, assessment, count):
    """A portfolio of `count` peers of the assessment's own portfolio."""
    portfolio = json.load(open(os.path.join(source, assessment)))["cluster"]["portfolio"]
    lines = [l for l in open(os.path.join(source, "examples/portfolio/peers.jsonl"))
             if json.loads(l)["cluster"]["portfolio"] == portfolio][:count]
    path = os.path.join(work, f"few-{count}.jsonl")
    open(path, "w").writelines(lines)
    return path


def check(cond, message, failures):
    if not cond:
        failures.append(message)


def main():
    cli, source = sys.argv[1], sys.argv[2]
    out_dir = sys.argv[3] if len(sys.argv) > 3 else None
    exe = chromium()
    if not exe:
        print("no Chromium installed (scripts/bootstrap.sh installs it): skipped")
        return SKIP
    work = tempfile.mkdtemp(prefix="hallmark-browser-")
    peers = os.path.join(source, "examples/portfolio/peers.jsonl")
    # name, assessment, peers, expected charts per group (portfolio, country), expected note
    cases = [
        ("litek", "examples/assessments/litek.json", peers, 10, None),
        ("no-label", "examples/assessments/none-incomplete-ict-fi.json", peers, 10, None),
        ("gold", "examples/assessments/gold-energy-de.json", peers, 10, None),
        ("few-peers", "examples/assessments/litek.json",
         few_peers(source, work, "examples/assessments/litek.json", 3), 0, "Only 3 peers"),
    ]
    failures = []
    for name, assessment, portfolio, charts, note in cases:
        report = make_report(cli, source, work, name, assessment, portfolio)
        png = os.path.join(work, name + ".png")
        shot = browser(exe, "--enable-logging=stderr", "--v=0", "--window-size=1200,2400",
                       "--screenshot=" + png, "file://" + report)
        check(os.path.exists(png), f"{name}: no screenshot: {shot.stderr[-300:]}", failures)
        if os.path.exists(png):
            check(png_size(png) == (1200, 2400), f"{name}: screenshot is {png_size(png)}", failures)
        check(not console_messages(shot.stderr), f"{name}: console: {console_messages(shot.stderr)}", failures)
        m = measure(exe, report, work)
        check(m["scripts"] == 0 and m["requests"] == 0, f"{name}: scripts or requests: {m}", failures)
        check(len(m["charts"]) == charts, f"{name}: {len(m['charts'])} charts, expected {charts}", failures)
        for c in m["charts"]:
            check(c["width"] >= 640 and c["height"] >= 60, f"{name}: chart {c['area']} drawn at {c}", failures)
            check(c["box"] and c["median"], f"{name}: chart {c['area']} lacks its box or median: {c}", failures)
        check(m["tables"] >= 5, f"{name}: {m['tables']} tables", failures)
        check(m["narrow"] <= 380, f"{name}: at 400 pixels wide a chart is still {m['narrow']} wide", failures)
        if note:
            check(any(note in n for n in m["notes"]), f"{name}: no note '{note}' in {m['notes']}", failures)
        print(f"{name}: {len(m['charts'])} charts, {m['tables']} tables, "
              f"{sum(c['dot'] for c in m['charts'])} with the cluster's dot, notes {len(m['notes'])}")
        if out_dir:
            shutil.copy(png, os.path.join(out_dir, f"report-{name}.png"))
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print(f"{len(cases)} reports, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
