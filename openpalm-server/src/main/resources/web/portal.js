// Customer portal: sign-in with a one-time code, then the customer's payments, cards, consents and data.
// The session is an HttpOnly cookie; every change sends a fresh Idempotency-Key.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const status = $('status');
  let phone = '';

  function say(text, kind) {
    status.textContent = text;
    status.className = kind || '';
  }

  function problemText(body, fallback) {
    if (body && body.errors && body.errors.length) return body.errors.map((e) => e.field + ' ' + e.reason).join('; ');
    return (body && body.detail) || fallback;
  }

  async function call(method, path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (method === 'POST') headers['Idempotency-Key'] = crypto.randomUUID();
    const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const type = res.headers.get('Content-Type') || '';
    const json = type.includes('json') ? await res.json() : null;
    return { ok: res.ok, status: res.status, json };
  }

  function money(a) {
    return (a.minor / 100).toFixed(2) + ' ' + a.currency;
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
  }

  async function load() {
    const me = await call('GET', '/portal/v1/me');
    if (!me.ok) {
      $('account').hidden = true;
      $('sign-in').hidden = false;
      return false;
    }
    $('sign-in').hidden = true;
    $('account').hidden = false;
    $('profile').textContent = 'Signed in as ' + me.json.phone + ' · palm enrolments held: ' + me.json.palm_enrolments;
    // a pre-enrolment from the phone page waits for its confirmation at the first palm payment
    const pre = await call('GET', '/portal/v1/pre-enrolment');
    const pending = pre.ok && pre.json.status === 'PENDING_CONFIRMATION';
    $('pre-enrolment').hidden = !pending;
    $('pre-enrolment').textContent = pending ? 'Status: PENDING_CONFIRMATION. Pay once with your palm by '
        + new Date(pre.json.expires_at).toLocaleDateString() + ' and type the last 4 digits of your phone to confirm ('
        + pre.json.failed_confirmations + ' of ' + pre.json.max_failed_confirmations + ' failed tries).' : '';

    const payments = await call('GET', '/portal/v1/payments');
    const rows = $('payment-rows');
    rows.replaceChildren();
    for (const p of payments.json.payments) {
      const tr = document.createElement('tr');
      cell(tr, new Date(p.created_at).toLocaleString());
      cell(tr, money(p.amount));
      cell(tr, p.status);
      cell(tr, p.refunded.minor ? money(p.refunded) : '');
      rows.appendChild(tr);
    }
    if (!payments.json.payments.length) {
      const tr = document.createElement('tr');
      cell(tr, 'No payments yet');
      rows.appendChild(tr);
    }

    const cards = await call('GET', '/portal/v1/cards');
    $('card-list').replaceChildren(...cards.json.cards.map((c) => {
      const li = document.createElement('li');
      li.textContent = c.brand + ' ending ' + c.last4 + ', added ' + new Date(c.added_at).toLocaleDateString() + (c.is_default ? ' (used for palm payments)' : '');
      return li;
    }));

    const consents = await call('GET', '/portal/v1/consents');
    const byKind = {};
    $('consent-list').replaceChildren(...consents.json.consents.map((c) => {
      byKind[c.kind] = c;
      const li = document.createElement('li');
      const name = c.kind === 'BIOMETRIC_PROCESSING' ? 'Biometric processing' : 'Shopping insights';
      li.textContent = name + ': ' + (c.active ? 'given' : 'withdrawn ' + new Date(c.withdrawn_at).toLocaleString())
        + ' (text ' + c.text_version + ', ' + c.channel.toLowerCase() + ', ' + new Date(c.granted_at).toLocaleDateString() + ')';
      return li;
    }));
    const insightsOn = byKind.SHOPPING_INSIGHTS && byKind.SHOPPING_INSIGHTS.active;
    $('grant-insights').hidden = !!insightsOn;
    $('withdraw-insights').hidden = !insightsOn;
    $('withdraw-biometric').hidden = !(byKind.BIOMETRIC_PROCESSING && byKind.BIOMETRIC_PROCESSING.active);
    return true;
  }

  async function change(path, body, done) {
    const r = await call('POST', path, body);
    if (r.status === 401) {
      say('Your session has ended; sign in again.', 'bad');
    } else if (!r.ok) {
      say(problemText(r.json, 'That did not work (' + r.status + ').'), 'bad');
    } else {
      say(done, 'ok');
    }
    await load();
  }

  $('code-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    phone = $('phone').value.trim();
    const r = await call('POST', '/portal/v1/sign-in/code', { phone });
    if (r.ok) {
      say('If this number is enrolled, a code is on its way. It is valid for ' + Math.round(r.json.expires_in_seconds / 60) + ' minutes.', 'ok');
      $('verify-form').hidden = false;
      $('code').focus();
    } else {
      say(problemText(r.json, 'Could not send a code.'), 'bad');
    }
  });

  $('verify-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await fetch('/portal/v1/sign-in', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
      body: JSON.stringify({ phone, code: $('code').value.trim() })
    });
    const json = await res.json();
    if (!res.ok) {
      say(problemText(json, 'Sign-in failed.') + (json.detail ? ' – ' + json.detail : ''), 'bad');
      return;
    }
    $('code').value = '';
    $('verify-form').hidden = true;
    say('Signed in.', 'ok');
    await load();
    $('payments-title').focus();
  });

  $('sign-out').addEventListener('click', async () => {
    await call('POST', '/portal/v1/sign-out');
    say('Signed out.', 'ok');
    await load();
  });

  $('grant-insights').addEventListener('click', () =>
    change('/portal/v1/consents/shopping-insights', { text_version: 'insights-v1' }, 'Shopping insights are on.'));
  $('withdraw-insights').addEventListener('click', () =>
    change('/portal/v1/consents/shopping-insights/withdraw', {}, 'Shopping insights are off; you are left out of the next insights.'));
  $('withdraw-biometric').addEventListener('click', () => {
    if (!window.confirm('Withdraw biometric consent? Your palm data is deleted at once and palm payment stops.')) return;
    change('/portal/v1/consents/biometric-processing/withdraw', {}, 'Biometric consent withdrawn; your palm data is deleted.');
  });

  $('erase-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!$('erase-confirm').checked) {
      say('Tick the box to confirm.', 'bad');
      return;
    }
    $('erase-confirm').checked = false;
    change('/portal/v1/erasure', { confirm: true }, 'Your palm data is deleted.');
  });

  $('export').addEventListener('click', async () => {
    const res = await fetch('/portal/v1/export', { credentials: 'same-origin' });
    if (!res.ok) {
      say('Could not export your data (' + res.status + ').', 'bad');
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'openpalm-my-data.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
    say('Your data has been downloaded.', 'ok');
  });

  document.querySelectorAll('h2').forEach((h) => h.setAttribute('tabindex', '-1'));
  load();
})();
