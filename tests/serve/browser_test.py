#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The questionnaire of `hallmark serve` in a real browser (Selenium, headless Chromium).
Usage: browser_test.py HALLMARK SOURCE_DIR [SHOT_DIR]

Starts the service on a free port with a decision log in a temporary directory, opens
the page and fills in an example assessment by typing and clicking, area by area. The
label must stay none until the last eligibility answer is typed and turn Bronze with
it; a value out of range must be flagged at its field with the engine's message while
the decision still shows; the saved JSON must be decided by `hallmark eval` as the
example is (label, validity, every criterion's outcome); the decision recorded with an
expert's name must be in the log. A screenshot of the filled questionnaire goes to
SHOT_DIR/questionnaire.png (ctest: the build tree; `browser_test.py build/hallmark .
docs/images` refreshes the README's picture).

Needs python3-selenium and chromium-driver (scripts/bootstrap.sh --tests); without them
the test fails and says so."""
import copy, json, os, re, shutil, struct, subprocess, sys, tempfile, time, urllib.request

EXAMPLE = "examples/assessments/litek.json"  # Bronze by ECEI 2020, with an earlier Bronze
OTHER_EXAMPLE = "examples/assessments/bronze-2019-energy-is.json"  # decided by ECEI 2019
BAD_INDICATOR, BAD_VALUE = "regional_share", "150"  # a percentage over 100
SHOT_HEIGHT = 1700  # px of docs/images/questionnaire.png, 1280 wide


def need_selenium():
    try:
        import selenium  # noqa: F401
        return
    except ImportError:
        pass
    # Debian's python3-selenium is for the system interpreter; CMake may have found
    # another one (pyenv, a virtualenv). Run again with the system one if it has Selenium.
    system = "/usr/bin/python3"
    if os.environ.get("HALLMARK_BROWSER_TEST_REEXEC") != "1" and os.path.exists(system) and \
            os.path.realpath(sys.executable) != os.path.realpath(system) and \
            subprocess.run([system, "-c", "import selenium"], capture_output=True).returncode == 0:
        os.environ["HALLMARK_BROWSER_TEST_REEXEC"] = "1"
        os.execv(system, [system, os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit("error: the Python module selenium is missing: install python3-selenium and chromium-driver "
             "(Debian/Ubuntu; scripts/bootstrap.sh --tests installs them)")


need_selenium()
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def no_proxy_env():
    env = dict(os.environ)
    for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(k, None)
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    return env


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get_json(url):
    with OPENER.open(url, timeout=30) as r:
        return json.load(r)


def start_service(cli, source, work):
    log = os.path.join(work, "decisions.log")
    proc = subprocess.Popen([cli, "serve", "--rules-dir", os.path.join(source, "rules"), "--listen", "127.0.0.1:0",
                             "--log", log], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=no_proxy_env())
    line = proc.stdout.readline()
    m = re.search(r"listening on (http://127\.0\.0\.1:\d+/)", line)
    if not m:
        proc.kill()
        raise AssertionError(f"hallmark serve did not start: {line!r} {proc.stderr.read()[-500:]}")
    return proc, m.group(1)


def chromedriver():
    for path in (shutil.which("chromedriver"), "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"):
        if path and os.path.exists(path):
            return path
    sys.exit("error: chromedriver is missing: install chromium-driver (Debian/Ubuntu; scripts/bootstrap.sh "
             "--tests installs it)")


def browser(downloads, work):
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-extensions", "--no-first-run", "--no-proxy-server", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--window-size=1280,1000", "--lang=en-US",
                 "--user-data-dir=" + os.path.join(work, "chromium")):
        o.add_argument(flag)
    o.add_experimental_option("prefs", {"download.default_directory": downloads,
                                        "download.prompt_for_download": False,
                                        "download.directory_upgrade": True})
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        d = webdriver.Chrome(service=Service(chromedriver()), options=o)
    except WebDriverException as e:
        sys.exit(f"error: Chromium could not be started through chromedriver: {e.msg}")
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return d


def eval_json(cli, source, path):
    r = subprocess.run([cli, "eval", "--methodology", "ECEI", "--rules-dir", os.path.join(source, "rules"),
                        "--format", "json", path], capture_output=True, text=True)
    assert r.stdout, f"hallmark eval {path}: {r.stderr}"
    return json.loads(r.stdout)


def summary(decision):
    return {"label": decision["label"], "valid_until": decision["valid_until"],
            "criteria": {c["id"]: c["outcome"] for c in decision["criteria"]}}


def last_eligibility_answer(cli, source, work, example, catalogue):
    """An answer of an eligibility criterion without which the example earns no label:
    the one the test types last."""
    inputs = [i for c in catalogue["criteria"] if "eligibility" in (c["groups"] or []) for i in c["inputs"]]
    for indicator in reversed(inputs):
        if example["indicators"].get(indicator) is None:
            continue
        held = copy.deepcopy(example)
        held["indicators"][indicator] = None
        path = os.path.join(work, "held-out.json")
        json.dump(held, open(path, "w"))
        if eval_json(cli, source, path)["label"] is None:
            return indicator
    raise AssertionError("no eligibility answer of the example decides its label")


class Page:
    def __init__(self, driver):
        self.d = driver

    def wait(self, what, condition, timeout=20):
        try:
            return WebDriverWait(self.d, timeout).until(lambda d: condition())
        except TimeoutException:
            problems = [e.text for e in self.d.find_elements(By.ID, "problem-list")]
            raise AssertionError(f"timed out waiting for {what}; label {self.label()!r}, problems: {problems}")

    def by_id(self, id_):
        return self.d.find_element(By.ID, id_)

    def type(self, id_, text):
        e = self.by_id(id_)
        e.clear()
        e.send_keys(text)

    def label(self):
        found = self.d.find_elements(By.ID, "label")
        return found[0].get_attribute("data-label") if found else None

    def settled(self):
        """The decision panel shows the answer to the latest edit."""
        return "pending" not in (self.by_id("decision").get_attribute("class") or "").split()

    def wait_label(self, expected):
        self.wait(f"label {expected!r}", lambda: self.settled() and self.label() == expected)

    def answer(self, indicator, kind, value):
        d = self.d
        if kind == "boolean":
            d.find_element(By.ID, f"in-{indicator}-{'yes' if value else 'no'}").click()
        elif kind == "choice":
            Select(self.by_id(f"in-{indicator}")).select_by_value(value)
        elif kind in ("choice_set", "criterion_set"):
            boxes = d.find_elements(By.CSS_SELECTOR, f"input[type=checkbox][data-indicator='{indicator}']")
            if not value:
                next(b for b in boxes if b.get_attribute("value") == "").click()
            for b in boxes:
                if b.get_attribute("value") in value and not b.is_selected():
                    b.click()
        else:
            self.type(f"in-{indicator}", str(value))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def wait_download(folder, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        done = [f for f in os.listdir(folder) if f.endswith(".json")]
        if done and not any(f.endswith(".crdownload") for f in os.listdir(folder)):
            return os.path.join(folder, done[0])
        time.sleep(0.2)
    raise AssertionError(f"nothing was downloaded to {folder}: {os.listdir(folder)}")


def fill(page, example, catalogue, held_out):
    """Types the example into the page, area by area, all but `held_out`."""
    c = example["cluster"]
    page.type("cluster-id", c["id"])
    page.type("cluster-name", c["name"])
    page.type("cluster-country", c["country"])
    page.type("cluster-portfolio", c["portfolio"])
    page.type("assessed-on", example["assessed_on"])
    for i, h in enumerate(example.get("history", [])):
        page.by_id("add-history").click()
        Select(page.by_id(f"history-{i}-label")).select_by_value(h["label"])
        page.type(f"history-{i}-assessed_on", h["assessed_on"])
        if h.get("valid_until"):
            page.type(f"history-{i}-valid_until", h["valid_until"])
    # The version in force on that date replaces the latest one's questions.
    page.wait(f"the questions of ECEI {catalogue['version']}",
              lambda: page.settled() and catalogue["version"] in page.by_id("methodology-hint").text)
    kinds = {i["id"]: i["type"] for i in catalogue["indicators"]}
    blocks = page.d.find_elements(By.CSS_SELECTOR, "#questions .q")
    order = [b.get_attribute("id")[2:] for b in blocks]
    assert order[:3] == [i for a in catalogue["areas"] for i in a["indicators"]][:3], f"question order {order[:3]}"
    for indicator in order:
        value = example["indicators"].get(indicator)
        if value is None or indicator == held_out:
            continue
        page.answer(indicator, kinds[indicator], value)


def main():
    cli, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shot_dir = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="hallmark-shot-")
    work = tempfile.mkdtemp(prefix="hallmark-serve-browser-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    example_path = os.path.join(source, EXAMPLE)
    example = json.load(open(example_path))
    expected = summary(eval_json(cli, source, example_path))
    assert expected["label"] == "bronze", f"{EXAMPLE} is no longer Bronze: {expected['label']}"

    proc, base = start_service(cli, source, work)
    driver = None
    try:
        version = eval_json(cli, source, example_path)["methodology"]["version"]
        catalogue = get_json(f"{base}api/v1/methodologies/ECEI/{version}")
        held_out = last_eligibility_answer(cli, source, work, example, catalogue)
        kinds = {i["id"]: i["type"] for i in catalogue["indicators"]}

        driver = browser(downloads, work)
        page = Page(driver)
        driver.get(base)
        page.wait("the page to load the rules", lambda: "ready" in (driver.find_element(By.TAG_NAME, "body")
                                                                    .get_attribute("class") or ""))

        # Everything but the last eligibility answer: no label yet.
        fill(page, example, catalogue, held_out)
        page.wait_label("none")
        unanswered = page.by_id("unanswered").text
        assert held_out in unanswered, f"{held_out} is not listed as unanswered: {unanswered!r}"
        print(f"typed {EXAMPLE} but {held_out}: no label")

        # The plan to Bronze asks for that answer, verified; its link goes to the question.
        page.wait("the plan to the next label", lambda: page.by_id("plan").get_attribute("data-status") == "plan")
        plan = page.by_id("plan").text
        item = driver.find_element(By.CSS_SELECTOR, f"#plan li[data-plan-indicator='{held_out}']")
        assert "unanswered: answer" in item.text, f"the plan's item: {item.text!r}"
        assert "Checked:" in plan and "BRONZE" in plan, f"the plan: {plan!r}"
        item.find_element(By.TAG_NAME, "a").click()
        page.wait("the plan's link to focus the question",
                  lambda: driver.switch_to.active_element.get_attribute("data-indicator") == held_out)
        print(f"the plan asks for {held_out}: {item.text.splitlines()[0]!r}")

        # The last one: Bronze, with its validity.
        page.answer(held_out, kinds[held_out], example["indicators"][held_out])
        page.wait_label("bronze")
        validity = page.by_id("validity").text
        assert expected["valid_until"] in validity, f"validity {validity!r}, expected {expected['valid_until']}"
        states = {li.get_attribute("data-label"): li.get_attribute("class")
                  for li in driver.find_elements(By.CSS_SELECTOR, "#labels > li")}
        assert states.get("bronze") == "outcome-met", f"label states {states}"
        print(f"typed {held_out}: Bronze, {validity}")

        # Every percentage typed as a fraction (0.6 for 60 %): a warning says how it is read;
        # the values typed back as they were: no warning.
        shares = [i for i, k in kinds.items() if k == "percent" and example["indicators"].get(i) is not None]
        assert shares, "the example has no percentage to type as a fraction"
        for i in shares:
            page.answer(i, "percent", "0.6")
        page.wait("the warning on fractions", lambda: page.settled() and page.by_id("fraction-warning").is_displayed())
        warning = page.by_id("fraction-warning").text
        assert "percentage points" in warning and shares[0] + " 0.6 %" in warning, f"the warning: {warning!r}"
        for i in shares:
            page.answer(i, "percent", example["indicators"][i])
        page.wait_label("bronze")
        page.wait("the warning to go", lambda: not page.by_id("fraction-warning").is_displayed())
        print(f"typed {len(shares)} percentages as fractions: {warning[:60]!r}...")

        # The filled questionnaire at laptop width: the top of the page, with the decision.
        driver.set_window_size(1280, SHOT_HEIGHT)
        driver.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.5)
        shot = os.path.join(shot_dir, "questionnaire.png")
        os.makedirs(os.path.dirname(shot), exist_ok=True)
        assert driver.save_screenshot(shot), "no screenshot"
        width, _ = png_size(shot)
        assert 1200 <= width <= 1400, f"screenshot is {width} px wide"
        driver.set_window_size(1280, 1000)
        print(f"screenshot: {shot} {png_size(shot)}")

        # Saved JSON: `hallmark eval` decides it as it decides the example.
        page.by_id("save").click()
        saved = wait_download(downloads)
        got = summary(eval_json(cli, source, saved))
        assert got == expected, f"the saved assessment is decided differently:\n{got}\nexpected\n{expected}"
        saved_doc = json.load(open(saved))
        assert set(saved_doc["indicators"]) == {i["id"] for i in catalogue["indicators"]}, "saved indicators"
        print(f"saved {os.path.basename(saved)}: hallmark eval decides it as {EXAMPLE}")

        # A wrong value: flagged at its field with the engine's message, and the decision
        # still shown, without it.
        page.type(f"in-{BAD_INDICATOR}", BAD_VALUE)
        error = page.by_id(f"error-indicators.{BAD_INDICATOR}")
        page.wait(f"an error at {BAD_INDICATOR}", lambda: page.settled() and error.text != "")
        problems = get_bad_message(cli, source, example, work)
        assert problems in error.text, f"field error {error.text!r}, the engine says {problems!r}"
        assert page.by_id(f"in-{BAD_INDICATOR}").get_attribute("aria-invalid") == "true"
        assert page.label() not in ("", None), "no decision while a field is wrong"
        assert "without the wrong values" in page.by_id("decided-by").text
        print(f"{BAD_INDICATOR} = {BAD_VALUE}: {error.text!r}; label still {page.label()}")
        page.type(f"in-{BAD_INDICATOR}", str(example["indicators"][BAD_INDICATOR]))
        page.wait("the error to clear", lambda: page.settled() and error.text == "")
        page.wait_label("bronze")

        # Recorded with the expert's name, and in the log.
        page.type("expert", "Test Expert")
        page.by_id("record").click()
        page.wait("a record id", lambda: driver.find_elements(By.ID, "record-id"))
        record_id = page.by_id("record-id").text
        record = get_json(f"{base}api/v1/decisions/{record_id}")
        text = json.dumps(record)
        assert "Test Expert" in text, f"the expert is not in record {record_id}: {text[:300]}"
        assert record["hash"], "the record has no hash"
        print(f"recorded as {record_id}")

        # The HTML report opens in a window of its own.
        first = driver.current_window_handle
        page.by_id("open-report").click()
        page.wait("the report window", lambda: len(driver.window_handles) == 2)
        driver.switch_to.window([h for h in driver.window_handles if h != first][0])
        page.wait("the report", lambda: example["assessed_on"] in driver.title and "Label BRONZE" in driver.page_source)
        driver.close()
        driver.switch_to.window(first)
        print("the report opens")

        # Every control has its <label>.
        unlabelled = driver.execute_script(
            "return [...document.querySelectorAll('input:not([type=hidden]), select')]"
            ".filter(e => !(e.id && document.querySelector('label[for=\"' + CSS.escape(e.id) + '\"]')))"
            ".map(e => e.id || e.name || e.outerHTML)")
        assert not unlabelled, f"controls without a label: {unlabelled}"

        # On paper: the answers and the decision, not the buttons.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        printed = {id_: page.by_id(id_).is_displayed() for id_ in ("save", "record", "add-history", "label",
                                                                    f"in-{BAD_INDICATOR}", "labels")}
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        assert printed == {"save": False, "record": False, "add-history": False, "label": True,
                           f"in-{BAD_INDICATOR}": True, "labels": True}, f"printed: {printed}"

        # Loading a saved assessment of another rule version: its questions and its decision.
        other_path = os.path.join(source, OTHER_EXAMPLE)
        other = eval_json(cli, source, other_path)
        page.by_id("load-file").send_keys(other_path)
        page.wait(f"the questions of {other['methodology']['version']}",
                  lambda: page.settled() and f"ECEI {other['methodology']['version']}:" in
                  page.by_id("methodology-hint").text)
        page.wait_label(other["label"] or "none")
        loaded = json.load(open(other_path))
        assert page.by_id("cluster-id").get_attribute("value") == loaded["cluster"]["id"]
        for indicator in ("participants", "staff"):
            shown = page.by_id(f"in-{indicator}").get_attribute("value")
            assert shown == str(loaded["indicators"][indicator]), f"loaded {indicator}: {shown!r}"
        assert other["valid_until"] in page.by_id("validity").text
        print(f"loaded {OTHER_EXAMPLE}: ECEI {other['methodology']['version']}, {page.label()}")

        # Nothing the page's policy refused, no script error.
        # (The report's window asks for /favicon.ico, which the service does not have; the
        # wrong value's evaluations were answered 400, as they should be.)
        expected_noise = ("favicon.ico", "/api/v1/evaluate?")
        logged = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and
                  not (e["source"] == "network" and any(n in e["message"] for n in expected_noise))]
        assert not logged, f"the browser logged errors: {logged}"
        return 0
    finally:
        if driver:
            driver.quit()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)


def get_bad_message(cli, source, example, work):
    """What `hallmark eval` says about the bad value: the message the field must show."""
    bad = copy.deepcopy(example)
    bad["indicators"][BAD_INDICATOR] = int(BAD_VALUE)
    path = os.path.join(work, "bad.json")
    json.dump(bad, open(path, "w"))
    r = subprocess.run([cli, "eval", "--methodology", "ECEI", "--rules-dir", os.path.join(source, "rules"), path],
                       capture_output=True, text=True)
    assert r.returncode != 0, "hallmark eval accepts the bad value"
    m = re.search(r"indicators\.%s: ([^\n]*)" % BAD_INDICATOR, r.stderr)
    assert m, f"hallmark eval does not name {BAD_INDICATOR}: {r.stderr}"
    return m.group(1)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
