// The demand dashboard: sign in (the console's accounts, with the analyst role), choose the filters, and
// read the demand by domain, fiche, commune and company, its trend, what the offer covers, and the
// pools of companies that could share a session. Charts are Chart.js (window.Chart, /dashboard/chart.js).
// Everything companies said (names, sectors, communes) is put in the page as text (textContent,
// createElement) or drawn on a canvas, never as HTML.
'use strict';

(function () {
  const API = '/console/api';
  const TOP_FICHES = 15;
  const INSEE = /^(\d{5}|2[AB]\d{3})$/;
  const EXPORTS = [
    ['domain', 'Par domaine'],
    ['rome', 'Par fiche ROME'],
    ['commune', 'Par commune'],
    ['sector', 'Par secteur'],
    ['size', 'Par taille d’entreprise'],
    ['deadlineMonth', 'Par mois d’échéance'],
  ];
  const SIZES = { '1-9': '1 à 9', '10-49': '10 à 49', '50-249': '50 à 249', '250+': '250 et plus' };
  /** What the members of a pool answered when asked to be put in touch, n of them. */
  const INVITATIONS = {
    yes: (n) => `${n} oui`,
    pending: (n) => `${n} en attente de réponse`,
    no: (n) => `${n} non`,
    null: (n) => `${n} pas encore invitée${n > 1 ? 's' : ''}`,
  };
  const COLORS = { headcount: '#0b5cad', needs: '#d9822b', headcountSoft: 'rgba(11, 92, 173, 0.12)' };

  const state = {
    analyst: null,
    /** INSEE → name, of every commune seen: the territory list keeps them when a filter hides them. */
    communes: new Map(),
    communeRows: [],
    sort: { key: 'headcount', descending: true },
    charts: {},
    loading: 0,
  };

  const $ = (id) => document.getElementById(id);
  const NUMBER = new Intl.NumberFormat('fr-FR');
  const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
  const DAY = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const WEEK = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const MONTH_LONG = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

  // ---- Talking to the server ----

  const { api, useCsrfToken, showMessage, hideMessage } = window.BlablaFormServer;


  /** A lost session brings back the sign-in form; a missing role, the page that says so. */
  function failed(err) {
    if (err && err.status === 401) return signedOut('Votre session a expiré : reconnectez-vous.');
    if (err && err.status === 403) return show('forbidden');
    showMessage(err && err.message ? err.message : String(err), 'error');
  }

  // ---- Signing in and out ----

  function show(view) {
    $('login').hidden = view !== 'login';
    $('forbidden').hidden = view !== 'forbidden';
    $('dashboard').hidden = view !== 'dashboard';
    $('whoami').hidden = view === 'login';
  }

  function signedIn(session) {
    state.analyst = session.advisor;
    useCsrfToken(session.csrfToken);
    const name = session.advisor.name || session.advisor.email;
    $('analyst-name').textContent = name;
    $('forbidden-name').textContent = name;
    if (!session.advisor.roles.includes('ANALYST')) return show('forbidden');
    show('dashboard');
    void load();
  }

  function signedOut(message) {
    state.analyst = null;
    useCsrfToken('');
    show('login');
    $('login-password').value = '';
    if (message) showMessage(message, 'error');
    else hideMessage();
    $('login-email').focus();
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('login-submit');
    button.disabled = true;
    try {
      const session = await api('POST', `${API}/login`, { email: $('login-email').value.trim(), password: $('login-password').value });
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
      await api('POST', `${API}/logout`);
    } catch (err) {
      if (err.status !== 401) return failed(err);
    }
    signedOut();
    showMessage('Vous êtes déconnecté·e.', 'info');
  });

  // ---- Filters ----

  /** The filters as the API and the address bar take them; empty ones left out. */
  function filters() {
    const f = { from: $('filter-from').value, to: $('filter-to').value, territory: $('filter-territory').value, before: $('filter-before').value };
    if (f.territory === 'all') f.territory = '';
    return f;
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== '' && value !== undefined && value !== null) search.set(key, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  }

  function restoreFilters() {
    const params = new URLSearchParams(location.search);
    $('filter-from').value = params.get('from') || '';
    $('filter-to').value = params.get('to') || '';
    $('filter-before').value = params.get('before') || '';
    const territory = params.get('territory') || 'all';
    if (INSEE.test(territory)) addCommuneOptions([[territory, state.communes.get(territory) || territory]]);
    $('filter-territory').value = territory;
    if ($('filter-territory').value !== territory) $('filter-territory').value = 'all';
  }

  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    const { from, to } = filters();
    if (from && to && from > to) return showMessage('La période commence après sa fin : corrigez les mois « de » et « à ».', 'error');
    history.replaceState(null, '', `${location.pathname}${query(filters())}`);
    void load();
  });

  $('reset').addEventListener('click', () => {
    for (const id of ['filter-from', 'filter-to', 'filter-before']) $(id).value = '';
    $('filter-territory').value = 'all';
    $('filters').requestSubmit();
  });

  $('gap-by').addEventListener('change', () => void load());
  $('pools-viable').addEventListener('change', () => void load());

  function addCommuneOptions(entries) {
    let added = false;
    for (const [insee, name] of entries) {
      if (!INSEE.test(insee)) continue;
      if (state.communes.get(insee) === name) continue;
      state.communes.set(insee, name);
      added = true;
    }
    if (!added) return;
    const selected = $('filter-territory').value;
    const sorted = [...state.communes].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
    $('territory-communes').replaceChildren(...sorted.map(([insee, name]) => el('option', { value: insee, textContent: name })));
    $('filter-territory').value = selected;
  }

  function territoryName(value) {
    if (!value || value === 'all') return 'toute la demande';
    if (value === 'metropole') return 'Métropole de Lyon';
    if (value === 'outside') return 'hors Métropole';
    return state.communes.get(value) || value;
  }

  // ---- Loading ----

  /** Reads every section for the current filters; a newer load wins over a slower older one. */
  async function load() {
    const ticket = ++state.loading;
    const { from, to, territory, before } = filters();
    const period = { from, to, territory };
    $('dashboard').setAttribute('aria-busy', 'true');
    $('apply').disabled = true;
    try {
      const stat = (groupBy) => api('GET', `${API}/dashboard/stats${query({ groupBy, ...period })}`);
      const [domains, fiches, communes, sectors, sizes, gap, pools] = await Promise.all([
        stat('domain'),
        stat('rome'),
        stat('commune'),
        stat('sector'),
        stat('size'),
        api('GET', `${API}/dashboard/gap${query({ by: $('gap-by').value, territory, before })}`),
        api('GET', `${API}/dashboard/pools${query({ territory, viable: $('pools-viable').checked ? 'true' : '' })}`),
      ]);
      if (ticket !== state.loading) return;
      hideMessage();
      renderSummary(period, domains.total);
      renderKpis(domains.total, gap, pools.pools);
      renderDomains(domains.rows);
      renderFiches(fiches.rows);
      addCommuneOptions(communes.rows.map((r) => [r.key, r.label]));
      state.communeRows = communes.rows;
      renderCommunes();
      renderTable('sectors', sectors.rows, (r) => (r.key === '?' ? 'Non précisé' : r.label));
      renderTable('sizes', sizes.rows, (r) => (r.key === '?' ? 'Non précisée' : SIZES[r.key] || r.label));
      renderTrend(domains.trend);
      renderGap(gap);
      renderPools(pools.pools);
      renderExports(period);
      $('dashboard').dataset.loaded = String(ticket);
    } catch (err) {
      if (ticket === state.loading) failed(err);
    } finally {
      if (ticket === state.loading) {
        $('dashboard').setAttribute('aria-busy', 'false');
        $('apply').disabled = false;
      }
    }
  }

  // ---- Sections ----

  function renderSummary({ from, to, territory }, total) {
    const period = from && to ? `de ${monthName(from)} à ${monthName(to)}` : from ? `depuis ${monthName(from)}` : to ? `jusqu’à ${monthName(to)}` : 'depuis le début';
    $('summary').textContent = `${capitalize(territoryName(territory))}, besoins enregistrés ${period} : ${count(total.needs, 'besoin')} pour ${count(total.headcount, 'personne')}.`;
  }

  function renderKpis(total, gap, pools) {
    $('kpi-needs').textContent = NUMBER.format(total.needs);
    $('kpi-headcount').textContent = NUMBER.format(total.headcount);
    const demanded = gap.rows.reduce((sum, r) => sum + r.demanded, 0);
    const covered = gap.rows.reduce((sum, r) => sum + r.covered, 0);
    $('kpi-coverage').textContent = demanded ? PERCENT.format(covered / demanded) : '–';
    $('kpi-pools').textContent = NUMBER.format(pools.filter((p) => p.viable).length);
  }

  function renderDomains(rows) {
    const sorted = byHeadcount(rows).map((r) => ({ ...r, label: r.key === '?' ? 'Métier non reconnu' : r.label }));
    barChart('domains', sorted, (r) => r.label);
    renderTable('domains', sorted, (r) => r.label);
  }

  function renderFiches(rows) {
    const top = byHeadcount(rows.filter((r) => r.key !== '?')).slice(0, TOP_FICHES);
    barChart('fiches', top, (r) => r.label || r.key);
    renderTable('fiches', top, (r) => r.label || r.key);
  }

  /** A horizontal bar chart of headcounts, one bar per row, as tall as its rows need. */
  function barChart(name, rows, labelOf) {
    const id = `chart-${name}`;
    $(`${name}-empty`).hidden = rows.length > 0;
    $(`${name}-box`).hidden = rows.length === 0;
    $(`${name}-box`).style.height = `${Math.max(140, rows.length * 30 + 40)}px`;
    const labels = rows.map(labelOf);
    describeChart(id, rows.map((r, i) => `${labels[i]} : ${count(r.headcount, 'personne')} (${count(r.needs, 'besoin')})`));
    drawChart(id, {
      type: 'bar',
      data: {
        labels,
        datasets: [{ label: 'Personnes à former', data: rows.map((r) => r.headcount), backgroundColor: COLORS.headcount, borderRadius: 3, maxBarThickness: 22 }],
      },
      options: {
        indexAxis: 'y',
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => labels[items[0].dataIndex],
              label: (item) => `${count(rows[item.dataIndex].headcount, 'personne')} · ${count(rows[item.dataIndex].needs, 'besoin')}`,
            },
          },
        },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'personnes à former' } },
          y: { ticks: { callback: (value) => clip(labels[value], 38), autoSkip: false } },
        },
      },
    });
  }

  function renderTrend(trend) {
    lineChart('weeks', trend.weeks, (p) => `sem. du ${WEEK.format(new Date(`${p.period}T00:00:00Z`))}`);
    lineChart('months', trend.months, (p) => MONTH.format(new Date(`${p.period}-01T00:00:00Z`)));
  }

  function lineChart(name, points, labelOf) {
    const id = `chart-${name}`;
    const labels = points.map(labelOf);
    describeChart(id, points.map((p, i) => `${labels[i]} : ${count(p.headcount, 'personne')}, ${count(p.needs, 'besoin')}`));
    drawChart(id, {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: 'Personnes à former', data: points.map((p) => p.headcount), borderColor: COLORS.headcount, backgroundColor: COLORS.headcountSoft, fill: true, cubicInterpolationMode: 'monotone', pointRadius: 3 },
          { label: 'Besoins', data: points.map((p) => p.needs), borderColor: COLORS.needs, backgroundColor: COLORS.needs, cubicInterpolationMode: 'monotone', pointRadius: 3, borderDash: [5, 4] },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line', boxWidth: 24 } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxRotation: 0, autoSkipPadding: 12 } } },
      },
    });
  }

  /** Creates the chart, or gives the existing one its new data (Chart.js then animates the change). */
  function drawChart(id, config) {
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    config.options = { ...config.options, responsive: true, maintainAspectRatio: false, locale: 'fr-FR', animation: reduced ? false : { duration: 400 } };
    const existing = state.charts[id];
    if (existing && existing.config.type === config.type) {
      existing.data = config.data;
      existing.options = config.options;
      existing.update();
      return;
    }
    if (existing) existing.destroy();
    state.charts[id] = new Chart($(id), config);
  }

  /** What a chart shows, for screen readers: its aria-label and the canvas's fallback text. */
  function describeChart(id, parts) {
    const title = $(id).getAttribute('aria-label').split(' : ')[0];
    const text = parts.length ? `${title} : ${parts.join(' ; ')}.` : `${title} : aucune donnée.`;
    $(id).setAttribute('aria-label', text);
    $(`${id}-fallback`).textContent = text;
  }

  function renderTable(name, rows, labelOf) {
    $(`${name}-rows`).replaceChildren(...rows.map((r) => el('tr', null, [el('td', { textContent: labelOf(r) }), numberCell(r.needs), numberCell(r.headcount)])));
    const empty = $(`${name}-empty`);
    if (empty && (name === 'sectors' || name === 'sizes')) empty.hidden = rows.length > 0;
  }

  function renderCommunes() {
    const { key, descending } = state.sort;
    const rows = [...state.communeRows].sort((a, b) => {
      const order = key === 'label' ? communeLabel(a).localeCompare(communeLabel(b), 'fr') : a[key] - b[key] || communeLabel(a).localeCompare(communeLabel(b), 'fr');
      return descending ? -order : order;
    });
    $('communes-rows').replaceChildren(
      ...rows.map((r) => {
        const tr = el('tr', null, [el('td', { textContent: communeLabel(r) }), numberCell(r.needs), numberCell(r.headcount)]);
        tr.dataset.testid = 'commune-row';
        tr.dataset.insee = r.key;
        return tr;
      }),
    );
    $('communes-empty').hidden = rows.length > 0;
    $('communes-table').hidden = rows.length === 0;
    for (const th of document.querySelectorAll('#communes-table th')) {
      const sortKey = th.querySelector('button').dataset.sort;
      th.setAttribute('aria-sort', sortKey === key ? (descending ? 'descending' : 'ascending') : 'none');
    }
  }

  for (const button of document.querySelectorAll('#communes-table .sort')) {
    button.addEventListener('click', () => {
      const key = button.dataset.sort;
      state.sort = { key, descending: state.sort.key === key ? !state.sort.descending : key !== 'label' };
      renderCommunes();
    });
  }

  function renderGap(gap) {
    const byDomain = gap.query.by === 'domain';
    $('gap-key-title').textContent = byDomain ? 'Domaine' : 'Fiche ROME';
    $('gap-hint').textContent =
      `Besoins à satisfaire d’ici le ${dayName(gap.query.before)}, et personnes qu’une offre du catalogue pourrait former ` +
      `à moins de ${NUMBER.format(gap.query.radiusKm)} km du lieu souhaité.`;
    const rows = [...gap.rows].sort((a, b) => a.coverage - b.coverage || b.demanded - a.demanded);
    $('gap-rows').replaceChildren(
      ...rows.map((r) => {
        const bar = el('span', { className: 'rate-fill' });
        bar.style.width = `${Math.round(Math.min(1, Math.max(0, r.coverage)) * 100)}%`;
        const rate = el('td', { className: 'rate-col' }, [
          el('span', { className: `rate ${r.coverage >= 0.8 ? 'good' : r.coverage >= 0.4 ? 'partial' : 'poor'}` }, [bar]),
          el('span', { className: 'rate-text', textContent: PERCENT.format(r.coverage) }),
        ]);
        const tr = el('tr', null, [el('td', { textContent: r.key === '?' ? 'Métier non reconnu' : r.label || r.key }), numberCell(r.needs), numberCell(r.demanded), numberCell(r.covered), rate, numberCell(r.offers)]);
        tr.dataset.testid = 'gap-row';
        return tr;
      }),
    );
    $('gap-empty').hidden = rows.length > 0;
    $('uncovered-rows').replaceChildren(
      ...gap.uncovered.map((n) => {
        const fiche = n.occupation.rome ? `${n.occupation.rome} ${ficheName(n.occupation.rome, n.occupation.romeLabel)}`.trim() : 'fiche non reconnue';
        const tr = el('tr', null, [
          el('td', null, [el('span', { textContent: n.occupation.said }), el('span', { className: 'sub', textContent: fiche })]),
          el('td', { textContent: n.company || 'Entreprise sans nom' }),
          el('td', { textContent: n.commune.name }),
          numberCell(n.headcount),
          el('td', { textContent: deadlineText(n.deadline) }),
        ]);
        tr.dataset.testid = 'uncovered-row';
        return tr;
      }),
    );
    $('uncovered-empty').hidden = gap.uncovered.length > 0 || rows.length === 0;
  }

  function renderPools(pools) {
    $('pools-rows').replaceChildren(
      ...pools.map((p) => {
        const companies = el(
          'ul',
          { className: 'members' },
          p.members.map((m) =>
            el('li', null, [
              el('span', { textContent: m.company.name || 'Entreprise sans nom' }),
              el('span', { className: 'sub', textContent: ` ${count(m.headcount, 'personne')}, ${m.commune.name}` }),
            ]),
          ),
        );
        const tr = el('tr', { className: p.viable ? 'viable' : '' }, [
          el('td', null, [el('span', { textContent: p.rome }), el('span', { className: 'sub', textContent: ficheName(p.rome, p.romeLabel) })]),
          el('td', { textContent: p.anchor.name }),
          el('td', { textContent: `du ${dayName(p.window.start)} au ${dayName(p.window.end)}` }),
          el('td', { className: 'num' }, [el('strong', { textContent: NUMBER.format(p.headcount) }), el('span', { className: 'sub', textContent: p.viable ? 'viable' : 'pas encore assez' })]),
          el('td', null, [el('span', { textContent: count(p.companies, 'entreprise') }), companies]),
          el('td', { textContent: invitationsText(p.members) }),
        ]);
        tr.dataset.testid = 'pool-row';
        return tr;
      }),
    );
    $('pools-empty').hidden = pools.length > 0;
    $('pools-empty').textContent = $('pools-viable').checked ? 'Aucun groupe viable pour ces filtres.' : 'Aucun groupe pour ces filtres.';
  }

  function renderExports(period) {
    $('export-links').replaceChildren(
      ...EXPORTS.map(([groupBy, label]) => {
        const link = el('a', { href: `${API}/dashboard/stats.csv${query({ groupBy, ...period })}`, textContent: label });
        link.setAttribute('download', '');
        link.dataset.groupBy = groupBy;
        return el('li', null, [link]);
      }),
    );
  }

  // ---- Wording ----

  function count(n, word) {
    return `${NUMBER.format(n)} ${word}${n > 1 ? 's' : ''}`;
  }

  /** A fiche's name without its code, whether the label given starts with it (« N1101 Conduite… ») or not. */
  function ficheName(code, label) {
    if (!label) return '';
    return label.startsWith(`${code} `) ? label.slice(code.length + 1) : label;
  }

  function communeLabel(r) {
    return !r.key || r.key === '?' ? 'Commune non précisée' : r.label || r.key;
  }

  function monthName(yyyymm) {
    return MONTH_LONG.format(new Date(`${yyyymm}-01T00:00:00Z`));
  }

  function dayName(yyyymmdd) {
    return DAY.format(new Date(`${yyyymmdd}T00:00:00Z`));
  }

  function deadlineText(d) {
    if (d.urgent || !d.end) return 'dès que possible';
    return d.start ? `du ${dayName(d.start)} au ${dayName(d.end)}` : `avant le ${dayName(d.end)}`;
  }

  function invitationsText(members) {
    const counts = new Map();
    for (const m of members) counts.set(String(m.invitation), (counts.get(String(m.invitation)) || 0) + 1);
    return ['yes', 'pending', 'no', 'null']
      .filter((k) => counts.has(k))
      .map((k) => INVITATIONS[k](counts.get(k)))
      .join(' · ');
  }

  function byHeadcount(rows) {
    return [...rows].sort((a, b) => b.headcount - a.headcount || b.needs - a.needs || String(a.label).localeCompare(String(b.label), 'fr'));
  }

  function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function clip(text, max) {
    const flat = String(text ?? '');
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }

  function numberCell(n) {
    return el('td', { className: 'num', textContent: NUMBER.format(n) });
  }

  /** An element with properties (textContent, className…) and children: never HTML. */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) Object.assign(node, props);
    if (children) node.append(...children);
    return node;
  }

  // ---- Start ----

  if (window.Chart) {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#39414f';
  }
  $('filter-before').min = new Date().toLocaleDateString('en-CA'); // today, YYYY-MM-DD, in the browser's time zone
  restoreFilters();
  (async () => {
    if (!window.Chart) return showMessage('La bibliothèque de graphiques n’a pas pu être chargée : rechargez la page.', 'error');
    try {
      signedIn(await api('GET', `${API}/me`));
    } catch (err) {
      signedOut();
      if (err.status !== 401) showMessage(err.message, 'error');
    }
  })();
})();
