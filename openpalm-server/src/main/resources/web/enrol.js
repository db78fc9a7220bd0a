// The shopper's phone page: the kiosk's steps (consent, phone proved by a one-time code, card
// verified with the issuer, 3 pictures of each palm checked by the server) without a terminal key.
// The pre-enrolment is PENDING_CONFIRMATION until the first palm payment at a reader confirms it.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const CAPTURES_PER_HAND = 3;
  const STEPS = ["consent", "phone", "card", "palms", "done"];
  const cam = OpenPalm.camera($("camera-preview"));
  // the page is not a terminal: plain JSON requests, limited per client address by the server
  const term = {
    async request(method, path, body, headers) {
      const init = { method, headers: Object.assign({ "Content-Type": "application/json" }, headers || {}) };
      if (body !== undefined) init.body = body;
      return OpenPalm.readResponse(await fetch(path, init));
    },
  };
  let enrolmentKey = null; // one Idempotency-Key per enrolment attempt with the same data
  let phoneCheck = null; // { id, phone } of the code sent to the phone
  const captures = { left: [], right: [] }; // accepted pictures, base64
  let attempts = { left: 0, right: 0 };

  function message(text, kind) { OpenPalm.say($("message"), text || "", kind); }

  function go(step) {
    for (const s of STEPS) OpenPalm.show($("step-" + s), s === step);
    for (const li of $("steps").children) {
      if (li.dataset.step === step) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    }
    const first = $("step-" + step).querySelector("input, select, button:not([disabled])");
    if (step === "done") $("step-done").focus();
    else if (first) first.focus();
  }

  function reset() {
    for (const id of ["biometric-consent", "insights-consent"]) $(id).checked = false;
    for (const id of ["phone", "phone-code", "card-number", "card-expiry", "card-cvv2"]) $(id).value = "";
    resetCaptures();
    enrolmentKey = null;
    forgetPhoneCheck();
    message("");
    go("consent");
  }

  function resetCaptures() {
    for (const hand of ["left", "right"]) {
      captures[hand] = [];
      $(hand + "-captures").innerHTML = "";
    }
    attempts = { left: 0, right: 0 };
    $("image-kind").disabled = false;
    updateCounts();
  }

  function updateCounts() {
    for (const hand of ["left", "right"]) {
      const n = captures[hand].length;
      $(hand + "-count").textContent = n + " of " + CAPTURES_PER_HAND + " good pictures" + (n >= CAPTURES_PER_HAND ? " - done" : "");
      $("hand-" + hand).dataset.complete = String(n >= CAPTURES_PER_HAND);
    }
    $("enrol-submit").disabled = !(captures.left.length >= CAPTURES_PER_HAND && captures.right.length >= CAPTURES_PER_HAND);
  }

  function note(hand, text, kind) {
    const li = document.createElement("li");
    li.textContent = text;
    li.className = "msg-" + kind;
    $(hand + "-captures").appendChild(li);
  }

  async function addCapture(hand, image, landmarks) {
    if (captures[hand].length >= CAPTURES_PER_HAND) {
      note(hand, "Enough pictures of this palm", "ok");
      return;
    }
    const kind = $("image-kind").value;
    const n = ++attempts[hand];
    let res;
    try {
      const check = { palm_image: image, image_kind: kind };
      if (landmarks) check.landmarks = landmarks; // the server cuts the palm from them and judges the pixels itself
      res = await term.request("POST", "/enrol/v1/captures/check", JSON.stringify(check));
    } catch (e) {
      note(hand, "Picture " + n + ": cannot reach the server", "bad");
      return;
    }
    if (!res.ok) {
      note(hand, "Picture " + n + ": " + OpenPalm.problemText(res), "bad");
      return;
    }
    const r = res.json;
    if (r.accepted) {
      captures[hand].push({ image, landmarks: landmarks || null });
      $("image-kind").disabled = true; // one kind of picture per enrolment
      let text = "Picture " + n + ": good";
      if (r.hand_side && r.hand_side.toLowerCase() !== hand) text += " (this looks like a " + r.hand_side.toLowerCase() + " hand - please check)";
      note(hand, text, "ok");
    } else {
      note(hand, "Picture " + n + ": " + r.shopper_message, "warn");
    }
    updateCounts();
  }

  /** A photo of the whole hand: its landmarks (MediaPipe Hands) find the palm on any background; null when none. */
  async function landmarksOf(file) {
    if ($("image-kind").value !== "full_hand" || typeof HandLandmarks === "undefined") return null;
    try {
      const bitmap = await createImageBitmap(file);
      const canvas = document.createElement("canvas");
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext("2d").drawImage(bitmap, 0, 0);
      const hand = await HandLandmarks.detect(canvas, canvas.width, canvas.height, true);
      return hand ? hand.landmarks : null;
    } catch (e) {
      return null; // the server's contour pipeline still tries
    }
  }

  async function addFiles(hand, files) {
    for (const f of files) await addCapture(hand, await OpenPalm.fileToBase64(f), await landmarksOf(f));
  }

  function forgetPhoneCheck() {
    phoneCheck = null;
    $("phone-code").value = "";
    $("phone-code").required = false;
    OpenPalm.show($("phone-code-box"), false);
  }

  /** Sends a one-time code to the phone; the enrolment brings it back with the check's id. */
  async function sendCode(phone) {
    let res;
    try {
      res = await term.request("POST", "/enrol/v1/phone-checks", JSON.stringify({ phone: phone }),
        { "Idempotency-Key": OpenPalm.idempotencyKey() });
    } catch (e) {
      message("Cannot reach the server, please try again", "bad");
      return;
    }
    if (res.status !== 201) {
      message(OpenPalm.problemText(res), "bad");
      return;
    }
    phoneCheck = { id: res.json.phone_check_id, phone: phone };
    $("phone-code").value = "";
    $("phone-code").required = true;
    OpenPalm.show($("phone-code-box"), true);
    message("We sent a 6-digit code to this phone: please type it.", "info");
    $("phone-code").focus();
  }

  function maskId(id) {
    return id.slice(0, 4) + "..." + id.slice(-4);
  }

  async function enrol() {
    if (!enrolmentKey) enrolmentKey = OpenPalm.idempotencyKey();
    const body = {
      phone: $("phone").value.replace(/[\s-]/g, ""),
      phone_check_id: phoneCheck ? phoneCheck.id : "",
      phone_code: $("phone-code").value.trim(),
      card_number: $("card-number").value.replace(/[\s-]/g, ""),
      expiry: $("card-expiry").value.trim(),
      cvv2: $("card-cvv2").value.trim(),
      biometric_consent: $("biometric-consent").checked,
      consent_text_version: $("consent-text").dataset.version,
      left_palm_images: captures.left.slice(0, CAPTURES_PER_HAND).map((c) => c.image),
      right_palm_images: captures.right.slice(0, CAPTURES_PER_HAND).map((c) => c.image),
      image_kind: $("image-kind").value,
    };
    if ($("insights-consent").checked) body.insights_consent = true; // sent only when ticked
    if (captures.left.concat(captures.right).some((c) => c.landmarks)) {
      body.left_palm_landmarks = captures.left.slice(0, CAPTURES_PER_HAND).map((c) => c.landmarks);
      body.right_palm_landmarks = captures.right.slice(0, CAPTURES_PER_HAND).map((c) => c.landmarks);
    }
    $("enrol-submit").disabled = true;
    message("Checking your card with your bank...", "info");
    let res;
    try {
      res = await term.request("POST", "/enrol/v1/pre-enrolments", JSON.stringify(body), { "Idempotency-Key": enrolmentKey });
    } catch (e) {
      message("Cannot reach the server, please try again", "bad");
      updateCounts();
      return;
    }
    if (res.status === 201) {
      const out = res.json;
      $("enrolled-status").textContent = "Pending confirmation at your first palm payment";
      $("enrolled-card").textContent = out.card.brand + " ending " + out.card.last4;
      $("pending-until").textContent = out.expires_at ? new Date(out.expires_at).toLocaleDateString() : "30 days from now";
      $("step-done").dataset.status = out.status;
      message("");
      enrolmentKey = null;
      cam.stop();
      go("done");
      return;
    }
    enrolmentKey = null; // the data will change before the next attempt
    message(OpenPalm.problemText(res), "bad");
    const fields = ((res.json && res.json.errors) || []).map((e) => e.field);
    if (fields.some((f) => f.startsWith("biometric_consent") || f.startsWith("consent"))) go("consent");
    else if (fields.includes("phone_code") || fields.includes("phone_check_id")) {
      // a wrong code may be typed again; an expired or used-up one needs a new code
      if (!/attempt/.test(OpenPalm.problemText(res))) forgetPhoneCheck();
      go("phone");
    } else if (fields.includes("phone") || (res.json && /phone/.test(res.json.type || ""))) go("phone");
    else if (fields.includes("card_number") || fields.includes("expiry") || fields.includes("cvv2")) go("card");
    else if (res.json && /replayed_capture/.test(res.json.type || "")) {
      resetCaptures();
      updateCounts();
    }
    else updateCounts();
  }

  OpenPalm.enrolmentSteps({
    message, go, sendCode, forgetPhoneCheck, enrol, resetCaptures, addFiles, addCapture,
    phoneCheck: () => phoneCheck,
    frame: () => cam.frame(),
  });

  // The camera with live guidance: MediaPipe Hands finds the hand in each frame, the page says what
  // to do and takes the sharpest good frame by itself; left palm first, then the right.
  let guide = null;
  function guidedHand() {
    return captures.left.length < CAPTURES_PER_HAND ? "left" : captures.right.length < CAPTURES_PER_HAND ? "right" : null;
  }
  function advise(text, ok) {
    const hand = guidedHand();
    OpenPalm.say($("camera-advice"), hand ? (hand === "left" ? "Left palm: " : "Right palm: ") + text : "Both palms done", ok ? "ok" : "warn");
    $("camera-advice").dataset.ok = String(ok);
  }
  function stopCamera() {
    if (guide) guide.stop();
    guide = null;
    cam.stop();
    for (const id of ["camera-preview", "camera-overlay", "camera-advice", "capture-left", "capture-right", "camera-stop"]) OpenPalm.show($(id), false);
    OpenPalm.show($("camera-start"), true);
    $("image-kind").disabled = captures.left.length + captures.right.length > 0;
  }

  if (!cam.available()) OpenPalm.show($("camera-start"), false);
  $("camera-start").addEventListener("click", async () => {
    if (captures.left.length + captures.right.length > 0 && $("image-kind").value !== "full_hand") {
      message("Camera pictures show whole hands: start the pictures again to use the camera.", "warn");
      return;
    }
    try {
      await cam.start();
      $("image-kind").value = "full_hand";
      $("image-kind").disabled = true;
      for (const id of ["camera-preview", "camera-overlay", "camera-advice", "capture-left", "capture-right", "camera-stop"]) OpenPalm.show($(id), true);
      OpenPalm.show($("camera-start"), false);
      advise("starting the hand finder...", false);
      if (typeof HandLandmarks !== "undefined") {
        guide = HandLandmarks.guide($("camera-preview"), $("camera-overlay"), advise, async (shot) => {
          const hand = guidedHand();
          if (!hand) return stopCamera();
          await addCapture(hand, shot.image, shot.landmarks);
          if (!guidedHand()) stopCamera();
        });
      }
    } catch (err) {
      message("The camera is not available: " + err.message, "warn");
    }
  });
  $("camera-stop").addEventListener("click", stopCamera);

  reset();
})();
