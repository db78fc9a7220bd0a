// The enrolment kiosk: consent, phone (proved by a one-time code sent to it), card (with its CVV2,
// verified with the issuer at enrolment), pictures of both palms with live quality feedback
// (each picture is checked by the server, nothing stored), then the enrolment itself.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const CAPTURES_PER_HAND = 3;
  const STEPS = ["consent", "phone", "card", "palms", "done"];
  const cam = OpenPalm.camera($("camera-preview"));
  let term = null;
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

  async function start(credentials) {
    term = await OpenPalm.openTerminalPage(credentials, "kiosk", "Kiosk");
    if (term) reset();
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

  async function addCapture(hand, image) {
    if (captures[hand].length >= CAPTURES_PER_HAND) {
      note(hand, "Enough pictures of this palm", "ok");
      return;
    }
    const kind = $("image-kind").value;
    const n = ++attempts[hand];
    let res;
    try {
      res = await term.request("POST", "/terminal/v1/captures/check", JSON.stringify({ palm_image: image, image_kind: kind }));
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
      captures[hand].push(image);
      $("image-kind").disabled = true; // one kind of picture per enrolment
      let text = "Picture " + n + ": good";
      if (r.hand_side && r.hand_side.toLowerCase() !== hand) text += " (this looks like a " + r.hand_side.toLowerCase() + " hand - please check)";
      note(hand, text, "ok");
    } else {
      note(hand, "Picture " + n + ": " + r.shopper_message, "warn");
    }
    updateCounts();
  }

  async function addFiles(hand, files) {
    for (const f of files) await addCapture(hand, await OpenPalm.fileToBase64(f));
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
      res = await term.request("POST", "/terminal/v1/enrolments/phone-checks", JSON.stringify({ phone: phone }),
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
      left_palm_images: captures.left.slice(0, CAPTURES_PER_HAND),
      right_palm_images: captures.right.slice(0, CAPTURES_PER_HAND),
      image_kind: $("image-kind").value,
    };
    if ($("insights-consent").checked) body.insights_consent = true; // sent only when ticked
    $("enrol-submit").disabled = true;
    message("Signing you up...", "info");
    let res;
    try {
      res = await term.request("POST", "/terminal/v1/enrolments", JSON.stringify(body), { "Idempotency-Key": enrolmentKey });
    } catch (e) {
      message("Cannot reach the server, please try again", "bad");
      updateCounts();
      return;
    }
    if (res.status === 201) {
      const out = res.json;
      $("enrolled-customer").textContent = maskId(out.customer_id);
      $("enrolled-card").textContent = out.card.brand + " ending " + out.card.last4;
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

  $("credentials-form").addEventListener("submit", (e) => {
    e.preventDefault();
    start(OpenPalm.saveCredentials($("terminal-id").value, $("terminal-key").value));
  });
  $("forget-credentials").addEventListener("click", () => {
    OpenPalm.forgetCredentials().finally(() => location.reload());
  });

  OpenPalm.enrolmentSteps({
    message, go, sendCode, forgetPhoneCheck, enrol, resetCaptures, addFiles, addCapture,
    phoneCheck: () => phoneCheck,
    frame: () => cam.frame(),
  });
  $("enrol-another").addEventListener("click", reset);

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
      for (const id of ["camera-preview", "capture-left", "capture-right", "camera-stop"]) OpenPalm.show($(id), true);
      OpenPalm.show($("camera-start"), false);
    } catch (err) {
      message("The camera is not available: " + err.message, "warn");
    }
  });
  $("camera-stop").addEventListener("click", () => {
    cam.stop();
    for (const id of ["camera-preview", "capture-left", "capture-right", "camera-stop"]) OpenPalm.show($(id), false);
    OpenPalm.show($("camera-start"), true);
    $("image-kind").disabled = captures.left.length + captures.right.length > 0;
  });

  // a key that cannot be imported goes to start as a rejected promise: the setup form shows why
  OpenPalm.loadCredentials().then((c) => (c ? start(c) : OpenPalm.show($("setup"), true)), (e) => start(Promise.reject(e)));
})();
