// The palm reader: waits (long poll) for the payment the till created on this terminal, shows the
// amount, sends the palm capture and shows the answer. Every request is signed by the terminal key.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const RESULT_SHOWN_MILLIS = 5000; // an approval or decline stays on screen this long
  const POLL_WAIT_SECONDS = 20;
  let term = null;
  let payment = null; // the payment being collected
  let lastCapture = null; // {image, kind, landmarks, nir}: resent with the hint
  let polling = false;
  // payment (default), join (loyalty), age18 / age21 (age check), gate (entry): ?mode=... or the mode selector
  const MODES = ["payment", "join", "age18", "age21", "gate"];
  const requested = new URLSearchParams(location.search).get("mode");
  const mode = MODES.includes(requested) ? requested : "payment";
  const cam = OpenPalm.camera($("camera-preview"));
  const nir = OpenPalm.nearInfraredCamera($("nir-camera")); // a dual-band reader's second camera

  function setStatus(text) { OpenPalm.say($("status"), text); }

  function showResult(text, kind) {
    OpenPalm.say($("result"), text, kind);
    $("result").dataset.result = kind || "";
  }

  /** The big answer of the gate and age modes: green, red or amber. */
  function showVerdict(text, detail, colour) {
    const v = $("verdict");
    v.textContent = text;
    if (detail) {
      const small = document.createElement("small");
      small.textContent = detail;
      v.appendChild(small);
    }
    v.dataset.verdict = colour;
    OpenPalm.show(v, true);
  }

  /** A loyalty member's price at the reader: the original, the discount, what is charged. */
  function showLoyalty(l) {
    if (!l) { OpenPalm.show($("loyalty-line"), false); return; }
    $("loyalty-line").textContent = "Original " + OpenPalm.money(l.original.minor, l.original.currency) + " \u2212 discount "
      + OpenPalm.money(l.discount.minor, l.discount.currency) + " = charged " + OpenPalm.money(l.charged.minor, l.charged.currency)
      + " (" + l.description + ")";
    OpenPalm.show($("loyalty-line"), true);
  }

  function setPayment(p) {
    payment = p;
    if (p) showLoyalty(null);
    $("amount").textContent = p ? OpenPalm.money(p.amount.minor, p.amount.currency) : "-";
    $("capture").disabled = !p;
    $("reader").dataset.paymentId = p ? p.id : "";
  }

  async function start(credentials) {
    term = await OpenPalm.openTerminalPage(credentials, "reader", "Terminal");
    if (!term) return;
    $("mode").value = mode;
    $("reader").dataset.mode = mode;
    if (mode === "payment") return poll();
    // the other modes need no payment: the palm goes straight to the mode's call
    const titles = { join: "Join the loyalty programme", age18: "18+?", age21: "21+?", gate: "Entry" };
    $("amount-label").textContent = mode === "gate" ? "Gate" : mode === "join" ? "Loyalty" : "Age check";
    $("amount").textContent = titles[mode];
    OpenPalm.show($("join-form"), mode === "join");
    $("capture").disabled = false;
    setStatus(mode === "join" ? "Type your name, tick the consent, then present your palm" : "Hold your palm over the reader");
  }

  /** A palm in the join, age or gate mode. */
  async function presentInMode(image, kind, nearInfrared) {
    let path;
    const body = { palm_image: image, image_kind: kind };
    if (nearInfrared) body.palm_image_nir = nearInfrared; // judged for liveness with the visible frame
    if (mode === "join") {
      if (!$("join-consent").checked || !$("join-name").value.trim()) {
        showResult("Type your name and tick the consent first", "warn");
        return;
      }
      path = "/terminal/v1/loyalty/members";
      Object.assign(body, { display_name: $("join-name").value.trim(), loyalty_consent: true, consent_text_version: "loyalty-v1" });
    } else if (mode === "gate") {
      path = "/terminal/v1/entries";
    } else {
      path = "/terminal/v1/age-checks";
      body.minimum_age = mode === "age21" ? 21 : 18;
    }
    setStatus("Checking your palm...");
    let res;
    try {
      res = await term.request("POST", path, JSON.stringify(body), { "Idempotency-Key": OpenPalm.idempotencyKey() });
    } catch (e) {
      showResult("Cannot reach the server, please try again", "bad");
      return;
    }
    setStatus("Hold your palm over the reader");
    if (!res.ok) {
      if (mode === "join") showResult(OpenPalm.problemText(res), "bad");
      else showVerdict("Please try again", OpenPalm.problemText(res), "amber");
      return;
    }
    const r = res.json;
    if (mode === "join") {
      showResult(r.shopper_message, r.result === "JOINED" || r.result === "ALREADY_MEMBER" ? "ok" : "warn");
    } else if (mode === "gate") {
      if (r.result === "ALLOWED") showVerdict("Welcome", r.display_name, "green");
      else showVerdict("No entry", r.shopper_message, "red");
    } else if (r.result === "YES") {
      showVerdict(r.minimum_age + "+: yes", "", "green");
    } else if (r.result === "NO") {
      showVerdict(r.minimum_age + "+: no", "", "red");
    } else {
      showVerdict("Not verified", r.shopper_message, "amber");
    }
    $("verdict").dataset.result = r.result + (r.reason ? ":" + r.reason : "");
  }

  async function poll() {
    if (polling) return;
    polling = true;
    setPayment(null);
    setStatus("Waiting for the till...");
    try {
      while (!payment) {
        let res;
        try {
          res = await term.request("GET", "/terminal/v1/payments/pending?wait_seconds=" + POLL_WAIT_SECONDS);
        } catch (e) {
          setStatus("Cannot reach the server; retrying...");
          await new Promise((r) => setTimeout(r, 3000));
          continue;
        }
        if (res.status === 200 && res.json && res.json.payment) {
          setPayment(res.json.payment);
          const hinting = res.json.payment.status === "HINT_NEEDED";
          OpenPalm.show($("hint-form"), hinting && lastCapture !== null);
          setStatus(hinting && lastCapture ? "Enter the last 4 digits of your phone number" : "Hold your palm over the reader");
          showResult("", "");
        } else if (res.status === 401) {
          setStatus("This terminal was refused: " + OpenPalm.problemText(res));
          await new Promise((r) => setTimeout(r, 10000));
        } else if (res.status !== 204) {
          setStatus(OpenPalm.problemText(res));
          await new Promise((r) => setTimeout(r, 3000));
        }
      }
    } finally {
      polling = false;
    }
  }

  async function present(image, kind, hint, landmarks, nearInfrared) {
    if (mode !== "payment") return presentInMode(image, kind, nearInfrared);
    if (!payment) return;
    lastCapture = { image, kind, landmarks, nir: nearInfrared };
    $("capture").disabled = true;
    setStatus("Checking your palm...");
    const body = { palm_image: image, image_kind: kind };
    if (hint) body.hint = hint;
    if (landmarks) body.landmarks = landmarks; // the server cuts the palm from them and judges the pixels itself
    if (nearInfrared) body.palm_image_nir = nearInfrared; // the same instant in 940 nm: judged for liveness with the visible frame
    let res;
    try {
      res = await term.request("POST", "/terminal/v1/payments/" + payment.id + "/palm", JSON.stringify(body),
        { "Idempotency-Key": OpenPalm.idempotencyKey() });
    } catch (e) {
      showResult("Cannot reach the server, please try again", "bad");
      $("capture").disabled = false;
      return;
    }
    if (!res.ok) {
      showResult(OpenPalm.problemText(res), "bad");
      if (res.status === 409 || res.status === 404) return finish();
      $("capture").disabled = false;
      setStatus("Please try again");
      return;
    }
    const r = res.json;
    OpenPalm.show($("hint-form"), false);
    switch (r.result) {
      case "AUTHORISED":
        showLoyalty(r.loyalty);
        showResult("Approved", "ok");
        return finish();
      case "FREE":
        showLoyalty(r.loyalty);
        showResult("Free with your loyalty reward", "ok");
        return finish();
      case "DECLINED":
        showResult("Declined: " + r.shopper_message, "bad");
        return finish();
      case "HINT_NEEDED":
        showResult(r.shopper_message, "warn");
        setStatus("Type them below, then press Enter");
        OpenPalm.show($("hint-form"), true);
        $("hint-input").value = "";
        $("hint-input").focus();
        return;
      case "RETAKE":
        showResult(r.shopper_message, "warn");
        break;
      case "NOT_RECOGNISED":
        showResult(r.shopper_message, "warn");
        break;
      case "PRESENTATION_ATTACK":
        // neutral on purpose: the same look as a failed read, nothing about why
        showResult(r.shopper_message, "warn");
        break;
      default:
        showResult(r.shopper_message || r.result, "warn");
    }
    setStatus("Hold your palm over the reader");
    $("capture").disabled = false;
  }

  function finish() {
    lastCapture = null;
    OpenPalm.show($("hint-form"), false);
    $("capture").disabled = true;
    setStatus("Thank you");
    setTimeout(() => poll(), RESULT_SHOWN_MILLIS);
  }

  /** A picked or dropped picture, with the near-infrared picture of the same instant when one was chosen (dual-band reader). */
  async function presentFile(file) {
    if (!file) return;
    const image = await OpenPalm.fileToBase64(file);
    const kind = $("image-kind").value;
    const nirFile = $("palm-file-nir").files[0];
    const nearInfrared = nirFile ? await OpenPalm.fileToBase64(nirFile) : null;
    $("palm-file-nir").value = "";
    // a photo of the whole hand: its landmarks (MediaPipe Hands) find the palm on any background
    let landmarks = null;
    if (kind === "full_hand") {
      setStatus("Finding your hand...");
      landmarks = await OpenPalm.landmarksOfFile(file);
    }
    present(image, kind, undefined, landmarks, nearInfrared);
  }

  $("mode").addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("mode", $("mode").value);
    location.assign(url.toString());
  });
  $("join-form").addEventListener("submit", (e) => e.preventDefault());
  $("credentials-form").addEventListener("submit", (e) => {
    e.preventDefault();
    start(OpenPalm.saveCredentials($("terminal-id").value, $("terminal-key").value));
  });
  $("forget-credentials").addEventListener("click", () => {
    OpenPalm.forgetCredentials().finally(() => location.reload());
  });
  $("palm-file").addEventListener("change", (e) => {
    presentFile(e.target.files[0]);
    e.target.value = "";
  });
  OpenPalm.dropZone($("drop-zone"), (files) => { if (!$("capture").disabled) presentFile(files[0]); });
  $("hint-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const hint = $("hint-input").value.trim();
    if (!/^[0-9]{4}$/.test(hint)) {
      showResult("Please enter exactly 4 digits", "warn");
      return;
    }
    if (lastCapture) present(lastCapture.image, lastCapture.kind, hint, lastCapture.landmarks, lastCapture.nir);
  });

  // The camera with live guidance: MediaPipe Hands finds the hand, the page says what to do and
  // takes the sharpest good frame by itself; "Capture palm" still takes the frame at once.
  let guide = null;
  function stopCamera() {
    if (guide) guide.stop();
    guide = null;
    cam.stop();
    nir.stop();
    for (const id of ["camera-preview", "camera-overlay", "camera-advice", "camera-capture", "camera-stop"]) OpenPalm.show($(id), false);
    OpenPalm.show($("camera-start"), true);
  }
  if (!cam.available()) OpenPalm.show($("camera-start"), false);
  $("camera-start").addEventListener("click", async () => {
    try {
      await cam.start();
      $("image-kind").value = "full_hand";
      for (const id of ["camera-preview", "camera-overlay", "camera-advice", "camera-capture", "camera-stop"]) OpenPalm.show($(id), true);
      OpenPalm.show($("camera-start"), false);
      $("camera-capture").focus();
      await nir.offer($("camera-preview").srcObject);
      if (typeof HandLandmarks !== "undefined") {
        guide = HandLandmarks.guide($("camera-preview"), $("camera-overlay"), (text, ok) => {
          OpenPalm.say($("camera-advice"), text, ok ? "ok" : "warn");
        }, async (shot) => {
          if (payment && !$("capture").disabled) await present(shot.image, "full_hand", undefined, shot.landmarks, shot.nir);
        }, nir.video);
      }
    } catch (err) {
      showResult("The camera is not available: " + err.message, "warn");
    }
  });
  $("camera-capture").addEventListener("click", () => {
    const video = $("camera-preview");
    present(cam.frame(), "full_hand", undefined, null, nir.frameLike(video.videoWidth, video.videoHeight));
  });
  $("camera-stop").addEventListener("click", stopCamera);

  // a key that cannot be imported goes to start as a rejected promise: the setup form shows why
  OpenPalm.loadCredentials().then((c) => (c ? start(c) : OpenPalm.show($("setup"), true)), (e) => start(Promise.reject(e)));
})();
