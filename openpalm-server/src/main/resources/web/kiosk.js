// The enrolment kiosk: the steps of OpenPalm.enrolmentSteps (common.js: consent, phone proved by a
// one-time code, card verified with the issuer, pictures of both palms with the camera's live
// guidance or files, each checked by the server, then the enrolment), every request signed by the
// kiosk's terminal key.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let term = null;

  function maskId(id) {
    return id.slice(0, 4) + "..." + id.slice(-4);
  }

  const steps = OpenPalm.enrolmentSteps({
    request: (method, path, body, headers) => term.request(method, path, body, headers),
    paths: { phoneChecks: "/terminal/v1/enrolments/phone-checks", check: "/terminal/v1/captures/check", enrol: "/terminal/v1/enrolments" },
    submitting: "Signing you up...",
    onEnrolled(out) {
      $("enrolled-customer").textContent = maskId(out.customer_id);
      $("enrolled-card").textContent = out.card.brand + " ending " + out.card.last4;
    },
  });

  async function start(credentials) {
    term = await OpenPalm.openTerminalPage(credentials, "kiosk", "Kiosk");
    if (term) steps.reset();
  }

  $("credentials-form").addEventListener("submit", (e) => {
    e.preventDefault();
    start(OpenPalm.saveCredentials($("terminal-id").value, $("terminal-key").value));
  });
  $("forget-credentials").addEventListener("click", () => {
    OpenPalm.forgetCredentials().finally(() => location.reload());
  });
  $("enrol-another").addEventListener("click", steps.reset);

  // a key that cannot be imported goes to start as a rejected promise: the setup form shows why
  OpenPalm.loadCredentials().then((c) => (c ? start(c) : OpenPalm.show($("setup"), true)), (e) => start(Promise.reject(e)));
})();
