// Shared by every OpenPalm page: signed terminal requests (Ed25519 via WebCrypto), bearer
// requests, RFC 9457 problem display, money formatting, image capture helpers. No dependencies.
"use strict";

const OpenPalm = (() => {
  const enc = new TextEncoder();

  function b64(bytes) {
    let s = "";
    const u = new Uint8Array(bytes);
    for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
    return btoa(s);
  }

  function unb64(text) {
    const s = atob(text.replace(/\s+/g, ""));
    const u = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
    return u;
  }

  async function sha256Hex(bytes) {
    const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(d, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  function nonce() {
    const r = crypto.getRandomValues(new Uint8Array(18));
    return b64(r).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function idempotencyKey() {
    return crypto.randomUUID ? crypto.randomUUID() : nonce();
  }

  // ---- terminal credentials: URL fragment #terminal=ID&key=BASE64 or the paste form ----
  // The private key is imported once as a non-extractable WebCrypto key and kept in IndexedDB (a
  // CryptoKey is stored as itself, not as text): no script, not even this page's, can read it back,
  // only sign with it. The text form exists only until the import; nothing goes to localStorage.
  const LEGACY_CREDENTIALS = "openpalm.terminal";
  const DB_NAME = "openpalm-terminal";
  const STORE = "credentials";

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async function dbRequest(mode, action) {
    const db = await openDb();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = action(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  function fragmentCredentials() {
    const hash = location.hash.replace(/^#/, "");
    if (!hash) return null;
    const values = {};
    for (const part of hash.split("&")) {
      const i = part.indexOf("=");
      if (i < 0) continue;
      // decodeURIComponent keeps "+" (base64) intact; a "+" turned into a space by a copy is mended
      values[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1)).replace(/ /g, "+");
    }
    return values.terminal && values.key ? { id: values.terminal, key: values.key } : null;
  }

  /** Imports the PKCS#8 text as a non-extractable signing key and keeps {id, key: CryptoKey} in IndexedDB. */
  async function saveCredentials(id, keyText) {
    const c = { id: id.trim(), key: await importSigningKey(keyText.replace(/\s+/g, "")) };
    await dbRequest("readwrite", (store) => store.put(c, "terminal"));
    return c;
  }

  /** The stored terminal {id, key: CryptoKey}, or null; a key in the address bar is imported first and removed from it. */
  async function loadCredentials() {
    const fromFragment = fragmentCredentials();
    if (fromFragment) {
      // the private key should not stay in the address bar or the history
      history.replaceState(null, "", location.pathname + location.search);
      return saveCredentials(fromFragment.id, fromFragment.key);
    }
    const legacy = localStorage.getItem(LEGACY_CREDENTIALS);
    if (legacy) {
      // an older page kept the key as text: move it into IndexedDB as a non-extractable key
      localStorage.removeItem(LEGACY_CREDENTIALS);
      try {
        const old = JSON.parse(legacy);
        if (old && old.id && old.key) return await saveCredentials(old.id, old.key);
      } catch (e) {
        // unreadable: forget it
      }
    }
    const stored = await dbRequest("readonly", (store) => store.get("terminal"));
    return stored && stored.id && stored.key ? stored : null;
  }

  async function forgetCredentials() {
    localStorage.removeItem(LEGACY_CREDENTIALS);
    await dbRequest("readwrite", (store) => store.delete("terminal"));
  }

  async function importSigningKey(pkcs8Base64) {
    return crypto.subtle.importKey("pkcs8", unb64(pkcs8Base64), { name: "Ed25519" }, false, ["sign"]);
  }

  /**
   * A terminal: signs METHOD\nPATH\nQUERY\nCONTENT-TYPE\nTIMESTAMP\nNONCE\nhex(SHA-256(body)) as
   * TerminalAuth expects (query without "?" and content type exactly as sent, "" when absent).
   */
  async function terminal(credentials) {
    const key = credentials.key; // a non-extractable CryptoKey
    if (!(key instanceof CryptoKey)) throw new Error("no signing key");
    async function request(method, pathAndQuery, body, extraHeaders) {
      const bytes = body === undefined || body === null ? new Uint8Array(0) : (typeof body === "string" ? enc.encode(body) : body);
      const q = pathAndQuery.indexOf("?");
      const path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
      const query = q < 0 ? "" : pathAndQuery.substring(q + 1);
      const headers = Object.assign({}, extraHeaders || {});
      if (bytes.length > 0) headers["Content-Type"] = headers["Content-Type"] || "application/json";
      const contentType = headers["Content-Type"] || "";
      const ts = Math.floor(Date.now() / 1000).toString();
      const n = nonce();
      const canonical = method + "\n" + path + "\n" + query + "\n" + contentType + "\n" + ts + "\n" + n + "\n" + (await sha256Hex(bytes));
      const sig = await crypto.subtle.sign({ name: "Ed25519" }, key, enc.encode(canonical));
      Object.assign(headers, { "X-Terminal-Id": credentials.id, "X-Timestamp": ts, "X-Nonce": n, "X-Signature": b64(sig) });
      const init = { method, headers };
      if (method !== "GET") init.body = bytes;
      return readResponse(await fetch(pathAndQuery, init));
    }
    return { id: credentials.id, request };
  }

  async function readResponse(res) {
    const type = res.headers.get("Content-Type") || "";
    let json = null;
    let text = "";
    if (res.status !== 204) {
      text = await res.text();
      if (type.includes("json") && text) {
        try { json = JSON.parse(text); } catch (e) { json = null; }
      }
    }
    return { status: res.status, ok: res.ok, json, text, headers: res.headers };
  }

  /** A request with a bearer token (merchant API key or admin token). */
  async function bearer(token, method, path, body, mutating) {
    const headers = { Authorization: "Bearer " + token };
    const init = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    if (mutating) headers["Idempotency-Key"] = idempotencyKey();
    return readResponse(await fetch(path, init));
  }

  /** One line for the user from an RFC 9457 problem (or any failed response). */
  function problemText(res) {
    const p = res.json;
    if (p && p.title) {
      const fields = (p.errors || []).map((e) => e.field + ": " + e.reason).join("; ");
      return p.title + (fields ? " - " + fields : (p.detail ? " - " + p.detail : ""));
    }
    return "Request failed (HTTP " + res.status + ")";
  }

  function fractionDigits(currency) {
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
    } catch (e) {
      return 2;
    }
  }

  function money(minor, currency) {
    const digits = fractionDigits(currency);
    const value = minor / Math.pow(10, digits);
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(value);
    } catch (e) {
      return value.toFixed(digits) + " " + currency;
    }
  }

  /** "12.34" in the currency's units to minor units, or null when not a valid amount. */
  function toMinor(text, currency) {
    const digits = fractionDigits(currency);
    const t = String(text).trim();
    const m = t.match(/^(\d{1,12})(?:[.,](\d+))?$/);
    if (!m || (m[2] && m[2].length > digits)) return null;
    return Number(m[1]) * Math.pow(10, digits) + Number((m[2] || "").padEnd(digits, "0") || 0);
  }

  function fileToBase64(file) {
    return new Promise((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
      r.onerror = () => reject(r.error);
      r.readAsDataURL(file);
    });
  }

  /** A webcam on a <video>: start() asks for the camera, frame() returns a PNG of the current frame as base64. */
  function camera(videoElement) {
    let stream = null;
    return {
      available: () => !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia),
      /** The default camera, or the one of `deviceId` (a second, near-infrared camera). */
      async start(deviceId) {
        const video = { width: { ideal: 1280 }, height: { ideal: 720 } };
        if (deviceId) video.deviceId = { exact: deviceId };
        stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
        videoElement.srcObject = stream;
        await videoElement.play();
      },
      stop() {
        if (stream) stream.getTracks().forEach((t) => t.stop());
        stream = null;
        videoElement.srcObject = null;
      },
      running: () => stream !== null,
      frame() {
        const canvas = document.createElement("canvas");
        canvas.width = videoElement.videoWidth;
        canvas.height = videoElement.videoHeight;
        canvas.getContext("2d").drawImage(videoElement, 0, 0);
        return canvas.toDataURL("image/png").replace(/^data:[^,]*,/, "");
      },
    };
  }

  /**
   * The camera's view, the same on the reader, the kiosk and the phone page (static HTML has no
   * includes): the preview, the canvas the hand's landmarks are drawn on and the guidance line, built
   * into each element with data-camera-view; "dual-band" adds the choice of a near-infrared camera.
   * Runs when this file loads (the pages load it at the end of the body, before their own script).
   */
  function buildCameraViews() {
    for (const box of document.querySelectorAll("[data-camera-view]")) {
      box.innerHTML = '<div class="camera-view"><video id="camera-preview" hidden playsinline muted aria-label="Camera preview"></video>'
        + '<canvas id="camera-overlay" hidden aria-hidden="true"></canvas></div>'
        + '<p id="camera-advice" class="advice" role="status" aria-live="polite" hidden></p>'
        + (box.dataset.cameraView === "dual-band"
          ? '<p hidden><label for="nir-camera">Near-infrared camera (dual-band reader)</label> <select id="nir-camera"></select></p>' : "");
    }
  }

  /** Calls onFiles with the files dropped on, or picked through, a drop zone. */
  function dropZone(zone, onFiles) {
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("dragging"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("dragging");
      if (e.dataTransfer && e.dataTransfer.files.length) onFiles(Array.from(e.dataTransfer.files));
    });
  }

  function show(el, visible) {
    el.hidden = !visible;
  }

  /**
   * Opens a terminal page (reader or kiosk) with these credentials: on a key that cannot sign, shows
   * the setup form with the reason and answers null; otherwise hides the setup, shows the page
   * section {@code pageId}, labels it and answers the signing terminal.
   */
  async function openTerminalPage(credentials, pageId, label) {
    const $ = (id) => document.getElementById(id);
    let term;
    try {
      credentials = await credentials; // the credentials, or the promise of their import
      term = await terminal(credentials);
    } catch (e) {
      show($("setup"), true);
      say($("setup-message"), "This key cannot be used for signing (Ed25519 PKCS#8 base64 expected): " + e.message, "bad");
      return null;
    }
    show($("setup"), false);
    show($(pageId), true);
    $("terminal-label").textContent = label + " " + credentials.id;
    return term;
  }

  function say(el, text, kind) {
    el.textContent = text;
    el.className = el.className.replace(/\bmsg-\w+\b/g, "").trim() + (kind ? " msg-" + kind : "");
  }

  /** A photo of the whole hand: its landmarks (MediaPipe Hands) find the palm on any background; null when none or no hand finder. */
  async function landmarksOfFile(file) {
    if (typeof HandLandmarks === "undefined") return null;
    try {
      const hand = await HandLandmarks.detectStill(file);
      return hand ? hand.landmarks : null;
    } catch (e) {
      return null; // the server's contour pipeline still tries
    }
  }

  /**
   * A near-infrared camera beside the visible one (a dual-band reader): offers the video inputs
   * other than the visible camera's in `select` once the camera runs (labels are known only then),
   * and runs the chosen one on a <video> of its own. frameLike(w, h) answers its current frame in that size as
   * PNG base64, or null when none is chosen.
   */
  function nearInfraredCamera(select) {
    if (!select) return { offer: async () => {}, running: () => false, stop() {}, frameLike: () => null, video: () => null };
    // never shown: its frames are taken with the visible ones
    const video = document.createElement("video");
    video.muted = true;
    video.playsInline = true;
    const cam = camera(video);
    async function offer(visibleStream) {
      if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return;
      const visibleId = visibleStream && visibleStream.getVideoTracks()[0] ? visibleStream.getVideoTracks()[0].getSettings().deviceId : "";
      const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput" && d.deviceId !== visibleId);
      select.innerHTML = "";
      const none = document.createElement("option");
      none.value = "";
      none.textContent = "none";
      select.appendChild(none);
      inputs.forEach((d, i) => {
        const o = document.createElement("option");
        o.value = d.deviceId;
        o.textContent = d.label || "camera " + (i + 2);
        select.appendChild(o);
      });
      show(select.parentElement, inputs.length > 0);
    }
    if (select) {
      select.addEventListener("change", async () => {
        cam.stop();
        if (select.value) await cam.start(select.value);
      });
    }
    return {
      offer,
      running: () => cam.running(),
      /** The near-infrared <video> while a camera runs on it, else null (read at each frame: the camera may be chosen later). */
      video: () => (cam.running() ? video : null),
      stop: () => cam.stop(),
      frameLike(width, height) {
        if (!cam.running() || video.readyState < 2) return null;
        const c = document.createElement("canvas");
        c.width = width;
        c.height = height;
        c.getContext("2d").drawImage(video, 0, 0, width, height);
        return c.toDataURL("image/png").replace(/^data:[^,]*,/, "");
      },
    };
  }

  /**
   * The enrolment steps shared by the kiosk and the shopper's phone page: consent, phone proved by a
   * one-time code, card expiry and CVV2, 3 pictures of each palm (files, drag and drop, or the camera
   * with live guidance: landmarks drawn, prompts, the best frame taken by itself, left palm first,
   * then the right once the left hand is out of view), then the enrolment. Each picture is checked by
   * the server with the landmarks the page found; a terminal with a near-infrared camera or files
   * sends each picture's near-infrared frame with the enrolment. The pages differ in:
   *   request(method, path, body, headers): how requests go (signed by the kiosk's key, plain on the phone)
   *   paths: { phoneChecks, check, enrol }
   *   submitting: the message while the enrolment runs
   *   onEnrolled(out): fills the done step
   * Answers { reset }.
   */
  function enrolmentSteps(o) {
    const $ = (id) => document.getElementById(id);
    const CAPTURES_PER_HAND = 3;
    const STEPS = ["consent", "phone", "card", "palms", "done"];
    const CAMERA_PARTS = ["camera-preview", "camera-overlay", "camera-advice", "capture-left", "capture-right", "camera-stop"];
    const cam = camera($("camera-preview"));
    const nir = nearInfraredCamera($("nir-camera"));
    let enrolmentKey = null; // one Idempotency-Key per enrolment attempt with the same data
    let phoneCheck = null; // { id, phone } of the code sent to the phone
    const captures = { left: [], right: [] }; // accepted pictures: { image, landmarks, nir } (base64, points or null, base64 or null)
    let attempts = { left: 0, right: 0 };
    let guide = null;

    function message(text, kind) { say($("message"), text || "", kind); }

    function go(step) {
      for (const s of STEPS) show($("step-" + s), s === step);
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

    /** Checks one picture with the server (which judges the pixels itself, whatever the page found) and keeps it when usable. */
    async function addCapture(hand, image, landmarks, nearInfrared) {
      if (captures[hand].length >= CAPTURES_PER_HAND) {
        note(hand, "Enough pictures of this palm", "ok");
        return;
      }
      const kind = $("image-kind").value;
      const n = ++attempts[hand];
      let res;
      try {
        const check = { palm_image: image, image_kind: kind };
        if (landmarks && kind === "full_hand") check.landmarks = landmarks; // the server cuts the palm from them
        res = await o.request("POST", o.paths.check, JSON.stringify(check));
      } catch (e) {
        note(hand, "Picture " + n + ": cannot reach the server", "bad");
        return;
      }
      if (!res.ok) {
        note(hand, "Picture " + n + ": " + problemText(res), "bad");
        return;
      }
      const r = res.json;
      if (r.accepted) {
        captures[hand].push({ image, landmarks: kind === "full_hand" && landmarks ? landmarks : null, nir: nearInfrared || null });
        $("image-kind").disabled = true; // one kind of picture per enrolment
        let text = "Picture " + n + ": good";
        if (r.hand_side && r.hand_side.toLowerCase() !== hand) text += " (this looks like a " + r.hand_side.toLowerCase() + " hand - please check)";
        note(hand, text, "ok");
      } else {
        note(hand, "Picture " + n + ": " + r.shopper_message, "warn");
      }
      updateCounts();
    }

    /** Picked or dropped files; a hand's near-infrared files (when the page has the input) pair with them in order. */
    async function addFiles(hand, files) {
      const nirInput = $(hand + "-file-nir");
      const nirFiles = nirInput ? Array.from(nirInput.files) : [];
      for (let i = 0; i < files.length; i++) {
        const landmarks = $("image-kind").value === "full_hand" ? await landmarksOfFile(files[i]) : null;
        const nearInfrared = i < nirFiles.length ? await fileToBase64(nirFiles[i]) : null;
        await addCapture(hand, await fileToBase64(files[i]), landmarks, nearInfrared);
      }
      if (nirInput) nirInput.value = "";
    }

    function forgetPhoneCheck() {
      phoneCheck = null;
      $("phone-code").value = "";
      $("phone-code").required = false;
      show($("phone-code-box"), false);
    }

    /** Sends a one-time code to the phone; the enrolment brings it back with the check's id. */
    async function sendCode(phone) {
      let res;
      try {
        res = await o.request("POST", o.paths.phoneChecks, JSON.stringify({ phone: phone }), { "Idempotency-Key": idempotencyKey() });
      } catch (e) {
        message("Cannot reach the server, please try again", "bad");
        return;
      }
      if (res.status !== 201) {
        message(problemText(res), "bad");
        return;
      }
      phoneCheck = { id: res.json.phone_check_id, phone: phone };
      $("phone-code").value = "";
      $("phone-code").required = true;
      show($("phone-code-box"), true);
      message("We sent a 6-digit code to this phone: please type it.", "info");
      $("phone-code").focus();
    }

    async function enrol() {
      if (!enrolmentKey) enrolmentKey = idempotencyKey();
      const chosen = { left: captures.left.slice(0, CAPTURES_PER_HAND), right: captures.right.slice(0, CAPTURES_PER_HAND) };
      const body = {
        phone: $("phone").value.replace(/[\s-]/g, ""),
        phone_check_id: phoneCheck ? phoneCheck.id : "",
        phone_code: $("phone-code").value.trim(),
        card_number: $("card-number").value.replace(/[\s-]/g, ""),
        expiry: $("card-expiry").value.trim(),
        cvv2: $("card-cvv2").value.trim(),
        biometric_consent: $("biometric-consent").checked,
        consent_text_version: $("consent-text").dataset.version,
        left_palm_images: chosen.left.map((c) => c.image),
        right_palm_images: chosen.right.map((c) => c.image),
        image_kind: $("image-kind").value,
      };
      if ($("insights-consent").checked) body.insights_consent = true; // sent only when ticked
      const all = chosen.left.concat(chosen.right);
      if (all.some((c) => c.landmarks)) {
        body.left_palm_landmarks = chosen.left.map((c) => c.landmarks);
        body.right_palm_landmarks = chosen.right.map((c) => c.landmarks);
      }
      // the server pairs each near-infrared frame with its picture: sent only when every picture has one
      if (all.every((c) => c.nir)) {
        body.left_palm_images_nir = chosen.left.map((c) => c.nir);
        body.right_palm_images_nir = chosen.right.map((c) => c.nir);
      }
      $("enrol-submit").disabled = true;
      message(o.submitting, "info");
      let res;
      try {
        res = await o.request("POST", o.paths.enrol, JSON.stringify(body), { "Idempotency-Key": enrolmentKey });
      } catch (e) {
        message("Cannot reach the server, please try again", "bad");
        updateCounts();
        return;
      }
      if (res.status === 201) {
        o.onEnrolled(res.json);
        message("");
        enrolmentKey = null;
        stopCamera();
        go("done");
        return;
      }
      enrolmentKey = null; // the data will change before the next attempt
      message(problemText(res), "bad");
      const fields = ((res.json && res.json.errors) || []).map((e) => e.field);
      if (fields.some((f) => f.startsWith("biometric_consent") || f.startsWith("consent"))) go("consent");
      else if (fields.includes("phone_code") || fields.includes("phone_check_id")) {
        // a wrong code may be typed again; an expired or used-up one needs a new code
        if (!/attempt/.test(problemText(res))) forgetPhoneCheck();
        go("phone");
      } else if (fields.includes("phone") || (res.json && /phone/.test(res.json.type || ""))) go("phone");
      else if (fields.includes("card_number") || fields.includes("expiry") || fields.includes("cvv2")) go("card");
      else if (res.json && /replayed_capture/.test(res.json.type || "")) resetCaptures();
      else updateCounts();
    }

    // The camera with live guidance: MediaPipe Hands finds the hand in each frame, the page says what
    // to do and takes the sharpest good frame by itself; left palm first, then the right.
    function guidedHand() {
      return captures.left.length < CAPTURES_PER_HAND ? "left" : captures.right.length < CAPTURES_PER_HAND ? "right" : null;
    }
    function advise(text, ok) {
      const hand = guidedHand();
      say($("camera-advice"), hand ? (hand === "left" ? "Left palm: " : "Right palm: ") + text : "Both palms done", ok ? "ok" : "warn");
      $("camera-advice").dataset.ok = String(ok);
    }
    function stopCamera() {
      if (guide) guide.stop();
      guide = null;
      cam.stop();
      nir.stop();
      for (const id of CAMERA_PARTS) show($(id), false);
      show($("camera-start"), true);
      $("image-kind").disabled = captures.left.length + captures.right.length > 0;
    }
    /** A frame taken by a button: the visible frame, with the near-infrared camera's frame of the same instant. */
    function buttonFrame() {
      const video = $("camera-preview");
      return { image: cam.frame(), nir: nir.frameLike(video.videoWidth, video.videoHeight) };
    }

    if (!cam.available()) show($("camera-start"), false);
    $("camera-start").addEventListener("click", async () => {
      if (captures.left.length + captures.right.length > 0 && $("image-kind").value !== "full_hand") {
        message("Camera pictures show whole hands: start the pictures again to use the camera.", "warn");
        return;
      }
      try {
        await cam.start();
        $("image-kind").value = "full_hand";
        $("image-kind").disabled = true;
        for (const id of CAMERA_PARTS) show($(id), true);
        show($("camera-start"), false);
        await nir.offer($("camera-preview").srcObject);
        advise("starting the hand finder...", false);
        if (typeof HandLandmarks !== "undefined") {
          guide = HandLandmarks.guide($("camera-preview"), $("camera-overlay"), advise, async (shot) => {
            const hand = guidedHand();
            if (!hand) return stopCamera();
            await addCapture(hand, shot.image, shot.landmarks, shot.nir);
            const next = guidedHand();
            if (!next) stopCamera();
            else if (next !== hand && guide) guide.nextHand(); // the left hand is still in view: wait until it is gone
          }, nir.video);
        }
      } catch (err) {
        message("The camera is not available: " + err.message, "warn");
      }
    });
    $("camera-stop").addEventListener("click", stopCamera);

    $("step-consent").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!$("biometric-consent").checked) {
        message("Please agree to the palm processing to continue; the insights are optional.", "warn");
        return;
      }
      message("");
      go("phone");
    });
    $("step-phone").addEventListener("submit", async (e) => {
      e.preventDefault();
      const phone = $("phone").value.replace(/[\s-]/g, "");
      if (!/^\+[1-9][0-9]{7,14}$/.test(phone)) {
        message("Please enter the number in international format, starting with + and the country code.", "warn");
        return;
      }
      if (!phoneCheck || phoneCheck.phone !== phone) {
        await sendCode(phone);
        return;
      }
      if (!/^[0-9]{6}$/.test($("phone-code").value.trim())) {
        message("Please type the 6-digit code we sent to this phone.", "warn");
        return;
      }
      message("");
      go("card");
    });
    $("phone-resend").addEventListener("click", async () => {
      const phone = $("phone").value.replace(/[\s-]/g, "");
      forgetPhoneCheck();
      await sendCode(phone);
    });
    $("step-card").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!/^(0[1-9]|1[0-2])\/[0-9]{2}$/.test($("card-expiry").value.trim())) {
        message("Please enter the expiry as MM/YY.", "warn");
        return;
      }
      if (!/^[0-9]{3,4}$/.test($("card-cvv2").value.trim())) {
        message("Please enter the 3 or 4 digit security code of the card.", "warn");
        return;
      }
      message("");
      go("palms");
    });
    $("step-palms").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!$("enrol-submit").disabled) enrol();
    });
    $("phone-back").addEventListener("click", () => go("consent"));
    $("card-back").addEventListener("click", () => go("phone"));
    $("palms-back").addEventListener("click", () => go("card"));
    $("palms-reset").addEventListener("click", resetCaptures);

    for (const hand of ["left", "right"]) {
      $(hand + "-file").addEventListener("change", async (e) => {
        const files = Array.from(e.target.files);
        e.target.value = "";
        await addFiles(hand, files);
      });
      dropZone($("drop-" + hand), (files) => addFiles(hand, files));
      $("capture-" + hand).addEventListener("click", () => {
        const f = buttonFrame();
        addCapture(hand, f.image, null, f.nir);
      });
    }
    return { reset };
  }

  buildCameraViews();

  return {
    b64, unb64, sha256Hex, nonce, idempotencyKey, loadCredentials, saveCredentials, forgetCredentials, terminal, openTerminalPage, bearer,
    problemText, money, toMinor, fractionDigits, fileToBase64, camera, dropZone, show, say, readResponse,
    landmarksOfFile, nearInfraredCamera, enrolmentSteps,
  };
})();
