// What the staff pages (the advisors' console and the demand dashboard) share: how they talk to the server
// (JSON, the session cookie, the session's CSRF token on every change, and errors carrying the server's
// French message), and the message area where they say what happened (#message, #message-text, #message-close).
'use strict';

window.BlablaFormServer = (function () {
  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  let csrfToken = '';

  async function api(method, path, body) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new HttpError(0, 'Le serveur ne répond pas : vérifiez votre connexion, puis réessayez.');
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      throw new HttpError(response.status, (data && typeof data.error === 'string' && data.error) || `Erreur ${response.status}.`);
    }
    return data;
  }

  /** The token of the session just opened (or '' once signed out). */
  function useCsrfToken(token) {
    csrfToken = token;
  }

  // ---- The message area ----

  let messageTimer = 0;
  /** Shows a message; 'info' ones go away by themselves after 5 s, 'error' ones stay until closed. */
  function showMessage(text, kind) {
    const area = document.getElementById('message');
    clearTimeout(messageTimer);
    document.getElementById('message-text').textContent = text;
    area.className = `message ${kind}`;
    area.dataset.kind = kind;
    area.hidden = false;
    if (kind === 'info') messageTimer = setTimeout(hideMessage, 5000);
  }
  function hideMessage() {
    clearTimeout(messageTimer);
    document.getElementById('message').hidden = true;
  }
  document.getElementById('message-close').addEventListener('click', hideMessage);

  return { HttpError, api, useCsrfToken, showMessage, hideMessage };
})();
