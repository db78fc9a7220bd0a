// The dashboard's loyalty and entries panel (issue 17): the programme, members and points, entries per
// day. Uses the API key the dashboard keeps in sessionStorage; loads when the dashboard is shown.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const api = (method, path, body, mutating) => OpenPalm.bearer(sessionStorage.getItem("openpalm.apiKey"), method, path, body, mutating);

  function row(body, cells) {
    const tr = document.createElement("tr");
    cells.forEach(([text, cls]) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.appendChild(td);
    });
    body.appendChild(tr);
    return tr;
  }

  async function load() {
    const [programme, members, entries] = await Promise.all([api("GET", "/v1/loyalty/programme"), api("GET", "/v1/loyalty/members"),
      api("GET", "/v1/entries/daily?days=14")]);
    if (programme.ok) {
      const p = programme.json;
      $("programme-name").value = p.name;
      $("programme-currency").value = p.currency;
      $("programme-points").value = p.points_per_unit;
      $("programme-item").value = p.every_nth_item_free ? p.every_nth_item_free.item : "";
      $("programme-nth").value = p.every_nth_item_free ? p.every_nth_item_free.n : "";
      $("programme-percent").value = p.percent_off || "";
      $("programme-redeem-points").value = p.points_redemption ? p.points_redemption.points : "";
      $("programme-redeem-amount").value = p.points_redemption ? OpenPalm.money(p.points_redemption.discount_minor, p.currency).replace(/[^0-9.,]/g, "") : "";
    }
    if (members.ok) {
      const s = members.json.summary;
      $("loyalty-summary").textContent = s.members + " member(s); points issued " + s.points_issued + ", redeemed " + s.points_redeemed
        + "; discounts given " + OpenPalm.money(s.discounts_minor, programme.ok ? programme.json.currency : "EUR");
      const body = $("members-body");
      body.replaceChildren();
      members.json.members.forEach((m) => {
        row(body, [[m.display_name], [m.customer_id], [m.joined_at.replace("T", " ").slice(0, 16)], [String(m.balance), "num"]]).id = "member-" + m.customer_id;
      });
    }
    if (entries.ok) {
      const body = $("entries-body");
      body.replaceChildren();
      entries.json.days.forEach((d) => row(body, [[d.day], [String(d.allowed), "num"], [String(d.denied), "num"]]));
    }
  }

  $("programme-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const currency = $("programme-currency").value;
    const body = { name: $("programme-name").value.trim(), currency, points_per_unit: Number($("programme-points").value || 0) };
    if ($("programme-item").value.trim()) body.every_nth_item_free = { item: $("programme-item").value.trim(), n: Number($("programme-nth").value) };
    if ($("programme-percent").value) body.percent_off = Number($("programme-percent").value);
    if ($("programme-redeem-points").value) {
      body.points_redemption = { points: Number($("programme-redeem-points").value), discount_minor: OpenPalm.toMinor($("programme-redeem-amount").value, currency) };
    }
    const res = await api("POST", "/v1/loyalty/programme", body, true);
    OpenPalm.say($("loyalty-message"), res.ok ? "Programme " + res.json.name + " saved." : OpenPalm.problemText(res), res.ok ? "ok" : "bad");
    if (res.ok) load();
  });
  $("loyalty-refresh").addEventListener("click", load);
  // the dashboard signs in asynchronously: load once it is shown
  new MutationObserver(() => { if (!$("dashboard").hidden) load(); }).observe($("dashboard"), { attributes: true, attributeFilter: ["hidden"] });
})();
