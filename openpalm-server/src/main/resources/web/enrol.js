// The shopper's phone page: the kiosk's steps (consent, phone proved by a one-time code, card
// verified with the issuer, 3 pictures of each palm checked by the server, with the camera's live
// guidance) without a terminal key; the steps themselves are OpenPalm.enrolmentSteps (common.js).
// The pre-enrolment is PENDING_CONFIRMATION until the first palm payment at a reader confirms it.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  const steps = OpenPalm.enrolmentSteps({
    // the page is not a terminal: plain JSON requests, limited per client address by the server
    async request(method, path, body, headers) {
      const init = { method, headers: Object.assign({ "Content-Type": "application/json" }, headers || {}) };
      if (body !== undefined) init.body = body;
      return OpenPalm.readResponse(await fetch(path, init));
    },
    paths: { phoneChecks: "/enrol/v1/phone-checks", check: "/enrol/v1/captures/check", enrol: "/enrol/v1/pre-enrolments" },
    submitting: "Checking your card with your bank...",
    onEnrolled(out) {
      $("enrolled-status").textContent = "Pending confirmation at your first palm payment";
      $("enrolled-card").textContent = out.card.brand + " ending " + out.card.last4;
      $("pending-until").textContent = out.expires_at ? new Date(out.expires_at).toLocaleDateString() : "30 days from now";
      $("step-done").dataset.status = out.status;
    },
  });
  steps.reset();
})();
