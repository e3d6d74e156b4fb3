// Where the training need is: a commune or arrondissement of the Métropole de Lyon, or a place outside it,
// found in free French text. Everything is derived from @etalab/decoupage-administratif at start-up; the rules
// and their reasons are in services/understanding/data/README.md ("Places").
import fs from 'fs';
import path from 'path';
import { mentionAt, type Mention, type Normalized } from './normalize';

export interface PlaceMatch extends Mention {
  /** INSEE code: the Métropole commune or Lyon arrondissement (69381–69389; "Lyon" alone is 69123); for a place outside, its own code when the commune is known, else null. */
  insee: string | null;
  /** Official name ("Oullins-Pierre-Bénite", "Lyon 3e Arrondissement" as in the data, "Grenoble"), or the words as said when unknown. */
  name: string;
  inMetropole: boolean;
}

const METROPOLE_SIREN = '200046977';

interface RawCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  population?: number;
  codesPostaux?: string[];
  chefLieu?: string;
  commune?: string;
  departement?: string;
}

interface Epci {
  code: string;
  nom: string;
  membres: { code: string }[];
}

/** A département (with its region) or a region. */
interface Area {
  code: string;
  nom: string;
  region?: string;
}

interface Place {
  insee: string | null;
  name: string;
  inMetropole: boolean;
  population: number;
  postcodes: readonly string[];
}

/** A Métropole name: official, former (merged commune), without its article, a rule-derived short form, or the Métropole itself. */
interface MetroName {
  place: Place;
  /** A short form ("Vaulx", "Caluire"), less distinctive than a full name ("des cailloux"): needs a capital or a locative cue. */
  needsCue: boolean;
}

/** What a name (normalised words joined by spaces) stands for. */
interface Named {
  metro?: MetroName;
  /** French communes (current first, most populous first) bearing this name. */
  france?: Place[];
  /** A département or region that does not contain the Métropole. */
  area?: Place;
}

// Spellings of the same word in place names ("St-Priest", "Ste-Foy-lez-Lyon", "Saint-Cyr-au-Mt-d'Or").
const CANONICAL: Record<string, string> = { st: 'saint', ste: 'sainte', mt: 'mont', lez: 'les' };
const ARTICLES = new Set(['la', 'le', 'les', 'l']);
// Words that join the parts of a name: a short form never ends on one ("Caluire-et-Cuire" gives "Caluire", not "Caluire et").
const LINKING = new Set([...ARTICLES, 'et', 'en', 'sur', 'sous', 'au', 'aux', 'de', 'd', 'du', 'des', 'saint', 'sainte']);

// Locative cues before a name outside the Métropole. "à"/"sur" are weak ("à Marie" is a person): with them a
// single capitalised word must be a commune of some size. A noun + "de" ("site de", "près de") is strong.
const WEAK_CUES = new Set(['a', 'sur']);
const STRONG_CUE_NOUNS = new Set(
  'site sites agence agences usine usines entrepot entrepots depot depots magasin magasins boutique bureau bureaux antenne antennes etablissement etablissements succursale campus atelier ateliers chantier chantiers plateforme base centre region secteur zone bassin cote pres proche autour peripherie environs alentours commune ville agglomeration'.split(' '),
);
const AREA_CUES = new Set(['en', 'dans']);
// A place name right after these is part of a company or a person's name ("chez Lyon Métal Services", "M. Bron").
const COMPANY_CUES = new Set('societe entreprise groupe chez sarl sas sasu eurl ets etablissements cabinet enseigne marque club association'.split(' '));
const PERSON_CUES = new Set('m mr mme mlle monsieur madame mademoiselle dr docteur collegue prenom'.split(' '));
// Months and days are communes too ("Mars", "Avril"): never a place, even capitalised.
const NEVER = new Set('janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre lundi mardi mercredi jeudi vendredi samedi dimanche'.split(' '));
// Common French words that are also the names of communes of 10,000 inhabitants or more, the only communes outside
// the Métropole accepted when written in lower case ("à tours de rôle", "sur port", "maçon"). Compared without the article.
const COMMON = new Set(
  'sens tours orange plaisir croix fontaine avion fosses apt lens garde port moule possession union fleche riche madeleine trinite pace luce ifs vitre lattes menton cannes saintes trappes sceaux houilles persan pantin lilas tampon gosier abymes avirons herbiers gaillard macon valence colombes'.split(' '),
);
const LOWER_CASE_MIN_POPULATION = 10_000;
const WEAK_CUE_MIN_POPULATION = 2_000;
// Words after a number that do not make it a quantity ("Lyon 3 et Villeurbanne" vs "Lyon 3 caristes").
const FUNCTION_WORDS = new Set(
  'et ou pour avec sur a au aux de d du des en le la les l dans mais car donc puis on nous je j il elle ils elles c ce ca qui que qu depuis entre chez par vers pres cedex ici'.split(' '),
);
const ARRONDISSEMENT_WORDS = new Set('arrondissement arrondissements arr arrt arrdt ardt arrond arrondt'.split(' '));
const ORDINAL_WORDS = 'premier deuxieme troisieme quatrieme cinquieme sixieme septieme huitieme neuvieme'.split(' ');
const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix'];
// Said before the answer to "Dans quelle commune ?": "c'est à Bron", "on est sur Lyon 3", "ville de Genas".
const ANSWER_FILLERS = new Set(
  'c cest est ce sera serait a au sur dans la le l en on nous je suis sommes ca se passe ville commune de d du plutot euh ben bah oui alors situe situee situes situees base basee bases basees'.split(' '),
);

interface Token {
  word: string;
  start: number;
  end: number;
}

type Cue = 'weak' | 'strong' | 'area' | 'answer';

interface Found {
  place: Place;
  from: number;
  to: number;
  lastToken: number;
  /** The cue that let it in, passed on to the next place of a list ("à Lyon, Grenoble et Annecy"). */
  cue?: Cue;
}

export class PlaceIndex {
  private readonly names = new Map<string, Named>();
  /** For each first word of a name, the most words a name starting with it has: most words start none. */
  private readonly longestFrom = new Map<string, number>();
  private readonly byPostcode = new Map<string, Place[]>();
  private readonly members: Place[] = [];
  private lyon!: Place; // the member commune with arrondissements
  private readonly lyonArrondissements: Place[] = [];

  private constructor() {}

  static load(): PlaceIndex {
    const index = new PlaceIndex();
    index.build(readData<RawCommune[]>('communes.json'), metropoleEpci(), readData<Area[]>('departements.json'), readData<Area[]>('regions.json'));
    return index;
  }

  find(text: Normalized): PlaceMatch[] {
    return new Scan(this, text).run().map((f) => this.toMatch(text, f));
  }

  answer(text: Normalized): PlaceMatch | undefined {
    const scan = new Scan(this, text);
    scan.answerAt = scan.tokens.findIndex((t) => !ANSWER_FILLERS.has(t.word));
    const [first] = scan.run();
    return first && this.toMatch(text, first);
  }

  metropole(): { insee: string; name: string }[] {
    return this.members.map((p) => ({ insee: p.insee!, name: p.name }));
  }

  // ---- building ----

  private build(communes: RawCommune[], epci: Epci, departements: Area[], regions: Area[]) {
    const memberCodes = new Set(epci.membres.map((m) => m.code));
    const withArrondissements = new Set<string>();
    const chefsLieux = new Map<string, Place | undefined>();
    for (const c of communes) {
      if (c.commune) withArrondissements.add(c.commune);
      if (c.chefLieu) chefsLieux.set(c.chefLieu, undefined);
    }
    const place = (c: RawCommune, inMetropole: boolean): Place => ({ insee: c.code, name: c.nom, inMetropole, population: c.population ?? 0, postcodes: c.codesPostaux ?? [] });
    for (const c of communes) {
      if (c.type === 'commune-actuelle') {
        const p = place(c, memberCodes.has(c.code));
        if (chefsLieux.has(c.code)) chefsLieux.set(c.code, p);
        this.addFrance(c.nom, p);
        // Lyon, Paris, Marseille: their postcodes belong to their arrondissements.
        if (withArrondissements.has(c.code)) {
          if (p.inMetropole) this.lyon = p;
        } else this.addPostcodes(p);
        if (p.inMetropole) this.members.push(p);
      } else if (c.type === 'arrondissement-municipal') {
        const p = place(c, memberCodes.has(c.commune!));
        this.addPostcodes(p);
        if (p.inMetropole) {
          this.members.push(p);
          this.lyonArrondissements[Number(/\d+/.exec(c.nom)![0])] = p; // "Lyon 3e Arrondissement"
        }
      }
    }
    // Former communes merged into a current one ("Pierre-Bénite" → Oullins-Pierre-Bénite) stand for it.
    for (const c of communes) {
      const chef = c.chefLieu && (c.type === 'commune-deleguee' || c.type === 'commune-associee') ? chefsLieux.get(c.chefLieu) : undefined;
      if (chef?.inMetropole) this.addMetro(c.nom, chef, false);
      else if (chef) this.addFrance(c.nom, { ...chef, population: 0 });
    }
    this.members.sort((a, b) => a.insee!.localeCompare(b.insee!));
    const local = communes.filter((c) => memberCodes.has(c.code));
    this.addMetroNames(
      this.members.filter((p) => memberCodes.has(p.insee!)),
      communes,
      new Set(local.map((c) => c.departement)),
    );
    this.addMetropoleItself(epci.nom);
    this.addAreas(departements, regions, local);
  }

  private addMetroNames(members: Place[], communes: RawCommune[], memberDepartements: Set<string | undefined>) {
    for (const p of members) {
      this.addMetro(p.name, p, false);
      const words = keyOf(p.name).split(' ');
      // "La Mulatière" is also written "Mulatière".
      if (ARTICLES.has(words[0])) this.addMetro(words.slice(1).join(' '), p, false);
    }
    // Short forms: a prefix of a member's name ("Caluire", "Vaulx", "Sainte-Foy", "Décines") when it belongs to one
    // member only and is not the name of another commune of the same département ("Marcy" is a commune of the Rhône).
    const owners = new Map<string, Set<Place>>();
    for (const p of members) {
      const words = keyOf(p.name).split(' ');
      for (let k = 1; k < words.length; k++) {
        const prefix = words.slice(0, k).join(' ');
        if (!owners.has(prefix)) owners.set(prefix, new Set());
        owners.get(prefix)!.add(p);
      }
    }
    const localNames = new Set(communes.filter((c) => c.type === 'commune-actuelle' && memberDepartements.has(c.departement!)).map((c) => keyOf(c.nom)));
    for (const [prefix, places] of owners) {
      const words = prefix.split(' ');
      if (places.size !== 1 || LINKING.has(words[words.length - 1]) || ARTICLES.has(words[0]) || localNames.has(prefix)) continue;
      const named = this.named(prefix);
      if (named.metro) continue;
      named.metro = { place: [...places][0], needsCue: true };
    }
  }

  private addMetropoleItself(name: string) {
    const metropole: Place = { insee: null, name, inMetropole: true, population: 0, postcodes: [] };
    for (const alias of [name, 'Métropole lyonnaise', 'Grand Lyon', 'Métropole du Grand Lyon', 'Lyon Métropole']) this.addMetro(alias, metropole, false);
  }

  // Départements and regions, except those containing the Métropole ("dans le Rhône" says nothing either way).
  private addAreas(departements: Area[], regions: Area[], members: RawCommune[]) {
    const ownDepartements = new Set(members.map((c) => c.departement));
    const ownRegions = new Set(departements.filter((d) => ownDepartements.has(d.code)).map((d) => d.region));
    for (const d of departements) if (!ownDepartements.has(d.code)) this.named(keyOf(d.nom)).area ??= area(d.nom);
    for (const r of regions) if (!ownRegions.has(r.code)) this.named(keyOf(r.nom)).area ??= area(r.nom);
  }

  private addMetro(name: string, place: Place, needsCue: boolean) {
    this.named(keyOf(name)).metro ??= { place, needsCue };
  }

  private addFrance(name: string, place: Place) {
    const named = this.named(keyOf(name));
    (named.france ??= []).push(place);
    if (named.france.length > 1) named.france.sort((a, b) => b.population - a.population);
  }

  private addPostcodes(place: Place) {
    for (const code of place.postcodes) {
      const list = this.byPostcode.get(code);
      if (list) list.push(place);
      else this.byPostcode.set(code, [place]);
    }
  }

  private named(key: string): Named {
    let named = this.names.get(key);
    if (!named) {
      this.names.set(key, (named = {}));
      const space = key.indexOf(' ');
      const first = space < 0 ? key : key.slice(0, space);
      let count = 1;
      for (let i = space; i >= 0; i = key.indexOf(' ', i + 1)) count++;
      if (count > (this.longestFrom.get(first) ?? 0)) this.longestFrom.set(first, count);
    }
    return named;
  }

  // ---- used by Scan ----

  /** The longest name starting at token i, and the token after it. */
  longest(tokens: Token[], i: number): { named: Named; to: number } | undefined {
    const most = Math.min(this.longestFrom.get(tokens[i]?.word) ?? 0, tokens.length - i);
    const keys: string[] = [];
    for (let k = 0; k < most; k++) keys.push(k === 0 ? tokens[i].word : `${keys[k - 1]} ${tokens[i + k].word}`);
    for (let k = most - 1; k >= 0; k--) {
      const named = this.names.get(keys[k]);
      if (named) return { named, to: i + k + 1 };
    }
    return undefined;
  }

  postcode(word: string): Place[] | undefined {
    return /^\d{5}$/.test(word) ? this.byPostcode.get(word) : undefined;
  }

  isLyon(place: Place): boolean {
    return place === this.lyon;
  }

  isLyonArrondissement(place: Place): boolean {
    return this.lyonArrondissements.includes(place);
  }

  arrondissement(n: number): Place | undefined {
    return this.lyonArrondissements[n];
  }

  private toMatch(text: Normalized, f: Found): PlaceMatch {
    const mention = mentionAt(text, f.from, f.to);
    // "Bourgoin-Jallieu (38300)": close what the mention opened.
    if (mention.said.includes('(') && !mention.said.includes(')') && text.original[mention.span[1]] === ')') {
      mention.span[1]++;
      mention.said += ')';
    }
    return { ...mention, insee: f.place.insee, name: f.place.name, inMetropole: f.place.inMetropole };
  }
}

/** One pass over one message. Positions in Found are in the normalised text. */
class Scan {
  readonly tokens: Token[];
  answerAt = -1;
  private readonly found: Found[] = [];
  private readonly caseInformative: boolean;

  constructor(
    private readonly index: PlaceIndex,
    private readonly n: Normalized,
  ) {
    this.tokens = tokenize(n.text);
    this.caseInformative = /\p{Lu}/u.test(n.original) && /\p{Ll}/u.test(n.original);
  }

  run(): Found[] {
    for (let i = 0; i < this.tokens.length; ) i = this.at(i);
    return this.found;
  }

  /** Looks for a place starting at token i; returns the next token to look at. */
  private at(i: number): number {
    return this.arrondissementAlone(i) ?? this.postcodeAndName(i) ?? this.name(i) ?? this.postcodeAlone(i) ?? i + 1;
  }

  // "3e arrondissement", "IIIe arr. de Lyon", and "Lyon 3e, 6e et 7e".
  private arrondissementAlone(i: number): number | undefined {
    const ordinal = this.ordinal(i);
    if (ordinal === undefined) return undefined;
    const last = this.found[this.found.length - 1];
    const afterLyonArrondissement = last && this.index.isLyonArrondissement(last.place) && this.listed(last.lastToken, i);
    const hasWord = ARRONDISSEMENT_WORDS.has(this.word(i + 1));
    if (!hasWord && !(afterLyonArrondissement && ordinal.explicit)) return undefined;
    let to = hasWord ? i + 2 : i + 1;
    if (hasWord && ['de', 'du', 'd'].includes(this.word(to))) {
      if (this.word(to + 1) !== 'lyon') return to; // "5e arrondissement de Paris": not Lyon's
      to += 2;
    }
    return this.push(this.index.arrondissement(ordinal.n)!, i, to);
  }

  // "69003 Lyon", "Lyon 69003", "Bourgoin-Jallieu (38300)": the name picks among the communes of the postcode.
  private postcodeAndName(i: number): number | undefined {
    const byCode = this.index.postcode(this.word(i));
    if (byCode && this.adjacent(i, i + 1)) {
      const name = this.index.longest(this.tokens, i + 1);
      const place = name && pick(name.named, byCode, this.index);
      if (place) return this.push(place, i, name.to);
    }
    const name = this.index.longest(this.tokens, i);
    const after = name && this.index.postcode(this.word(name.to));
    if (name && after && this.adjacent(name.to - 1, name.to)) {
      const place = pick(name.named, after, this.index);
      if (place) return this.push(place, i, name.to + 1);
    }
    return undefined;
  }

  private name(i: number): number | undefined {
    const lyonGlued = /^lyon(0?[1-9])(er|e|eme|em|me|ieme)?$/.exec(this.word(i));
    if (lyonGlued) return this.push(this.index.arrondissement(Number(lyonGlued[1]))!, i, i + 1);
    const match = this.index.longest(this.tokens, i);
    if (!match) return undefined;
    const { named, to } = match;
    const cue = this.cue(i);
    if (this.partOfOtherName(i, to, cue)) return to;
    if (named.metro) {
      const { place, needsCue } = named.metro;
      if (needsCue && !cue && !this.capitalised(i)) return to;
      if (this.index.isLyon(place)) return this.lyonArrondissementAfter(place, i, to, cue);
      return this.push(place, i, to, cue);
    }
    // "en Isère", "dans la Vienne"; but "à Vienne" and the answer "Paris" are the communes.
    const areaCue = cue === 'area' || (cue === 'answer' && !named.france);
    if (named.area && areaCue && this.capitalised(i)) return this.push(named.area, i, to, cue);
    // "Croix-Rousse" is not Croix: a hyphen glues the name to words that are not in the data.
    const compound = to < this.tokens.length && /^-$/.test(this.between(to - 1, to)) && /^\p{Lu}/u.test(this.said(to, to + 1));
    if (named.france && !compound && this.acceptsOutside(named.france[0], i, to, cue)) return this.push(named.france[0], i, to, cue);
    // The words are another commune's name ("Saint-Priest-en-Jarez"): no shorter place inside them.
    return to;
  }

  // "Lyon 3", "Lyon 3e", "Lyon 03", "Lyon IIIe", "Lyon 3ème arr." — but not "Lyon 3 caristes" nor "Lyon, 3 sessions".
  private lyonArrondissementAfter(lyon: Place, i: number, to: number, cue: Cue | undefined): number {
    const ordinal = this.ordinal(to);
    const joined = ordinal && /^[\s\-–(]*$/.test(this.between(to - 1, to));
    if (!ordinal || !joined || (!ordinal.explicit && this.quantity(to))) return this.push(lyon, i, to, cue);
    let end = to + 1;
    if (ARRONDISSEMENT_WORDS.has(this.word(end))) end++;
    return this.push(this.index.arrondissement(ordinal.n)!, i, end, cue);
  }

  private postcodeAlone(i: number): number | undefined {
    const places = this.index.postcode(this.word(i));
    if (!places || this.quantity(i)) return undefined;
    const inMetropole = places.some((p) => p.inMetropole);
    const cue = this.cue(i) ?? (['postal', 'cp'].includes(this.word(i - 1)) ? 'strong' : undefined);
    if (!inMetropole && !cue) return undefined;
    // Several communes share it (69250: six of them): which one is not known yet.
    const place: Place = places.length === 1 ? places[0] : { insee: null, name: this.said(i, i + 1), inMetropole, population: 0, postcodes: [] };
    return this.push(place, i, i + 1, cue);
  }

  private acceptsOutside(place: Place, i: number, to: number, cue: Cue | undefined): boolean {
    const words = this.tokens.slice(i, to).map((t) => t.word);
    if (!cue || cue === 'area' || (words.length === 1 && NEVER.has(words[0]))) return false;
    const distinctive = words.length > 1 || place.population >= WEAK_CUE_MIN_POPULATION;
    if (this.capitalised(i)) return cue === 'strong' || distinctive;
    if (COMMON.has(words.filter((w) => !ARTICLES.has(w)).join(' '))) return false;
    // In lower case only towns big enough to be meant, or the whole answer to "Dans quelle commune ?" ("chaponost").
    return place.population >= LOWER_CASE_MIN_POPULATION || (cue === 'answer' && to === this.tokens.length && distinctive);
  }

  /** A company ("chez Lyon Métal Services", "Grand Lyon Habitat"), a person ("M. Bron", "Charly Martin"), a web address. */
  private partOfOtherName(i: number, to: number, cue: Cue | undefined): boolean {
    const before = this.word(i - 1);
    if (PERSON_CUES.has(before) || this.afterCompanyWord(i) || this.inIdentifier(i, to)) return true;
    if (cue || STRONG_CUE_NOUNS.has(before) || !this.caseInformative || to >= this.tokens.length) return false;
    // A capitalised word glued after it continues a proper name, unless it starts another Métropole place.
    const next = this.tokens[to];
    const nextSaid = this.said(to, to + 1);
    if (!/^[\s-]+$/.test(this.between(to - 1, to)) || !/^\p{Lu}/u.test(nextSaid) || !/\p{Ll}/u.test(nextSaid)) return false;
    return !this.index.longest(this.tokens, to)?.named.metro && !ARRONDISSEMENT_WORDS.has(next.word) && !this.ordinal(to);
  }

  /** "chez Lyon Métal", "la société Bron et fils", "chez Keolis Lyon": a company word, then only capitalised words. */
  private afterCompanyWord(i: number): boolean {
    for (let k = i - 1; k >= 0 && i - k <= 3; k--) {
      if (COMPANY_CUES.has(this.word(k))) return true;
      if (!this.caseInformative || !/^\p{Lu}/u.test(this.said(k, k + 1))) return false;
    }
    return false;
  }

  private inIdentifier(i: number, to: number): boolean {
    const s = this.n.original;
    const [start, end] = [this.n.at[this.tokens[i].start], this.n.at[this.tokens[to - 1].end - 1] + 1];
    return /[\p{L}\d][.@_]$/u.test(s.slice(Math.max(0, start - 2), start)) || /^[.@_][\p{Ll}\d]/u.test(s.slice(end, end + 2));
  }

  private cue(i: number): Cue | undefined {
    const [w1, w2] = [this.word(i - 1), this.word(i - 2)];
    if ((['de', 'd', 'du'].includes(w1) && STRONG_CUE_NOUNS.has(w2)) || w1 === 'pres' || w1 === 'proche') return 'strong';
    if (AREA_CUES.has(w1) || (ARTICLES.has(w1) && w2 === 'dans')) return 'area';
    if (i === this.answerAt) return 'answer';
    if (WEAK_CUES.has(w1)) return 'weak';
    return this.listCue(i);
  }

  // The next place of a list takes the cue of the first: "à Lyon, Grenoble et Annecy".
  private listCue(i: number): Cue | undefined {
    const last = this.found[this.found.length - 1];
    if (!last || !this.listed(last.lastToken, i)) return undefined;
    return last.cue ?? 'weak';
  }

  /** Token j follows token k as the next item of a list: a comma, "et", "ou"... */
  private listed(k: number, j: number): boolean {
    if (j === k + 1) return /^\s*[,;/&+]\s*$/.test(this.between(k, j));
    return j === k + 2 && ['et', 'ou', 'puis'].includes(this.word(k + 1));
  }

  /** 1–9 as written after "Lyon" or before "arrondissement": explicit when it has an ordinal form. */
  private ordinal(i: number): { n: number; explicit: boolean } | undefined {
    const word = this.word(i);
    const digits = /^0?([1-9])(er|ere|e|eme|em|me|ieme)?$/.exec(word);
    if (digits) return { n: Number(digits[1]), explicit: !!digits[2] };
    const roman = /^([ivx]+)(er|e|eme|me)?$/.exec(word);
    // Roman numerals only when written in capitals ("Lyon IIIe"), so that no ordinary word is read as one.
    if (roman && ROMAN.includes(roman[1]) && /^[IVX]+/.test(this.said(i, i + 1))) return { n: ROMAN.indexOf(roman[1]) + 1, explicit: true };
    const index = ORDINAL_WORDS.indexOf(word);
    return index >= 0 ? { n: index + 1, explicit: true } : undefined;
  }

  /** The number at token i counts something: "3 caristes", "69100 €". */
  private quantity(i: number): boolean {
    const rest = this.n.original.slice(this.n.at[this.tokens[i].end - 1] + 1);
    if (/^\s*[€$£%]/.test(rest)) return true;
    if (i + 1 >= this.tokens.length || !/^\s+$/.test(this.between(i, i + 1))) return false;
    return /^\p{Ll}/u.test(this.said(i + 1, i + 2)) && !FUNCTION_WORDS.has(this.word(i + 1));
  }

  private adjacent(k: number, j: number): boolean {
    return j < this.tokens.length && /^[\s\-–(),]*$/.test(this.between(k, j));
  }

  /** Capitalised as written, when the message uses both cases. */
  private capitalised(i: number): boolean {
    return this.caseInformative && /^\p{Lu}/u.test(this.said(i, i + 1));
  }

  private push(place: Place, from: number, to: number, cue?: Cue): number {
    // "Lyon 3e (69003)": one place said twice.
    const last = this.found[this.found.length - 1];
    if (last && last.place === place && last.lastToken === from - 1 && this.adjacent(from - 1, from)) {
      last.to = this.tokens[to - 1].end;
      last.lastToken = to - 1;
      return to;
    }
    this.found.push({ place, from: this.tokens[from].start, to: this.tokens[to - 1].end, lastToken: to - 1, cue });
    return to;
  }

  private word(i: number): string {
    return i >= 0 && i < this.tokens.length ? this.tokens[i].word : '';
  }

  private said(from: number, to: number): string {
    return mentionAt(this.n, this.tokens[from].start, this.tokens[to - 1].end).said;
  }

  /** The original characters between token k and token j. */
  private between(k: number, j: number): string {
    return this.n.original.slice(this.n.at[this.tokens[k].end - 1] + 1, this.n.at[this.tokens[j].start]);
  }
}

/** The commune that the name and the postcode agree on; Lyon with 69003 is its 3rd arrondissement. */
function pick(named: Named, byCode: Place[], index: PlaceIndex): Place | undefined {
  if (named.metro && index.isLyon(named.metro.place)) return byCode.find((p) => index.isLyonArrondissement(p));
  const candidates = [named.metro?.place, ...(named.france ?? [])];
  return byCode.find((p) => candidates.some((c) => c && c.insee === p.insee));
}

// Words of the normalised text; "/" and "@" split words here ("Lyon/Villeurbanne"), and "s/" is "sur" ("Neuville s/ Saône").
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[a-z0-9]+/g)) {
    const end = m.index + m[0].length;
    const word = m[0] === 's' && text[end] === '/' ? 'sur' : (CANONICAL[m[0]] ?? m[0]);
    tokens.push({ word, start: m.index, end });
  }
  return tokens;
}

// A name as the words of the normalised text, joined by spaces: the same form as normalize() gives (checked on every
// name of the data), with tokenize()'s spellings, and a few times faster on 37,000 names.
function keyOf(name: string): string {
  let folded = name.toLowerCase();
  if (/[^\x00-\x7f]/.test(folded)) folded = folded.replace(/œ/g, 'oe').replace(/æ/g, 'ae').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return folded
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\b(st|ste|mt|lez)\b/g, (w) => CANONICAL[w]);
}

function area(name: string): Place {
  return { insee: null, name, inMetropole: false, population: 0, postcodes: [] };
}

function readData<T>(file: string): T {
  return JSON.parse(readText(file));
}

let dataDir: string | undefined;

function readText(file: string): string {
  // Resolved once: under tsx each require.resolve is a round trip to the loader thread.
  dataDir ??= path.join(path.dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
  return fs.readFileSync(path.join(dataDir, file), 'utf8');
}

// epci.json is 4 MB for the one entry needed: parse only that object (a third of the start-up time otherwise).
function metropoleEpci(): Epci {
  const json = readText('epci.json');
  const start = json.indexOf(`{"code":"${METROPOLE_SIREN}"`);
  if (start < 0) {
    const epci = (JSON.parse(json) as Epci[]).find((e) => e.code === METROPOLE_SIREN);
    if (!epci) throw new Error(`epci.json: no Métropole de Lyon (${METROPOLE_SIREN})`);
    return epci;
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return JSON.parse(json.slice(start, i + 1));
  }
  throw new Error('epci.json: unterminated entry for the Métropole de Lyon');
}
