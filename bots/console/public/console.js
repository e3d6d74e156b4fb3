// The advisors' console: sign in, watch the queue live, read a conversation, take it, answer, hand it
// back or to a guided dialog. Everything people or advisors wrote is put in the page as text
// (textContent, createElement), never as HTML: a message may contain anything.
'use strict';

(function () {
  const CHANNELS = {
    telegram: 'Telegram',
    directline: 'Web chat',
    webchat: 'Web chat',
    facebook: 'Messenger',
    msteams: 'Teams',
    emulator: 'Emulator',
    test: 'Test',
  };
  const REASONS = {
    ASKED: 'a demandé un conseiller',
    STUCK: 'le bot ne comprend pas',
    SENSITIVE: 'sujet sensible',
  };
  const DIALOGS = {
    orientation: 'Questionnaire d’orientation',
    digital: 'Point sur le numérique',
    needs: 'Décrire un besoin de formation',
  };
  const REFRESH_DEBOUNCE_MS = 150;

  const state = {
    advisor: null,
    queue: [],
    queueFetchedAt: 0,
    openId: null,
    open: null,
    events: null,
  };

  const $ = (id) => document.getElementById(id);

  // ---- Talking to the server ----

  const { api, useCsrfToken, showMessage, hideMessage } = window.BlablaFormServer;

  /** Shows the error of a call; a lost session brings back the sign-in form. */
  function failed(err) {
    if (err && err.status === 401 && state.advisor) {
      signedOut('Votre session a expiré : reconnectez-vous.');
      return;
    }
    showMessage(err && err.message ? err.message : String(err), 'error');
  }


  // ---- Signing in and out ----

  function signedIn(session) {
    state.advisor = session.advisor;
    useCsrfToken(session.csrfToken);
    $('advisor-name').textContent = session.advisor.name || session.advisor.email;
    $('login').hidden = true;
    $('console').hidden = false;
    $('whoami').hidden = false;
    listen();
    void refreshQueue();
  }

  function signedOut(message) {
    state.advisor = null;
    useCsrfToken('');
    state.queue = [];
    state.openId = null;
    state.open = null;
    if (state.events) state.events.close();
    state.events = null;
    $('console').hidden = true;
    $('whoami').hidden = true;
    $('login').hidden = false;
    $('login-password').value = '';
    renderQueue();
    renderConversation();
    if (message) showMessage(message, 'error');
    else hideMessage();
    $('login-email').focus();
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('login-submit');
    button.disabled = true;
    try {
      const session = await api('POST', '/console/api/login', { email: $('login-email').value.trim(), password: $('login-password').value });
      $('login-password').value = '';
      hideMessage();
      signedIn(session);
    } catch (err) {
      showMessage(err.status === 401 ? 'Adresse e-mail ou mot de passe incorrect.' : err.message, 'error');
    } finally {
      button.disabled = false;
    }
  });

  $('logout').addEventListener('click', async () => {
    try {
      await api('POST', '/console/api/logout');
    } catch (err) {
      if (err.status !== 401) return failed(err);
    }
    signedOut();
    showMessage('Vous êtes déconnecté·e.', 'info');
  });


  // ---- Live updates ----

  let refreshTimer = 0;
  let refreshOpen = false;
  /** Many changes often come at once (a take announces, records, publishes): one refresh for them all. */
  function scheduleRefresh(openChanged) {
    refreshOpen = refreshOpen || openChanged;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      const alsoOpen = refreshOpen;
      refreshOpen = false;
      void refreshQueue();
      if (alsoOpen) void refreshConversation();
    }, REFRESH_DEBOUNCE_MS);
  }

  function listen() {
    if (state.events) state.events.close();
    const events = new EventSource('/console/api/events');
    state.events = events;
    events.addEventListener('open', () => {
      setLive(true);
      // Reconnected: changes may have been missed meanwhile.
      scheduleRefresh(true);
    });
    events.addEventListener('change', (event) => {
      let change = null;
      try {
        change = JSON.parse(event.data);
      } catch {
        return;
      }
      scheduleRefresh(Boolean(change && change.handoffId === state.openId));
    });
    events.addEventListener('error', () => {
      setLive(false);
      // EventSource retries by itself, unless the server refused the stream (the session is gone).
      if (events.readyState === EventSource.CLOSED && state.events === events) void checkSession();
    });
  }

  function setLive(live) {
    $('live').textContent = live ? 'en direct' : 'hors ligne';
    $('live').classList.toggle('on', live);
  }

  async function checkSession() {
    try {
      const session = await api('GET', '/console/api/me');
      useCsrfToken(session.csrfToken);
      // Still signed in: the stream failed for another reason; try again shortly.
      setTimeout(() => state.advisor && listen(), 3000);
    } catch (err) {
      if (err.status === 401) signedOut(state.advisor ? 'Votre session a expiré : reconnectez-vous.' : undefined);
      else setTimeout(() => state.advisor && listen(), 3000);
    }
  }

  // ---- The queue ----

  async function refreshQueue() {
    if (!state.advisor) return;
    try {
      const { conversations } = await api('GET', '/console/api/queue');
      state.queue = conversations;
      state.queueFetchedAt = Date.now();
      renderQueue();
    } catch (err) {
      failed(err);
    }
  }

  function renderQueue() {
    const list = $('queue-list');
    const elapsed = Math.floor((Date.now() - state.queueFetchedAt) / 1000);
    list.replaceChildren(
      ...state.queue.map((item) => {
        const li = el('li');
        const button = el('button', {
          type: 'button',
          className: `queue-item${item.id === state.openId ? ' selected' : ''}${item.reason === 'SENSITIVE' ? ' sensitive' : ''}`,
        });
        button.dataset.testid = 'queue-item';
        button.dataset.id = item.id;
        button.dataset.status = item.status;
        if (item.id === state.openId) button.setAttribute('aria-current', 'true');
        button.append(
          el('span', { className: 'queue-line' }, [
            el('span', { className: 'channel', textContent: channelName(item.channelId) }),
            el('span', { className: 'wait', textContent: duration(item.waitingSeconds + elapsed) }),
          ]),
          el('span', { className: 'reason', textContent: REASONS[item.reason] || item.reason }),
          el('span', { className: `status status-${item.status.toLowerCase()}${item.mine ? ' mine' : ''}`, textContent: statusText(item) }),
        );
        if (item.lastMessage) button.append(el('span', { className: 'last', textContent: `« ${clip(item.lastMessage.text, 90)} »` }));
        button.addEventListener('click', () => openConversation(item.id));
        li.append(button);
        return li;
      }),
    );
    $('queue-empty').hidden = state.queue.length > 0;
    const waiting = state.queue.filter((item) => item.status === 'WAITING').length;
    $('queue-count').textContent = waiting ? `(${waiting} en attente)` : '';
    document.title = `${waiting ? `(${waiting}) ` : ''}Console des conseillers · BlablaForm`;
  }

  // Waiting times move on between two changes.
  setInterval(() => state.advisor && renderQueue(), 30_000);

  // ---- One conversation ----

  async function openConversation(id) {
    if (id !== state.openId) {
      $('reply-text').value = '';
      $('note-text').value = '';
    }
    state.openId = id;
    state.open = null;
    renderQueue();
    await refreshConversation();
  }

  async function refreshConversation() {
    const id = state.openId;
    if (!id || !state.advisor) return;
    try {
      const view = await api('GET', `/console/api/conversations/${encodeURIComponent(id)}`);
      if (state.openId !== id) return; // another one was opened meanwhile
      state.open = view;
      renderConversation();
    } catch (err) {
      failed(err);
    }
  }

  function renderConversation() {
    const view = state.open;
    $('conversation-empty').hidden = Boolean(view);
    $('conversation-view').hidden = !view;
    if (!view) return;
    const h = view.handoff;
    $('conversation-view').dataset.id = h.id;
    $('conversation-view').dataset.status = h.status;
    $('conversation-title').textContent = `Conversation ${channelName(h.channelId)}`;
    $('conversation-reason').textContent = REASONS[h.reason] || h.reason;
    $('conversation-reason').classList.toggle('sensitive', h.reason === 'SENSITIVE');
    $('conversation-status').textContent = statusText(h);
    $('conversation-requested').textContent = `${when(h.requestedAt)} (${h.waitingSeconds < 60 ? 'à l’instant' : `il y a ${duration(h.waitingSeconds)}`})`;
    $('conversation-detail').textContent = h.detail || '';
    $('conversation-detail').hidden = !h.detail;

    const held = h.status === 'ASSIGNED' && h.mine;
    $('take').hidden = !(h.status === 'WAITING' && !h.external);
    $('hand-back').hidden = !held;
    $('reply-form').hidden = !held;
    $('dialog-form').hidden = !held;
    $('close').hidden = !(h.status === 'WAITING' || ((h.status === 'ASSIGNED' || h.status === 'DIALOG') && h.mine));

    $('summary').textContent = h.summary || '(pas de résumé)';
    renderTranscript(view.transcript);
    renderNotes(view.notes);
  }

  function renderTranscript(lines) {
    const list = $('transcript');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(
      ...lines.map((line) => {
        const who = line.direction === 'IN' ? 'person' : line.author ? 'advisor' : 'bot';
        const name = who === 'person' ? 'La personne' : who === 'advisor' ? line.author : 'BlablaForm (bot)';
        // On the person's messaging the advisor's words start with their name; here it is already above.
        const text = who === 'advisor' && line.text.startsWith(`${line.author} : `) ? line.text.slice(line.author.length + 3) : line.text;
        const li = el('li', { className: `line ${who}` }, [
          el('span', { className: 'who' }, [el('strong', { textContent: name }), el('time', { textContent: when(line.at), dateTime: line.at })]),
          el('p', { className: 'text', textContent: text }),
        ]);
        li.dataset.testid = `line-${who}`;
        return li;
      }),
    );
    if (atBottom || !list.dataset.rendered) list.scrollTop = list.scrollHeight;
    list.dataset.rendered = '1';
  }

  function renderNotes(notes) {
    $('notes-empty').hidden = notes.length > 0;
    $('notes').replaceChildren(
      ...notes.map((note) => {
        const result = note.kind === 'RESULT';
        const title = result ? `Résultat du dialogue${DIALOGS[note.author] ? ` « ${DIALOGS[note.author]} »` : ''}` : `Note de ${note.author}`;
        const li = el('li', { className: `note${result ? ' result' : ''}` }, [
          el('span', { className: 'who' }, [el('strong', { textContent: title }), el('time', { textContent: when(note.at), dateTime: note.at })]),
          el('p', { className: 'text', textContent: note.text }),
        ]);
        li.dataset.testid = result ? 'note-result' : 'note';
        return li;
      }),
    );
  }

  // ---- Actions ----

  /** Runs an action on the open conversation; the buttons wait meanwhile, and the view is refreshed after. */
  async function act(path, body, done) {
    const id = state.openId;
    if (!id) return;
    const buttons = document.querySelectorAll('#conversation-view button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      await api('POST', `/console/api/conversations/${encodeURIComponent(id)}/${path}`, body);
      if (done) done();
    } catch (err) {
      failed(err);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      void refreshQueue();
      await refreshConversation();
    }
  }

  $('take').addEventListener('click', () => act('take', undefined, () => showMessage('Conversation prise : la personne est prévenue.', 'info')));
  $('hand-back').addEventListener('click', () => act('hand-back', undefined, () => showMessage('Le bot reprend la conversation.', 'info')));
  $('close').addEventListener('click', () => act('close', undefined, () => showMessage('Conversation close.', 'info')));

  $('reply-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('reply-text').value;
    if (!text.trim()) return;
    void act('reply', { text }, () => {
      $('reply-text').value = '';
      hideMessage();
    });
  });

  $('note-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('note-text').value;
    if (!text.trim()) return;
    void act('notes', { text }, () => {
      $('note-text').value = '';
      hideMessage();
    });
  });

  $('dialog-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const dialog = $('dialog-choice').value;
    const returnToAdvisor = $('dialog-return').checked;
    void act('dialog', { dialog, returnToAdvisor }, () =>
      showMessage(`Le bot mène « ${DIALOGS[dialog]} » avec la personne${returnToAdvisor ? ' ; la conversation vous revient ensuite' : ''}.`, 'info'),
    );
  });

  // Ctrl+Entrée sends from a text box.
  for (const [box, form] of [
    ['reply-text', 'reply-form'],
    ['note-text', 'note-form'],
  ]) {
    $(box).addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) $(form).requestSubmit();
    });
  }

  // ---- Wording ----

  function channelName(channelId) {
    return CHANNELS[channelId] || channelId;
  }

  function statusText(h) {
    switch (h.status) {
      case 'WAITING':
        return h.botContinues ? 'en attente, continue avec le bot en attendant' : 'en attente';
      case 'ASSIGNED':
        if (h.external) return 'pris par un centre de contact';
        return h.mine ? 'pris par vous' : `pris par ${h.advisorName || 'un·e collègue'}`;
      case 'DIALOG':
        return `avec le bot (${DIALOGS[h.dialog] || 'dialogue'})${h.mine ? ', pour vous' : h.advisorName ? `, pour ${h.advisorName}` : ''}`;
      case 'CLOSED':
        return 'terminée';
      default:
        return h.status;
    }
  }

  /** « à l’instant », « 3 min », « 1 h 05 », « 2 j ». */
  function duration(seconds) {
    if (seconds < 60) return 'à l’instant';
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')}`;
    return `${Math.floor(hours / 24)} j`;
  }

  const TIME = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });
  const DAY_TIME = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  function when(iso) {
    const date = new Date(iso);
    return date.toDateString() === new Date().toDateString() ? TIME.format(date) : DAY_TIME.format(date);
  }

  function clip(text, max) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }

  /** An element with properties (textContent, className…) and children: never HTML. */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) Object.assign(node, props);
    if (children) node.append(...children);
    return node;
  }

  // ---- Start ----

  (async () => {
    try {
      signedIn(await api('GET', '/console/api/me'));
    } catch (err) {
      signedOut();
      if (err.status !== 401) showMessage(err.message, 'error');
    }
  })();
})();
