// How the staff pages (the advisors' console and the demand dashboard) talk to the server: JSON, the
// session cookie, the session's CSRF token on every change, and errors carrying the server's French message.
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

  return { HttpError, api, useCsrfToken };
})();
