// The merchant dashboard: payments (filters, keyset pages, capture/void/refund), the till,
// daily charts (inline SVG), settlement CSV, terminals and API keys. The API key lives in
// sessionStorage only (gone when the tab closes).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const KEY = "openpalm.apiKey";
  const PAGE = 25;
  let apiKey = null;
  let nextAfter = null;
  let refunding = null; // the payment being refunded

  const api = (method, path, body, mutating) => OpenPalm.bearer(apiKey, method, path, body, mutating);
  const todayUtc = () => new Date().toISOString().slice(0, 10);
  const daysAgoUtc = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

  function cell(row, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function button(label, id, onClick, cls) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.id = id;
    if (cls) b.className = cls;
    b.addEventListener("click", onClick);
    return b;
  }

  // ---- sign in ----

  async function signIn(key) {
    apiKey = key;
    const res = await api("GET", "/v1/terminals");
    if (!res.ok) {
      apiKey = null;
      sessionStorage.removeItem(KEY);
      OpenPalm.show($("signin"), true);
      OpenPalm.show($("dashboard"), false);
      OpenPalm.say($("signin-message"), res.status === 401 ? "This API key is not valid (or was revoked)." : OpenPalm.problemText(res), "bad");
      return;
    }
    sessionStorage.setItem(KEY, key);
    OpenPalm.say($("signin-message"), "");
    OpenPalm.show($("signin"), false);
    OpenPalm.show($("dashboard"), true);
    OpenPalm.show($("signout"), true);
    showTerminals(res.json.terminals);
    $("daily-from").value = daysAgoUtc(13);
    $("daily-to").value = todayUtc();
    $("settlement-date").value = todayUtc();
    await Promise.all([loadPayments(true), loadDaily(), loadKeys()]);
    $("till-amount").focus();
  }

  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn($("api-key").value.trim());
  });
  $("signout").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    location.reload();
  });

  // ---- terminals and the till ----

  function showTerminals(terminals) {
    const body = $("terminals-body");
    body.innerHTML = "";
    const till = $("till-terminal");
    const filter = $("filter-terminal");
    till.innerHTML = "";
    filter.innerHTML = "<option value=\"\">Any</option>";
    for (const t of terminals) {
      const tr = document.createElement("tr");
      cell(tr, t.terminal_id);
      cell(tr, t.store_name);
      body.appendChild(tr);
      for (const select of [till, filter]) {
        const o = document.createElement("option");
        o.value = t.terminal_id;
        o.textContent = t.store_name + " - " + t.terminal_id;
        select.appendChild(o);
      }
    }
    if (terminals.length === 0) {
      const o = document.createElement("option");
      o.value = "";
      o.textContent = "No terminals yet";
      till.appendChild(o);
    }
  }

  $("till-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const currency = $("till-currency").value;
    const minor = OpenPalm.toMinor($("till-amount").value, currency);
    if (minor === null || minor <= 0) {
      OpenPalm.say($("till-result"), "Enter a positive amount, e.g. 12.50", "bad");
      $("till-amount").focus();
      return;
    }
    const res = await api("POST", "/v1/payments", { amount: { minor, currency }, terminal_id: $("till-terminal").value, capture_method: $("till-capture").value }, true);
    if (res.status === 201) {
      const p = res.json;
      OpenPalm.say($("till-result"), "Payment " + p.id + " of " + OpenPalm.money(minor, currency) + " waits on the reader " + p.terminal_id + ".", "ok");
      $("till-result").dataset.paymentId = p.id;
      $("till-amount").value = "";
      loadPayments(true);
      watchTill(p);
    } else {
      OpenPalm.say($("till-result"), OpenPalm.problemText(res), "bad");
    }
  });

  let watched = null; // the till's latest payment, followed until the reader has an answer

  /** Follows the till's payment so the cashier sees the reader's answer without reloading. */
  async function watchTill(p) {
    watched = p.id;
    let last = null;
    const TILL_WATCH_MILLIS = 5 * 60 * 1000;
    const until = Date.now() + TILL_WATCH_MILLIS;
    while (watched === p.id && Date.now() < until) {
      const res = await api("GET", "/v1/payments/" + p.id);
      if (!res.ok) return;
      const status = res.json.status;
      if (status !== last) {
        last = status;
        const words = {
          CREATED: "waiting for the shopper's palm", AWAITING_PALM: "reading the palm", HINT_NEEDED: "the shopper is typing the phone digits",
          AUTHORISED: "approved", DECLINED: "declined" + (res.json.decline ? ": " + res.json.decline.reason : ""), CAPTURED: "captured", VOIDED: "cancelled",
        };
        OpenPalm.say($("till-status"), "Payment " + p.id + ": " + (words[status] || status), status === "AUTHORISED" || status === "CAPTURED" ? "ok" : (status === "DECLINED" ? "bad" : "info"));
        $("till-status").dataset.status = status;
        const row = $("payment-" + p.id);
        if (row) row.replaceWith(paymentRow(res.json));
      }
      if (status === "AUTHORISED" || status === "DECLINED" || status === "VOIDED" || status === "CAPTURED") return;
      await new Promise((r) => setTimeout(r, 1500));
    }
  }

  // ---- payments ----

  function filterQuery() {
    const q = new URLSearchParams();
    if ($("filter-status").value) q.set("status", $("filter-status").value);
    if ($("filter-from").value) q.set("from", $("filter-from").value);
    if ($("filter-to").value) q.set("to", $("filter-to").value);
    if ($("filter-terminal").value) q.set("terminal_id", $("filter-terminal").value);
    q.set("limit", String(PAGE));
    return q;
  }

  async function loadPayments(fresh) {
    const q = filterQuery();
    if (!fresh && nextAfter) q.set("after", nextAfter);
    const res = await api("GET", "/v1/payments?" + q.toString());
    if (!res.ok) {
      OpenPalm.say($("payments-message"), OpenPalm.problemText(res), "bad");
      return;
    }
    if (fresh) $("payments-body").innerHTML = "";
    for (const p of res.json.payments) $("payments-body").appendChild(paymentRow(p));
    nextAfter = res.json.next_after || null;
    OpenPalm.show($("payments-more"), !!nextAfter);
    const shown = $("payments-body").children.length;
    OpenPalm.say($("payments-message"), shown === 0 ? "No payments match." : shown + " payment(s) shown" + (nextAfter ? "; more below." : "."), "info");
  }

  function paymentRow(p) {
    const tr = document.createElement("tr");
    tr.id = "payment-" + p.id;
    tr.dataset.status = p.status;
    const money = (a) => OpenPalm.money(a.minor, a.currency);
    cell(tr, p.created_at.replace("T", " ").slice(0, 19));
    cell(tr, p.id);
    cell(tr, p.terminal_id);
    cell(tr, money(p.amount), "num");
    cell(tr, p.status + (p.decline ? " (" + p.decline.reason + ")" : ""));
    cell(tr, money(p.captured), "num");
    cell(tr, money(p.refunded), "num");
    const actions = cell(tr, "");
    if (p.status === "AUTHORISED") {
      actions.appendChild(button("Capture", "capture-" + p.id, () => act(p, "capture")));
      actions.appendChild(button("Void", "void-" + p.id, () => act(p, "void"), "secondary"));
    } else if (p.status === "CREATED" || p.status === "AWAITING_PALM" || p.status === "HINT_NEEDED") {
      actions.appendChild(button("Cancel", "void-" + p.id, () => act(p, "void"), "secondary"));
    } else if (p.status === "CAPTURED" && p.refunded.minor < p.captured.minor) {
      actions.appendChild(button("Refund", "refund-" + p.id, () => openRefund(p), "secondary"));
    }
    return tr;
  }

  async function act(p, action) {
    const res = await api("POST", "/v1/payments/" + p.id + "/" + action, undefined, true);
    if (res.ok) {
      $("payment-" + p.id).replaceWith(paymentRow(res.json));
      OpenPalm.say($("payments-message"), "Payment " + p.id + ": " + res.json.status + ".", "ok");
    } else {
      OpenPalm.say($("payments-message"), "Payment " + p.id + ": " + OpenPalm.problemText(res), "bad");
    }
  }

  function openRefund(p) {
    refunding = p;
    $("refund-payment").textContent = p.id;
    const digits = OpenPalm.fractionDigits(p.amount.currency);
    const refundable = p.captured.minor - p.refunded.minor;
    $("refund-amount").value = digits > 0 ? (refundable / Math.pow(10, digits)).toFixed(digits) : String(refundable);
    OpenPalm.show($("refund-form"), true);
    $("refund-amount").focus();
  }

  $("refund-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const p = refunding;
    const minor = OpenPalm.toMinor($("refund-amount").value, p.amount.currency);
    if (minor === null || minor <= 0) {
      OpenPalm.say($("payments-message"), "Enter a positive refund amount", "bad");
      return;
    }
    const res = await api("POST", "/v1/payments/" + p.id + "/refunds", { amount: { minor, currency: p.amount.currency } }, true);
    if (res.ok) {
      $("payment-" + p.id).replaceWith(paymentRow(res.json));
      OpenPalm.say($("payments-message"), "Refunded " + OpenPalm.money(minor, p.amount.currency) + " on " + p.id + ".", "ok");
      OpenPalm.show($("refund-form"), false);
    } else {
      OpenPalm.say($("payments-message"), OpenPalm.problemText(res), "bad");
    }
  });
  $("refund-cancel").addEventListener("click", () => OpenPalm.show($("refund-form"), false));
  $("filter-form").addEventListener("submit", (e) => {
    e.preventDefault();
    loadPayments(true);
  });
  $("payments-more").addEventListener("click", () => loadPayments(false));

  // ---- reports ----

  const SVG = "http://www.w3.org/2000/svg";

  function svgEl(name, attrs, text) {
    const el = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** A bar chart of values (0..max) with one label per bar; colours pass AA contrast on white. */
  function barChart(svg, labels, values, max, format, colour) {
    svg.innerHTML = "";
    const w = 640, h = 220, left = 56, bottom = 40, top = 12;
    const plotH = h - bottom - top;
    svg.appendChild(svgEl("line", { x1: left, y1: top + plotH, x2: w - 8, y2: top + plotH, stroke: "#333" }));
    svg.appendChild(svgEl("text", { x: left - 6, y: top + 10, "text-anchor": "end" }, format(max)));
    svg.appendChild(svgEl("text", { x: left - 6, y: top + plotH, "text-anchor": "end" }, format(0)));
    if (values.length === 0) {
      svg.appendChild(svgEl("text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, "No payments in this period"));
      return;
    }
    const slot = (w - left - 8) / values.length;
    values.forEach((v, i) => {
      const bh = max > 0 ? (v / max) * plotH : 0;
      const x = left + i * slot + slot * 0.15;
      const bar = svgEl("rect", { x, y: top + plotH - bh, width: Math.max(1, slot * 0.7), height: bh, fill: colour });
      bar.appendChild(svgEl("title", {}, labels[i] + ": " + format(v)));
      svg.appendChild(bar);
      if (values.length <= 16 || i % Math.ceil(values.length / 16) === 0) {
        svg.appendChild(svgEl("text", { x: x + slot * 0.35, y: h - bottom + 16, "text-anchor": "middle" }, labels[i].slice(5)));
      }
    });
  }

  async function loadDaily() {
    const from = $("daily-from").value, to = $("daily-to").value;
    const res = await api("GET", "/v1/reports/daily?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to));
    if (!res.ok) {
      OpenPalm.say($("daily-message"), OpenPalm.problemText(res), "bad");
      return;
    }
    const days = res.json.days;
    const currencies = [...new Set(days.map((d) => d.currency))];
    const currency = currencies[0] || "EUR";
    // one bar per calendar day, empty days included, in the first currency (others are in the table)
    const labels = [];
    for (let d = new Date(from + "T00:00:00Z"); d <= new Date(to + "T00:00:00Z"); d = new Date(d.getTime() + 86400000)) {
      labels.push(d.toISOString().slice(0, 10));
    }
    const byDay = Object.fromEntries(days.filter((d) => d.currency === currency).map((d) => [d.date, d]));
    const volumes = labels.map((l) => (byDay[l] ? byDay[l].approved_minor : 0));
    const rates = labels.map((l) => (byDay[l] ? byDay[l].approval_rate : 0));
    barChart($("volume-chart"), labels, volumes, Math.max(1, ...volumes), (v) => OpenPalm.money(v, currency), "#0b5394");
    barChart($("approval-chart"), labels, rates, 1, (v) => Math.round(v * 100) + "%", "#0a6b2c");
    const body = $("daily-body");
    body.innerHTML = "";
    for (const d of days) {
      const tr = document.createElement("tr");
      cell(tr, d.date);
      cell(tr, String(d.approved), "num");
      cell(tr, String(d.declined), "num");
      cell(tr, Math.round(d.approval_rate * 1000) / 10 + "%", "num");
      cell(tr, OpenPalm.money(d.approved_minor, d.currency), "num");
      body.appendChild(tr);
    }
    OpenPalm.say($("daily-message"), days.length === 0 ? "No decided payments in this period." : days.length + " day(s) with payments" +
      (currencies.length > 1 ? "; charts show " + currency + " only." : "."), "info");
  }

  $("daily-form").addEventListener("submit", (e) => {
    e.preventDefault();
    loadDaily();
  });

  $("settlement-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const date = $("settlement-date").value;
    const res = await api("GET", "/v1/reports/settlement.csv?date=" + encodeURIComponent(date));
    if (!res.ok) {
      OpenPalm.say($("settlement-message"), OpenPalm.problemText(res), "bad");
      return;
    }
    const url = URL.createObjectURL(new Blob([res.text], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "settlement-" + date + ".csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    const rows = res.text.trim().split(/\r?\n/).length - 1;
    OpenPalm.say($("settlement-message"), "Downloaded settlement-" + date + ".csv (" + rows + " line(s)).", "ok");
  });

  // ---- API keys ----

  async function loadKeys() {
    const res = await api("GET", "/v1/api-keys");
    if (!res.ok) {
      OpenPalm.say($("keys-message"), OpenPalm.problemText(res), "bad");
      return;
    }
    const body = $("keys-body");
    body.innerHTML = "";
    for (const k of res.json.api_keys) {
      const tr = document.createElement("tr");
      tr.id = "key-" + k.id;
      cell(tr, k.prefix + "...");
      cell(tr, k.created_at.replace("T", " ").slice(0, 19));
      cell(tr, k.active ? "active" : "revoked " + k.revoked_at.replace("T", " ").slice(0, 19));
      const actions = cell(tr, "");
      if (k.active) {
        // two clicks: the first asks for confirmation in place (no dialog), the second revokes
        const b = button("Revoke", "revoke-" + k.id, () => {
          if (b.dataset.armed === "true") return revoke(k);
          b.dataset.armed = "true";
          b.textContent = "Confirm: revoke " + k.prefix + "...";
          OpenPalm.say($("keys-message"), "Press again to revoke " + k.prefix + "...; programs using it will stop working.", "warn");
        }, "danger");
        actions.appendChild(b);
      }
      body.appendChild(tr);
    }
  }

  async function revoke(k) {
    const res = await api("POST", "/v1/api-keys/" + k.id + "/revoke", undefined, true);
    if (res.ok) {
      OpenPalm.say($("keys-message"), "Key " + k.prefix + "... revoked.", "ok");
      if (apiKey.startsWith(k.prefix) && k.prefix.length > 4) {
        const still = await api("GET", "/v1/api-keys");
        if (still.status === 401) {
          sessionStorage.removeItem(KEY);
          location.reload();
          return;
        }
      }
      loadKeys();
    } else {
      OpenPalm.say($("keys-message"), OpenPalm.problemText(res), "bad");
    }
  }

  $("key-create").addEventListener("click", async () => {
    const res = await api("POST", "/v1/api-keys", undefined, true);
    if (res.status === 201) {
      $("new-key").textContent = res.json.api_key;
      OpenPalm.show($("new-key-box"), true);
      OpenPalm.say($("keys-message"), "New key " + res.json.prefix + "... created.", "ok");
      loadKeys();
    } else {
      OpenPalm.say($("keys-message"), OpenPalm.problemText(res), "bad");
    }
  });

  const stored = sessionStorage.getItem(KEY);
  if (stored) signIn(stored);
})();
