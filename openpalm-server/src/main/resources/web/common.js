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
  function camera(video) {
    let stream = null;
    return {
      available: () => !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia),
      async start() {
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
        video.srcObject = stream;
        await video.play();
      },
      stop() {
        if (stream) stream.getTracks().forEach((t) => t.stop());
        stream = null;
        video.srcObject = null;
      },
      running: () => stream !== null,
      frame() {
        const canvas = document.createElement("canvas");
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext("2d").drawImage(video, 0, 0);
        return canvas.toDataURL("image/png").replace(/^data:[^,]*,/, "");
      },
    };
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

  /**
   * Wires the enrolment steps shared by the kiosk and the shopper's phone page: consent, phone proved by a
   * one-time code, card expiry and CVV2, palms, the back buttons and each hand's file, drop and capture.
   * The pages differ in how they send the code and enrol, so those come in as callbacks; phoneCheck is a
   * getter because the page replaces its check object when a new code is sent.
   */
  function enrolmentSteps(p) {
    const $ = (id) => document.getElementById(id);
    $("step-consent").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!$("biometric-consent").checked) {
        p.message("Please agree to the palm processing to continue; the insights are optional.", "warn");
        return;
      }
      p.message("");
      p.go("phone");
    });
    $("step-phone").addEventListener("submit", async (e) => {
      e.preventDefault();
      const phone = $("phone").value.replace(/[\s-]/g, "");
      if (!/^\+[1-9][0-9]{7,14}$/.test(phone)) {
        p.message("Please enter the number in international format, starting with + and the country code.", "warn");
        return;
      }
      const check = p.phoneCheck();
      if (!check || check.phone !== phone) {
        await p.sendCode(phone);
        return;
      }
      if (!/^[0-9]{6}$/.test($("phone-code").value.trim())) {
        p.message("Please type the 6-digit code we sent to this phone.", "warn");
        return;
      }
      p.message("");
      p.go("card");
    });
    $("phone-resend").addEventListener("click", async () => {
      const phone = $("phone").value.replace(/[\s-]/g, "");
      p.forgetPhoneCheck();
      await p.sendCode(phone);
    });
    $("step-card").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!/^(0[1-9]|1[0-2])\/[0-9]{2}$/.test($("card-expiry").value.trim())) {
        p.message("Please enter the expiry as MM/YY.", "warn");
        return;
      }
      if (!/^[0-9]{3,4}$/.test($("card-cvv2").value.trim())) {
        p.message("Please enter the 3 or 4 digit security code of the card.", "warn");
        return;
      }
      p.message("");
      p.go("palms");
    });
    $("step-palms").addEventListener("submit", (e) => {
      e.preventDefault();
      if (!$("enrol-submit").disabled) p.enrol();
    });
    $("phone-back").addEventListener("click", () => p.go("consent"));
    $("card-back").addEventListener("click", () => p.go("phone"));
    $("palms-back").addEventListener("click", () => p.go("card"));
    $("palms-reset").addEventListener("click", p.resetCaptures);

    for (const hand of ["left", "right"]) {
      $(hand + "-file").addEventListener("change", async (e) => {
        const files = Array.from(e.target.files);
        e.target.value = "";
        await p.addFiles(hand, files);
      });
      dropZone($("drop-" + hand), (files) => p.addFiles(hand, files));
      $("capture-" + hand).addEventListener("click", () => p.addCapture(hand, p.frame()));
    }
  }

  return {
    b64, unb64, sha256Hex, nonce, idempotencyKey, loadCredentials, saveCredentials, forgetCredentials, terminal, openTerminalPage, bearer,
    problemText, money, toMinor, fractionDigits, fileToBase64, camera, dropZone, show, say, readResponse,
    enrolmentSteps,
  };
})();
