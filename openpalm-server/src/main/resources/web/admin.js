// The operator console: onboard merchants, register stores, and terminals whose key pair the
// server makes (the private key is shown once, with ready-made reader and kiosk links).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "openpalm.adminToken";
  let token = null;
  let selected = null; // merchant id

  const api = (method, path, body, mutating) => OpenPalm.bearer(token, method, path, body, mutating);

  async function signIn(t) {
    token = t;
    const res = await api("GET", "/admin/v1/merchants");
    if (!res.ok) {
      token = null;
      sessionStorage.removeItem(TOKEN);
      OpenPalm.say($("signin-message"), res.status === 401 ? "This admin token is not valid." : OpenPalm.problemText(res), "bad");
      return;
    }
    sessionStorage.setItem(TOKEN, t);
    OpenPalm.say($("signin-message"), "");
    OpenPalm.show($("signin"), false);
    OpenPalm.show($("admin"), true);
    OpenPalm.show($("admin-signout"), true);
    showMerchants(res.json.merchants);
    $("merchant-name").focus();
  }

  async function loadMerchants() {
    const res = await api("GET", "/admin/v1/merchants");
    if (res.ok) showMerchants(res.json.merchants);
  }

  function showMerchants(merchants) {
    const body = $("merchants-body");
    body.innerHTML = "";
    for (const m of merchants) {
      const tr = document.createElement("tr");
      tr.id = "merchant-" + m.merchant_id;
      for (const text of [m.name, m.merchant_id]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      const td = document.createElement("td");
      const b = document.createElement("button");
      b.type = "button";
      b.id = "select-" + m.merchant_id;
      b.className = "secondary";
      b.textContent = "Stores and terminals";
      b.setAttribute("aria-label", "Stores and terminals of " + m.name);
      b.addEventListener("click", () => selectMerchant(m.merchant_id));
      td.appendChild(b);
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  async function selectMerchant(id) {
    selected = id;
    const res = await api("GET", "/admin/v1/merchants/" + id);
    if (!res.ok) {
      OpenPalm.say($("store-message"), OpenPalm.problemText(res), "bad");
      return;
    }
    const m = res.json;
    $("merchant-name-shown").textContent = m.name;
    $("merchant-id-shown").textContent = m.merchant_id;
    const body = $("stores-body");
    body.innerHTML = "";
    const select = $("terminal-store");
    select.innerHTML = "";
    for (const s of m.stores) {
      const tr = document.createElement("tr");
      const terminals = m.terminals.filter((t) => t.store_id === s.store_id).map((t) => t.terminal_id).join(", ") || "none";
      for (const text of [s.name, s.store_id, terminals]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      body.appendChild(tr);
      const o = document.createElement("option");
      o.value = s.store_id;
      o.textContent = s.name;
      select.appendChild(o);
    }
    $("terminal-submit").disabled = m.stores.length === 0;
    OpenPalm.show($("merchant-panel"), true);
    $("merchant-title").scrollIntoView();
    $("store-name").focus();
  }

  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn($("admin-token").value.trim());
  });
  $("admin-signout").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  });

  $("onboard-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await api("POST", "/admin/v1/merchants", { name: $("merchant-name").value.trim() }, true);
    if (res.status === 201) {
      $("onboarded-id").textContent = res.json.merchant_id;
      $("onboarded-key").textContent = res.json.api_key;
      OpenPalm.show($("onboard-result"), true);
      OpenPalm.say($("onboard-message"), "Onboarded " + res.json.name + ".", "ok");
      $("merchant-name").value = "";
      await loadMerchants();
      await selectMerchant(res.json.merchant_id);
    } else {
      OpenPalm.say($("onboard-message"), OpenPalm.problemText(res), "bad");
    }
  });

  $("store-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await api("POST", "/admin/v1/merchants/" + selected + "/stores", { name: $("store-name").value.trim() }, true);
    if (res.status === 201) {
      OpenPalm.say($("store-message"), "Store " + res.json.name + " registered (" + res.json.store_id + ").", "ok");
      $("store-name").value = "";
      await selectMerchant(selected);
      $("terminal-store").value = res.json.store_id;
    } else {
      OpenPalm.say($("store-message"), OpenPalm.problemText(res), "bad");
    }
  });

  $("terminal-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const store = $("terminal-store").value;
    const role = $("terminal-role").value;
    const res = await api("POST", "/admin/v1/merchants/" + selected + "/terminals", { store_id: store, role: role }, true);
    if (res.status === 201) {
      const t = res.json;
      // the terminal pages are on the public listener, not on this admin one: same host, its port
      const publicPort = res.headers.get("OpenPalm-Public-Port");
      const origin = publicPort ? location.protocol + "//" + location.hostname + ":" + publicPort : location.origin;
      $("new-terminal-id").textContent = t.terminal_id;
      $("new-terminal-key").value = t.private_key;
      // only the page of the terminal's role: a kiosk enrols, a reader or gate takes palms
      for (const [id, path] of [["reader-url", t.reader_path], ["kiosk-url", t.kiosk_path]]) {
        $(id).href = path ? origin + path : "#";
        $(id).textContent = path ? origin + path : "";
        OpenPalm.show($(id).closest("li") || $(id), Boolean(path));
      }
      OpenPalm.show($("terminal-result"), true);
      OpenPalm.say($("terminal-message"), "Terminal " + t.terminal_id + " registered.", "ok");
      await selectMerchant(selected);
      $("terminal-store").value = store;
      $("new-terminal-key").focus();
    } else {
      OpenPalm.say($("terminal-message"), OpenPalm.problemText(res), "bad");
    }
  });

  const stored = sessionStorage.getItem(TOKEN);
  if (stored) signIn(stored);
})();
