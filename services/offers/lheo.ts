// Reads LHEO 2.2 and 2.3 (the French standard for publishing training offers) as a stream: each
// `formation` becomes one OfferInput as soon as its closing tag is read, so memory holds one
// formation at a time whatever the size of the file.
//
// Accepted: root element `lheo` in the namespace http://www.lheo.org/2.2 or http://lheo.gouv.fr/2.3
// (same shape: lheo > offres > formation+). Anything else is refused with an ImportError naming what
// was found: LHEO 1.x (namespace http://www.lheo.org/1.3.0…, or the `lheo-leger` root), a namespace
// typo, another document (HTML, RSS…), malformed XML (with the parser's line and column), an empty
// file. The encoding comes from a byte-order mark or the XML declaration (UTF-8 by default;
// ISO-8859-1 and windows-1252 are common in regional exports).
//
// Mapping (elements in any order; unknown elements, `extras` and other namespaces are ignored; a
// text that is empty or only "-", which producers write for "nothing", counts as absent):
// - formation/@numero → sourceId (source "lheo"). A formation without numero or without
//   intitule-formation is skipped with the reason; so is a numero met earlier in the same file, and a
//   formation of more than MAX_FORMATION_CHARS (1,000,000 characters).
// - intitule-formation → title (spaces collapsed).
// - objectif-formation → description: it is escaped HTML; tags dropped, HTML entities decoded,
//   spaces collapsed, at most 1,000 characters (cut after a word, with "…").
// - domaine-formation: code-ROME → romeCodes (ROME v3 codes like D1402 only; the 5-digit ROME v2
//   codes of old files are dropped), code-FORMACODE → formacodes, code-NSF → nsfCodes.
// - kind: certifiante = 1 with a certification code (code-RNCP, code-CERTIFINFO or code-RS) is a
//   qualification; otherwise a 'training_course'. A qualification whose title starts with a CQP is
//   'cqp'; one whose title starts with a national diploma or title (CAP, BEP, BP, Bac, BTS, DUT,
//   BUT, DEUST, Licence, Master, Doctorat, Diplôme…, Titre professionnel, Mention complémentaire…)
//   and that has an RNCP or Certif Info code is a 'diploma'; the rest (RS-only certifications,
//   habilitations, other certificates) is a 'certification'.
// - cpf: a certification with a code-CPF.
// - url-formation/urlweb → url (a bare domain such as "www.site.fr/page" gets "http://").
// - each action → one place per lieu-de-formation/coordonnees (usually one; none for distance
//   learning): name from the `ligne`s of coordonnees (else adresse/denomination), address from the
//   adresse lines with postcode and town, code-INSEE-commune, ville as published,
//   geolocalisation/latitude|longitude; the place's sourceId is the action's numero.
// - modalites-enseignement of the actions (0 présentiel, 1 mixte, 2 à distance) → modality: their
//   common value, 'mixte' when they differ, null when none says.
// - prise-en-charge-frais-possible = 1 on an action → fundingPossible.
// - costEuros: the lowest price among the actions, from prix-total-TTC, else prix-horaire-TTC ×
//   nombre-heures-total; free when that price is 0.
// - acces-handicapes of the first action that says it → accessibility.
// - code-public-vise (FORMACODE publics, dictionary dict-public-vise-formacode-V10 of
//   lheo/lheo-schema) → audiences, see PUBLIC_AUDIENCES; 'everyone' when no code maps, or alone
//   when "Tout public" is among them.
// - session → one session: numero → sourceId; periode/debut|fin (AAAAMMJJ) → YYYY-MM-DD. LHEO writes
//   00000000 for an unknown date and 99999999 for none (permanent entries): both become null. A
//   month alone (AAAAMM00) or a year alone (AAAA0000) becomes its first day as a start and its last
//   day as an end. etat-recrutement 1 open, 2 closed, 3 suspended (open when absent). placeIndex is
//   the action's first place.
// - organisme-formation-responsable → provider: nom-organisme (raison-sociale when the name is "-"
//   or absent), SIRET-organisme-formation/SIRET when it has 14 digits, contact = the first
//   telfixe/numtel, else portable/numtel, else courriel, of coordonnees-organisme then
//   contact-organisme; website = their first web/urlweb.
// - Not mapped: signUp (LHEO spreads it over adresse-inscription, modalites-recrutement and
//   contacts), durations, levels, the other texts (resultats-attendus, contenu-formation…).
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Modality } from '../understanding/modality';
import { AUDIENCES, ImportError } from './types';
import type { Audience, OfferInput, OfferKind, PlaceInput, Recruitment, SessionInput } from './types';

export const LHEO_SOURCE = 'lheo';

/** Namespace → LHEO version, for the versions this reader understands. */
export const LHEO_NAMESPACES: Record<string, string> = {
  'http://www.lheo.org/2.2': '2.2',
  'http://lheo.gouv.fr/2.3': '2.3',
};

/** What the reader makes of one formation: an offer, or why it cannot be used. */
export type LheoItem = { offer: OfferInput } | { skipped: { sourceId: string | null; reason: string } };

export type LheoInput = NodeJS.ReadableStream | AsyncIterable<Buffer | string>;

/**
 * The most a formation may hold, in characters of text and attributes (each element counting for 100
 * more): real ones hold a few thousand. Past it, nothing more of the formation is kept and it is skipped
 * with the reason, so that memory stays bounded even in a file made of one huge formation.
 */
export const MAX_FORMATION_CHARS = 1_000_000;
const ELEMENT_CHARS = 100;

/** The formations of an LHEO 2.2 or 2.3 document, as they are read. Throws ImportError when the document is not one. */
export async function* readLheo(input: LheoInput): AsyncGenerator<LheoItem> {
  const parser = new SaxesParser({ xmlns: true });
  const ready: LheoItem[] = [];
  const open: string[] = []; // local names of the open elements, root first
  let namespace = '';
  let formation: XmlNode[] = []; // the formation being read and its open descendants
  let formationLine = 0;
  let formationChars = 0;
  const seen = new Set<string>();

  parser.on('error', (err) => {
    throw new ImportError(`XML mal formé : ${frenchParserMessage(err.message)}`, parser.line, parser.column);
  });
  parser.on('opentag', (tag) => {
    open.push(tag.local);
    if (open.length === 1) {
      namespace = checkRoot(tag);
    } else if (formation.length) {
      const node = nodeOf(tag, namespace);
      formationChars += ELEMENT_CHARS + Object.values(node.attributes).reduce((n, value) => n + value.length, 0);
      if (formationChars <= MAX_FORMATION_CHARS) formation[formation.length - 1].children.push(node);
      formation.push(node);
    } else if (open.length === 3 && open[1] === 'offres' && tag.local === 'formation' && tag.uri === namespace) {
      formation = [nodeOf(tag, namespace)];
      formationLine = parser.line;
      formationChars = 0;
    }
  });
  const addText = (text: string) => {
    if (!formation.length) return;
    formationChars += text.length;
    if (formationChars <= MAX_FORMATION_CHARS) formation[formation.length - 1].text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    open.pop();
    const node = formation.pop();
    if (!node || formation.length) return;
    ready.push(formationChars > MAX_FORMATION_CHARS ? oversized(node, formationLine) : itemOf(node, formationLine, seen));
  });

  let empty = true;
  for await (const text of decode(input)) {
    if (empty && /\S/.test(text)) empty = false;
    parser.write(text);
    yield* ready.splice(0);
  }
  if (empty) throw new ImportError('le fichier est vide : il ne contient aucun XML à importer');
  parser.close();
  yield* ready.splice(0);
}

function checkRoot(tag: SaxesTagNS): string {
  const accepted = Object.entries(LHEO_NAMESPACES)
    .map(([ns, version]) => `${version} (${ns})`)
    .join(' et ');
  if (tag.local === 'lheo-leger') {
    throw new ImportError(`ce fichier est au format « LHEO léger » de LHEO 1.x (élément racine <lheo-leger>), qui n'est pas pris en charge ; versions acceptées : LHEO ${accepted}`);
  }
  if (tag.local !== 'lheo') {
    throw new ImportError(`ce fichier n'est pas un fichier LHEO (élément racine <${tag.name}>, attendu <lheo>)`);
  }
  if (!Object.hasOwn(LHEO_NAMESPACES, tag.uri)) {
    const version = /lheo\.(?:org|gouv\.fr)\/v?(\d[\d.]*)\/?$/i.exec(tag.uri)?.[1];
    const found = tag.uri ? `espace de noms « ${tag.uri} »${version ? ` (LHEO ${version})` : ''}` : 'aucun espace de noms';
    throw new ImportError(`version de LHEO non prise en charge : ${found} ; versions acceptées : LHEO ${accepted}`);
  }
  return tag.uri;
}

/** saxes speaks English; the most common messages are said in French, the others kept as they are. */
function frenchParserMessage(message: string): string {
  const detail = message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
  const known: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^unclosed tag: (.+)$/, (m) => `balise <${m[1]}> non fermée`],
    [/^unexpected close tag$/, () => 'balise fermante inattendue'],
    [/^undefined entity$/, () => 'entité non définie (un & doit s’écrire &amp;)'],
    [/^document must contain a root element$/, () => 'aucun élément XML'],
    [/^text data outside of root node$/, () => 'du texte hors de l’élément racine : ce n’est pas un document XML'],
    [/^unbound namespace prefix: (.+)$/, (m) => `préfixe d’espace de noms ${m[1]} non déclaré`],
    [/^disallowed character/, () => 'caractère interdit en XML (un caractère de contrôle, par exemple)'],
    [/^unmatched closing tag: (.+)$/, (m) => `balise fermante </${m[1]}> sans balise ouvrante`],
    [/^malformed character entity$/, () => 'référence de caractère mal formée (&#…;)'],
    [/^documents may contain only one root$/, () => 'plusieurs éléments racine'],
    [/^unexpected end$/, () => 'fin de fichier inattendue'],
  ];
  for (const [pattern, say] of known) {
    const m = pattern.exec(detail);
    if (m) return say(m);
  }
  return detail;
}

/** Text from the input, decoded by its byte-order mark or XML declaration. */
async function* decode(input: LheoInput): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    if (typeof chunk === 'string') {
      yield chunk;
    } else if (decoder) {
      yield decoder.decode(chunk, { stream: true });
    } else {
      head.push(chunk);
      const bytes = Buffer.concat(head);
      if (bytes.length < 1024) continue; // not yet enough to see the XML declaration
      decoder = decoderFor(bytes);
      head = [];
      yield decoder.decode(bytes, { stream: true });
    }
  }
  if (!decoder && head.length) {
    const bytes = Buffer.concat(head);
    decoder = decoderFor(bytes);
    yield decoder.decode(bytes, { stream: true });
  }
  if (decoder) yield decoder.decode();
}

function decoderFor(head: Buffer): TextDecoder {
  let label = 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) label = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) label = 'utf-16be';
  else if (!(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)) {
    label = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head.toString('latin1'))?.[1] ?? 'utf-8';
  }
  try {
    return new TextDecoder(label);
  } catch {
    throw new ImportError(`encodage « ${label} » non pris en charge (déclaration XML du fichier)`);
  }
}

// ── One formation, as a small tree, to an offer ─────────────────────────────────────────────────

interface XmlNode {
  /** Local name for LHEO elements; {namespace}name for elements of other namespaces, which no path matches. */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function nodeOf(tag: SaxesTagNS, namespace: string): XmlNode {
  const attributes: Record<string, string> = {};
  for (const a of Object.values(tag.attributes)) if (!a.prefix) attributes[a.local] = a.value;
  return { name: tag.uri === namespace ? tag.local : `{${tag.uri}}${tag.local}`, attributes, children: [], text: '' };
}

/** The descendants at the end of a path of child names ("action/session/periode"). */
function all(node: XmlNode | undefined, path: string): XmlNode[] {
  let nodes = node ? [node] : [];
  for (const name of path.split('/')) nodes = nodes.flatMap((n) => n.children.filter((c) => c.name === name));
  return nodes;
}

/** The text of a node (spaces collapsed), null when empty or "-". */
function textOf(node: XmlNode | undefined): string | null {
  const text = node?.text.replace(/\s+/g, ' ').trim();
  return text && text !== '-' ? text : null;
}

function first(node: XmlNode | undefined, path: string): string | null {
  for (const n of all(node, path)) {
    const text = textOf(n);
    if (text) return text;
  }
  return null;
}

function texts(node: XmlNode | undefined, path: string): string[] {
  return all(node, path).map(textOf).filter((t): t is string => t !== null);
}

function oversized(formation: XmlNode, line: number): LheoItem {
  const limit = MAX_FORMATION_CHARS.toLocaleString('fr-FR');
  return { skipped: { sourceId: formation.attributes.numero?.trim() || null, reason: `formation de plus de ${limit} caractères (ligne ${line}) : trop volumineuse pour être lue` } };
}

function itemOf(formation: XmlNode, line: number, seen: Set<string>): LheoItem {
  const sourceId = formation.attributes.numero?.trim() || null;
  const title = first(formation, 'intitule-formation');
  if (!sourceId) return { skipped: { sourceId: null, reason: `formation sans attribut numero (ligne ${line}${title ? `, « ${title} »` : ''})` } };
  if (!title) return { skipped: { sourceId, reason: 'formation sans intitulé (intitule-formation)' } };
  if (seen.has(sourceId)) return { skipped: { sourceId, reason: 'numéro déjà utilisé par une formation précédente du fichier' } };
  seen.add(sourceId);
  return { offer: offerOf(formation, sourceId, title) };
}

function offerOf(formation: XmlNode, sourceId: string, title: string): OfferInput {
  const places: PlaceInput[] = [];
  const sessions: SessionInput[] = [];
  const modalities = new Set<Modality>();
  const publics: string[] = [];
  const prices: number[] = [];
  let fundingPossible = false;
  let accessibility: string | null = null;

  for (const action of all(formation, 'action')) {
    const actionId = action.attributes.numero?.trim() || null;
    const firstPlace = places.length;
    for (const coordinates of all(action, 'lieu-de-formation/coordonnees')) {
      const place = placeOf(coordinates, actionId);
      if (place) places.push(place);
    }
    const placeIndex = places.length > firstPlace ? firstPlace : null;
    for (const session of all(action, 'session')) {
      sessions.push({
        sourceId: session.attributes.numero?.trim() || null,
        placeIndex,
        start: lheoDate(first(session, 'periode/debut'), 'start'),
        end: lheoDate(first(session, 'periode/fin'), 'end'),
        recruitment: lookup(RECRUITMENT, first(session, 'etat-recrutement')) ?? 'open',
      });
    }
    const modality = lookup(TEACHING, first(action, 'modalites-enseignement'));
    if (modality) modalities.add(modality);
    if (first(action, 'prise-en-charge-frais-possible') === '1') fundingPossible = true;
    const price = priceOf(action);
    if (price !== null) prices.push(price);
    publics.push(...texts(action, 'code-public-vise'));
    accessibility ??= first(action, 'acces-handicapes');
  }

  const costEuros = prices.length ? Math.min(...prices) : null;
  return {
    source: LHEO_SOURCE,
    sourceId,
    title,
    description: plainText(first(formation, 'objectif-formation')),
    kind: kindOf(formation, title),
    provider: providerOf(all(formation, 'organisme-formation-responsable')[0]),
    romeCodes: unique(texts(formation, 'domaine-formation/code-ROME').map((c) => c.toUpperCase()).filter((c) => /^[A-N]\d{4}$/.test(c))),
    formacodes: unique(texts(formation, 'domaine-formation/code-FORMACODE').filter((c) => /^\d{5}$/.test(c))),
    nsfCodes: unique(texts(formation, 'domaine-formation/code-NSF')),
    audiences: audiencesOf(publics),
    modality: modalities.size === 0 ? null : modalities.size === 1 ? [...modalities][0] : 'mixte',
    free: costEuros === 0,
    cpf: texts(formation, 'certification/code-CPF').length > 0,
    fundingPossible,
    costEuros,
    accessibility,
    url: webAddress(first(formation, 'url-formation/urlweb')),
    places,
    sessions,
  };
}

const TEACHING: Record<string, Modality> = { '0': 'presentiel', '1': 'mixte', '2': 'distance' };
const RECRUITMENT: Record<string, Recruitment> = { '1': 'open', '2': 'closed', '3': 'suspended' };

// Accents removed, lower case: see the rule at the top of the file.
const CQP_TITLE = /^(cqp|cqpi|certificat de qualification professionnelle)\b/;
const DIPLOMA_TITLE =
  /^(cap|capa|bep|bp|bpjeps|brevet professionnel|brevet de technicien|bts|btsa|bac|baccalaureat|dut|but|deust|dnmade|dma|licence|master|doctorat|diplome|titre professionnel|tp|mention complementaire|mc)\b/;

function kindOf(formation: XmlNode, title: string): OfferKind {
  const registered = texts(formation, 'certification/code-RNCP').length + texts(formation, 'certification/code-CERTIFINFO').length > 0;
  const specific = texts(formation, 'certification/code-RS').length > 0;
  if (first(formation, 'certifiante') !== '1' || !(registered || specific)) return 'training_course';
  const words = title.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (CQP_TITLE.test(words)) return 'cqp';
  return registered && DIPLOMA_TITLE.test(words) ? 'diploma' : 'certification';
}

function placeOf(coordinates: XmlNode, actionId: string | null): PlaceInput | null {
  const address = all(coordinates, 'adresse')[0];
  const town = [first(address, 'codepostal'), first(address, 'ville')].filter(Boolean).join(' ');
  const insee = first(address, 'code-INSEE-commune')?.toUpperCase() ?? null;
  const place = {
    sourceId: actionId,
    name: texts(coordinates, 'ligne').join(' ') || first(address, 'denomination'),
    address: [...texts(address, 'ligne'), town].filter(Boolean).join(', ') || null,
    communeInsee: insee && /^(\d{5}|2[AB]\d{3})$/.test(insee) ? insee : null,
    communeName: first(address, 'ville'),
    latitude: coordinate(first(address, 'geolocalisation/latitude'), 90),
    longitude: coordinate(first(address, 'geolocalisation/longitude'), 180),
  };
  return place.name || place.address || place.communeInsee || place.latitude !== null ? place : null;
}

function coordinate(text: string | null, limit: number): number | null {
  const value = decimal(text);
  return value !== null && Math.abs(value) <= limit ? value : null;
}

/** "2 450,50 €" → 2450.5; null when not a number. */
function decimal(text: string | null): number | null {
  if (!text) return null;
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  const value = /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : NaN;
  return Number.isFinite(value) ? value : null;
}

function priceOf(action: XmlNode): number | null {
  const total = decimal(first(action, 'prix-total-TTC'));
  if (total !== null) return total >= 0 ? total : null;
  const hourly = decimal(first(action, 'prix-horaire-TTC'));
  const hours = decimal(first(action, 'nombre-heures-total'));
  return hourly !== null && hours !== null && hourly >= 0 && hours >= 0 ? Math.round(hourly * hours * 100) / 100 : null;
}

/**
 * FORMACODE public codes (dict-public-vise-formacode-V10, lheo/lheo-schema `definition/`) → audiences.
 * Job seekers: 800xx; young people: "Jeune", "Public de la formation initiale" (pupils and students),
 * "Demandeur d'emploi moins de 26 ans"; employees: 820xx, apprentices also counting as young people;
 * everyone: "Tout public", "Particulier, individuel". Other publics (women, refugees, craftsmen…)
 * name no audience of ours.
 */
const PUBLIC_AUDIENCES: Record<string, Audience[]> = {
  ...Object.fromEntries(
    ['80001', '80003', '80004', '80005', '80006', '80007', '80008', '80010', '80015', '80019', '80023', '80026'].map((c) => [c, ['job_seekers']]),
  ),
  '80009': ['job_seekers', 'youth_16_25'],
  '80098': ['youth_16_25'],
  '81024': ['youth_16_25'],
  '81061': ['youth_16_25'],
  ...Object.fromEntries(
    ['82029', '82044', '82045', '82046', '82047', '82055', '82058', '82065', '82066', '82070', '82071', '82072', '82073', '82074'].map((c) => [c, ['employees']]),
  ),
  '82027': ['employees', 'youth_16_25'],
  '81050': ['everyone'],
  '83056': ['everyone'],
};

function audiencesOf(publicCodes: string[]): Audience[] {
  const found = new Set(publicCodes.flatMap((c) => lookup(PUBLIC_AUDIENCES, c) ?? []));
  if (found.size === 0 || found.has('everyone')) return ['everyone'];
  return AUDIENCES.filter((a) => found.has(a));
}

function providerOf(organisation: XmlNode | undefined): OfferInput['provider'] {
  if (!organisation) return null;
  const name = first(organisation, 'nom-organisme') ?? first(organisation, 'raison-sociale');
  if (!name) return null;
  const siret = first(organisation, 'SIRET-organisme-formation/SIRET')?.replace(/\s/g, '') ?? null;
  const coordinates = [...all(organisation, 'coordonnees-organisme/coordonnees'), ...all(organisation, 'contact-organisme/coordonnees')];
  const firstOf = (path: string) => coordinates.map((c) => first(c, path)).find((v) => v) ?? null;
  return {
    name,
    siret: siret && /^\d{14}$/.test(siret) ? siret : null,
    contact: firstOf('telfixe/numtel') ?? firstOf('portable/numtel') ?? firstOf('courriel'),
    website: webAddress(firstOf('web/urlweb')),
  };
}

/** A web address as published, with "http://" added to a bare domain; null when it is not one. */
function webAddress(text: string | null): string | null {
  if (!text || /\s/.test(text)) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return text;
  return /^[\w-]+(\.[\w-]+)+(:\d+)?([/?#].*)?$/.test(text) ? `http://${text}` : null;
}

/** LHEO dates: AAAAMMJJ, AAAAMM00 (a month), AAAA0000 (a year), 00000000 (unknown), 99999999 (none). */
export function lheoDate(text: string | null, edge: 'start' | 'end'): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text ?? '');
  if (!m || m[1] === '0000' || m[1] === '9999') return null;
  const year = Number(m[1]);
  let month = Number(m[2]);
  let day = Number(m[3]);
  if (month === 0) {
    if (day !== 0) return null;
    month = edge === 'start' ? 1 : 12;
  }
  if (day === 0) day = edge === 'start' ? 1 : new Date(Date.UTC(year, month, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

// ── HTML to plain text ───────────────────────────────────────────────────────────────────────────

const DESCRIPTION_MAX = 1000;

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
  laquo: '«', raquo: '»', hellip: '…', ndash: '–', mdash: '—', euro: '€', deg: '°', middot: '·', bull: '•', oelig: 'œ', OElig: 'Œ',
  agrave: 'à', acirc: 'â', auml: 'ä', ccedil: 'ç', egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', icirc: 'î', iuml: 'ï',
  ocirc: 'ô', ouml: 'ö', ugrave: 'ù', ucirc: 'û', uuml: 'ü', yuml: 'ÿ', Agrave: 'À', Acirc: 'Â', Ccedil: 'Ç', Egrave: 'È',
  Eacute: 'É', Ecirc: 'Ê', Icirc: 'Î', Ocirc: 'Ô', Ucirc: 'Û',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return lookup(ENTITIES, name) ?? whole;
  });
}

const TAG = /<(\/?)([a-z][a-z0-9]*)(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->/gi;
const HAS_TAG = new RegExp(TAG.source, 'i');
// Tags that separate words; the others (b, i, span, a…) may sit inside a word.
const BLOCK = /^(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|hr|dl|dt|dd|blockquote|section|article)$/i;

function dropTags(html: string): string {
  return html.replace(TAG, (whole, _slash, name: string | undefined) => (name && !BLOCK.test(name) ? '' : ' '));
}

/** HTML (escaped in the XML, sometimes twice) → plain text of at most DESCRIPTION_MAX characters; null when nothing is left. */
export function plainText(html: string | null, max = DESCRIPTION_MAX): string | null {
  if (!html) return null;
  let text = decodeEntities(dropTags(html));
  if (HAS_TAG.test(text)) text = decodeEntities(dropTags(text)); // escaped twice by the producer
  text = text.replace(/\s+/g, ' ').replace(/ ([,.)])/g, '$1').trim();
  if (!text || text === '-') return null;
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1); // the last word that fits with the "…"
  return `${text.slice(0, space > max / 2 ? space : max - 1).replace(/[\s,;:.]+$/, '')}…`;
}

/** A value of a code table: only its own keys, whatever the file says ("constructor"…). */
function lookup<T>(table: Record<string, T>, key: string | null): T | undefined {
  return key !== null && Object.hasOwn(table, key) ? table[key] : undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
