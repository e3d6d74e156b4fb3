// The BlablaForm chat: Microsoft's Web Chat (webchat.js, served by the bot) on the bot's own Direct Line
// (bots/directline/), polling. The bot's page uses it, and so can other sites: it talks to the server it
// was loaded from and renders into the element named by the script's data-target (default: #webchat).
(function () {
  'use strict';

  var script = document.currentScript;
  var origin = new URL(script.src, window.location.href).origin;
  var domain = origin + '/v3/directline';
  var target = document.getElementById(script.getAttribute('data-target') || 'webchat');
  var SAVED = 'blablaform.conversation';
  var UNAVAILABLE = 'La conversation ne peut pas s’ouvrir pour le moment. Réessayez dans quelques minutes.';

  function post(path, token) {
    return fetch(domain + path, { method: 'POST', headers: token ? { Authorization: 'Bearer ' + token } : {} }).then(function (response) {
      if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
      return response.json();
    });
  }

  // Storage can be refused (private browsing, third-party frames): the chat then simply starts afresh.
  function read() {
    try {
      return JSON.parse(window.sessionStorage.getItem(SAVED) || 'null');
    } catch (e) {
      return null;
    }
  }
  function save(directLine) {
    try {
      if (directLine.conversationId) {
        window.sessionStorage.setItem(SAVED, JSON.stringify({ token: directLine.token, conversationId: directLine.conversationId }));
      }
    } catch (e) {
      /* nothing to keep, nothing lost */
    }
  }

  // A reloaded page (phones reload often) carries on with its conversation; closing the tab forgets it.
  function session() {
    var previous = read();
    var resumed = previous
      ? post('/tokens/refresh', previous.token).catch(function () {
          return null;
        })
      : Promise.resolve(null);
    return resumed.then(function (refreshed) {
      if (refreshed) return { token: refreshed.token, conversationId: refreshed.conversationId };
      return post('/tokens/generate').then(function (fresh) {
        return { token: fresh.token };
      });
    });
  }

  function unavailable() {
    target.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'blabla-notice';
    p.setAttribute('role', 'alert');
    p.textContent = UNAVAILABLE;
    target.appendChild(p);
  }

  if (!target) return;
  if (!window.WebChat) return unavailable();

  session().then(function (options) {
    var directLine = window.WebChat.createDirectLine({
      domain: domain,
      token: options.token,
      conversationId: options.conversationId,
      // The bot's Direct Line answers polls; it has no WebSocket stream.
      webSocket: false,
    });
    directLine.connectionStatus$.subscribe(function (status) {
      if (status === 2 /* online */) save(directLine);
    });
    window.addEventListener('pagehide', function () {
      save(directLine);
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: 'fr-FR',
        styleOptions: {
          primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
          accent: '#1f4e8c',
          backgroundColor: '#ffffff',
          bubbleBackground: '#f1f1f3',
          bubbleBorderWidth: 0,
          bubbleBorderRadius: 12,
          bubbleFromUserBackground: '#1f4e8c',
          bubbleFromUserTextColor: '#ffffff',
          bubbleFromUserBorderWidth: 0,
          bubbleFromUserBorderRadius: 12,
          suggestedActionLayout: 'flow',
          suggestedActionBorderRadius: 8,
          suggestedActionHeight: 44,
          hideUploadButton: true,
          sendBoxTextWrap: true,
          rootHeight: '100%',
          rootWidth: '100%',
        },
      },
      target,
    );
    target.setAttribute('data-state', 'ready');
  }, unavailable);
})();
