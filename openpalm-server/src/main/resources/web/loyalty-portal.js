// The portal's loyalty section (issue 17): balances and points history per shop, joining a shop's
// programme. Loads once the account is shown (the portal signs in with its session cookie).
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);

  async function call(method, path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (method !== 'GET') headers['Idempotency-Key'] = crypto.randomUUID();
    const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { ok: res.ok, status: res.status, json: text ? JSON.parse(text) : null };
  }

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  }

  async function load() {
    const res = await call('GET', '/portal/v1/loyalty');
    const list = $('loyalty-list');
    list.replaceChildren();
    if (!res.ok) return;
    if (res.json.memberships.length === 0) list.appendChild(el('p', 'You are not a member of any programme yet.'));
    res.json.memberships.forEach((m) => {
      const box = el('div', undefined, { id: 'loyalty-' + m.membership.merchant_id });
      box.appendChild(el('h3', (m.programme || m.membership.merchant_id) + ': ' + m.balance + ' points'));
      box.appendChild(el('p', 'Member as ' + m.membership.display_name + (m.membership.left_at ? ' (left)' : '') + ' since ' + m.membership.joined_at.slice(0, 10), { class: 'muted' }));
      const table = el('table');
      table.appendChild(el('caption', 'Points history, newest first', { class: 'muted' }));
      const head = el('tr');
      ['Date', 'What', 'Points'].forEach((h) => head.appendChild(el('th', h, { scope: 'col' })));
      table.appendChild(el('thead')).appendChild(head);
      const body = table.appendChild(el('tbody'));
      const words = { EARNED: 'earned', EARNING_REVERSED: 'taken back (refund)', REDEEMED: 'redeemed', REDEMPTION_REVERSED: 'given back (void)' };
      m.history.forEach((h) => {
        const tr = el('tr');
        tr.appendChild(el('td', h.at.slice(0, 16).replace('T', ' ')));
        tr.appendChild(el('td', words[h.kind] || h.kind));
        tr.appendChild(el('td', (h.change > 0 ? '+' : '') + h.change));
        body.appendChild(tr);
      });
      box.appendChild(table);
      list.appendChild(box);
    });
  }

  $('loyalty-join-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await call('POST', '/portal/v1/loyalty/memberships', { merchant_id: $('loyalty-merchant').value.trim(),
      display_name: $('loyalty-name').value.trim(), consent_text_version: 'loyalty-v1' });
    const status = $('status');
    status.textContent = res.ok ? res.json.shopper_message : ((res.json && res.json.detail) || 'Could not join');
    if (res.ok) load();
  });
  new MutationObserver(() => { if (!$('account').hidden) load(); }).observe($('account'), { attributes: true, attributeFilter: ['hidden'] });
})();
