// The kiosk's staff section (issue 17): an age attestation after a document check, and the entry
// consent, each for the enrolled shopper presenting their palm. Signed with the kiosk's key.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  /** The staff form's palm: the visible picture, and the near-infrared one of the same instant when chosen (dual-band reader). */
  async function palm(id) {
    const out = { palm_image: await OpenPalm.fileToBase64($(id).files[0]) };
    const nir = $(id + "-nir").files[0];
    if (nir) out.palm_image_nir = await OpenPalm.fileToBase64(nir);
    return out;
  }

  async function send(path, body) {
    const c = await OpenPalm.loadCredentials();
    const term = await OpenPalm.terminal(c);
    return term.request("POST", path, JSON.stringify(body), { "Idempotency-Key": OpenPalm.idempotencyKey() });
  }

  $("age-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await send("/terminal/v1/age-attestations", { ...(await palm("age-palm")),
      born_on_or_before: $("age-born").value, staff_id: $("age-staff").value.trim(), document_type: $("age-document").value });
    OpenPalm.say($("staff-message"), res.ok ? "Age attested by " + res.json.staff_id + " (born on or before " + res.json.born_on_or_before + ")"
      : OpenPalm.problemText(res), res.ok ? "ok" : "bad");
  });

  $("entry-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await send("/terminal/v1/entry-consents", { ...(await palm("entry-palm")),
      entry_consent: $("entry-consent").checked, consent_text_version: "entry-v1" });
    OpenPalm.say($("staff-message"), res.ok ? "Entry by palm is set up" : OpenPalm.problemText(res), res.ok ? "ok" : "bad");
  });
})();
