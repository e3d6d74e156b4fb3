// The starter catalogue: demonstration offers for a fresh install, so that the bot can already orient
// people in the Métropole de Lyon before a real catalogue (an LHEO file) is imported.
//
// What is real and what is not. Source: the author's knowledge of public facts, not a data file.
// Provider names and places (libraries, MJCs, FabLabs, universities, training centres) are real as far
// as the author knew; the mobile FabLab is invented and names no operator. Addresses are given only
// when known, otherwise the district or null; coordinates (4 decimals) are approximate, the district's
// centre when the exact spot was not known; check them against the Base Adresse Nationale before
// relying on them. Which programme a provider runs at which place is kept generic when it was not
// known. Sessions, dates, durations, prices and recruitment states are INVENTED. Every offer is marked
// demo: true so that the search and the dialogs can say so, and sessions are computed from `today`
// so that the demonstration never shows past dates. No phone number, SIRET or e-mail address is
// given, and web addresses are only those of sites known to exist.
import type { CatalogueStore } from './catalogue';
import type { ImportReport, OfferInput, PlaceInput, ProviderInput, SessionInput } from './types';

const SOURCE = 'demo';

// ---------------------------------------------------------------- dates relative to today

const DAY_MS = 24 * 3600 * 1000;
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const THURSDAY = 4;
const SATURDAY = 6;

function parseDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`date attendue au format AAAA-MM-JJ : "${date}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** date + n days (YYYY-MM-DD). */
function addDays(date: string, n: number): string {
  return formatDay(parseDay(date) + n * DAY_MS);
}

/** The first `weekday` (0 Sunday … 6 Saturday) on or after the given day, in UTC milliseconds. */
function onOrAfter(ms: number, weekday: number): number {
  return ms + ((weekday - new Date(ms).getUTCDay() + 7) % 7) * DAY_MS;
}

/** Dates of the demonstration sessions, all after `today`. */
class Calendar {
  private readonly today: number;

  constructor(today: string) {
    this.today = parseDay(today);
  }

  /** The n-th `weekday` after today (n = 1: the next one, never today). */
  next(weekday: number, n = 1): string {
    return formatDay(onOrAfter(this.today + DAY_MS, weekday) + (n - 1) * 7 * DAY_MS);
  }

  /** The Monday on or after today + `weeks` weeks ("in 6 weeks"). */
  mondayIn(weeks: number): string {
    return formatDay(onOrAfter(this.today + weeks * 7 * DAY_MS, MONDAY));
  }

  /** The first Monday of the month `months` months after this one ("next month's first Monday"). */
  firstMondayIn(months: number): string {
    const d = new Date(this.today);
    return formatDay(onOrAfter(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1), MONDAY));
  }

  /** The `nth` Monday of the next `month` (1–12) still to come ("in September", "at the October holidays"). */
  mondayOf(month: number, nth = 1): string {
    const year = new Date(this.today).getUTCFullYear();
    for (const y of [year, year + 1]) {
      const day = onOrAfter(Date.UTC(y, month - 1, 1), MONDAY) + (nth - 1) * 7 * DAY_MS;
      if (day > this.today) return formatDay(day);
    }
    throw new Error('unreachable');
  }
}

/** A session of `days` days (the end included) at the offer's place `placeIndex` (null: at a distance). */
function session(start: string, days: number, recruitment: SessionInput['recruitment'] = 'open', placeIndex: number | null = 0): SessionInput {
  return { start, end: addDays(start, days - 1), recruitment, placeIndex };
}

/** One-day workshops on the given dates. */
const onDays = (dates: string[], placeIndex = 0): SessionInput[] => dates.map((d) => session(d, 1, 'open', placeIndex));

// ---------------------------------------------------------------- providers

const provider = (name: string, website: string | null = null): ProviderInput => ({ name, website, siret: null, contact: null });

const AFPA = provider('Afpa', 'https://www.afpa.fr');
const GRETA = provider('GRETA Lyon Métropole');
const HCL = provider('Hospices Civils de Lyon', 'https://www.chu-lyon.fr');
const LYON2 = provider('Université Lumière Lyon 2', 'https://www.univ-lyon2.fr');
const LYON1 = provider('Université Claude Bernard Lyon 1', 'https://www.univ-lyon1.fr');
const CNAM = provider('Le Cnam', 'https://www.cnam.fr');
const OPENCLASSROOMS = provider('OpenClassrooms', 'https://openclassrooms.com');
const UFCV = provider('Ufcv', 'https://www.ufcv.fr');
const PIX = provider('Pix', 'https://pix.fr');
const CROIX_ROUGE = provider('Croix-Rouge française', 'https://www.croix-rouge.fr');
const AFTRAL = provider('AFTRAL', 'https://www.aftral.com');
const SEPR = provider('SEPR');
const BTP_CFA = provider('BTP CFA Rhône');
const BML = provider('Bibliothèque municipale de Lyon', 'https://www.bm-lyon.fr');
const CRIJ = provider('CRIJ Auvergne-Rhône-Alpes (Info Jeunes)');
const FRANCE_SERVICES = provider('France services');
const WETECHCARE = provider('WeTechCare (Les Bons Clics)', 'https://www.lesbonsclics.fr');
const VILLEURBANNE_MEDIATHEQUES = provider('Médiathèques de Villeurbanne', 'https://www.villeurbanne.fr');
const VENISSIEUX = provider('Ville de Vénissieux', 'https://www.ville-venissieux.fr');
// Invented: a mobile FabLab of the kind some communes and associations run; no real operator is named.
const FABLAB_MOBILE = provider('FabLab mobile (camion-atelier itinérant)');

// ---------------------------------------------------------------- places

function place(name: string, address: string | null, communeInsee: string, communeName: string, latitude: number, longitude: number): PlaceInput {
  return { name, address, communeInsee, communeName, latitude, longitude };
}

// Lyon (arrondissement codes, never 69123)
const BM_PART_DIEU = place('Bibliothèque de la Part-Dieu', '30 boulevard Marius-Vivier-Merle', '69383', 'Lyon 3e', 45.7604, 4.858);
const BM_JEAN_MACE = place('Bibliothèque du 7e Jean Macé', '2 rue Domer', '69387', 'Lyon 7e', 45.7463, 4.8412);
const BM_VAISE = place('Bibliothèque du 9e Vaise', 'Place Valmy', '69389', 'Lyon 9e', 45.7744, 4.8048);
const BM_DUCHERE = place('Bibliothèque du 9e La Duchère', 'Avenue Andreï-Sakharov, La Duchère', '69389', 'Lyon 9e', 45.7865, 4.7968);
const BM_BACHUT = place('Médiathèque du Bachut', 'Place du 11-Novembre-1918, Bachut', '69388', 'Lyon 8e', 45.736, 4.8695);
const MJC_MONPLAISIR = place('MJC Monplaisir', '25 avenue des Frères-Lumière', '69388', 'Lyon 8e', 45.7455, 4.868);
const MJC_LAENNEC_MERMOZ = place('MJC Laënnec-Mermoz', 'Quartier Laënnec-Mermoz', '69388', 'Lyon 8e', 45.7335, 4.8865);
const MJC_VIEUX_LYON = place('MJC du Vieux Lyon', '5 place Saint-Jean', '69385', 'Lyon 5e', 45.7606, 4.8272);
const MJC_JEAN_MACE = place('MJC Jean Macé', '38 rue Camille-Roy', '69387', 'Lyon 7e', 45.7445, 4.8395);
const CRIJ_LYON = place('CRIJ Auvergne-Rhône-Alpes', '66 cours Charlemagne', '69382', 'Lyon 2e', 45.7445, 4.8225);
const MISSION_LOCALE_LYON_8 = place('Mission Locale de Lyon, antenne du 8e', null, '69388', 'Lyon 8e', 45.733, 4.865);
const LYON2_BERGES = place('Université Lumière Lyon 2, campus Berges du Rhône', '86 rue Pasteur', '69387', 'Lyon 7e', 45.7497, 4.8378);
const HCL_INSTITUTS = place('Instituts de formation des Hospices Civils de Lyon', null, '69383', 'Lyon 3e', 45.742, 4.88);
const SEPR_LYON = place('SEPR', '46 rue du Professeur-Rochaix', '69383', 'Lyon 3e', 45.7535, 4.876);
const GRETA_LYON_3 = place('GRETA Lyon Métropole, lieu de formation de Lyon 3e', null, '69383', 'Lyon 3e', 45.7594, 4.8453);
const UFCV_LYON = place('Ufcv, lieu de formation lyonnais', null, '69387', 'Lyon 7e', 45.7456, 4.8425);
const CROIX_ROUGE_LYON = place('Croix-Rouge française, unité locale de Lyon', null, '69386', 'Lyon 6e', 45.7689, 4.8486);

// Villeurbanne
const MLIS = place('Maison du livre, de l’image et du son (MLIS)', '247 cours Émile-Zola', '69266', 'Villeurbanne', 45.7672, 4.8858);
const MJC_VILLEURBANNE = place('MJC de Villeurbanne', '46 cours du Docteur-Jean-Damidot', '69266', 'Villeurbanne', 45.762, 4.879);
const IUT_LYON1_DOUA = place('IUT Lyon 1, campus de la Doua', 'Campus de la Doua', '69266', 'Villeurbanne', 45.78, 4.868);
const LA_MYNE = place('La Myne', null, '69266', 'Villeurbanne', 45.7664, 4.8797);
const GRETA_VILLEURBANNE = place('GRETA Lyon Métropole, lieu de formation de Villeurbanne', null, '69266', 'Villeurbanne', 45.7664, 4.8797);
const MISSION_LOCALE_VILLEURBANNE = place('Mission Locale de Villeurbanne', null, '69266', 'Villeurbanne', 45.7664, 4.8797);

// East and south-east
const AFPA_VENISSIEUX = place('Afpa Vénissieux', null, '69259', 'Vénissieux', 45.708, 4.88);
const MEDIATHEQUE_LUCIE_AUBRAC = place('Médiathèque Lucie Aubrac', '2-4 avenue Marcel-Houël', '69259', 'Vénissieux', 45.6978, 4.8866);
const MARCHE_VENISSIEUX = place('Place Léon-Sublet, jour de marché', 'Place Léon-Sublet', '69259', 'Vénissieux', 45.6972, 4.8858);
const GRETA_VENISSIEUX = place('GRETA Lyon Métropole, lieu de formation de Vénissieux', null, '69259', 'Vénissieux', 45.6975, 4.8864);
const AFPA_SAINT_PRIEST = place('Afpa Saint-Priest', null, '69290', 'Saint-Priest', 45.7, 4.93);
const AFTRAL_EST = place('AFTRAL, centre de l’Est lyonnais', null, '69290', 'Saint-Priest', 45.71, 4.925);
const MEDIATHEQUE_SAINT_PRIEST = place('Médiathèque François-Mitterrand', 'Place Charles-Ottina', '69290', 'Saint-Priest', 45.6965, 4.944);
const BIBLIOTHEQUE_VAULX = place('Bibliothèque Georges-Perec', 'Centre-ville', '69256', 'Vaulx-en-Velin', 45.779, 4.923);
const MARCHE_VAULX = place('Centre-ville de Vaulx-en-Velin, jour de marché', 'Centre-ville, près de l’hôtel de ville', '69256', 'Vaulx-en-Velin', 45.7775, 4.921);
const FOL_BRON = place('La Fabrique d’Objets Libres', null, '69029', 'Bron', 45.737, 4.91);
const MEDIATHEQUE_BRON = place('Médiathèque Jean-Prévost', 'Centre-ville', '69029', 'Bron', 45.737, 4.9125);
const GRETA_BRON = place('GRETA Lyon Métropole, lieu de formation de Bron', null, '69029', 'Bron', 45.7389, 4.9131);
const TOBOGGAN_DECINES = place('Le Toboggan (médiathèque)', '14 avenue Jean-Macé', '69275', 'Décines-Charpieu', 45.77, 4.959);
const MAIRIE_MEYZIEU = place('Hôtel de ville de Meyzieu', null, '69282', 'Meyzieu', 45.7669, 5.0036);

// North, west and south
const FRANCE_SERVICES_RILLIEUX = place('France services de Rillieux-la-Pape', null, '69286', 'Rillieux-la-Pape', 45.821, 4.898);
const MAIRIE_CALUIRE = place('Hôtel de ville de Caluire-et-Cuire', 'Place du Docteur-Frédéric-Dugoujon', '69034', 'Caluire-et-Cuire', 45.7956, 4.8467);
const MAIRIE_ECULLY = place('Hôtel de ville d’Écully', null, '69081', 'Écully', 45.7753, 4.7781);
const LYCEE_RABELAIS = place('Lycée hôtelier François-Rabelais', 'Chemin du Dodin', '69072', 'Dardilly', 45.8035, 4.761);
const BTP_CFA_DARDILLY = place('BTP CFA, site de Dardilly', null, '69072', 'Dardilly', 45.806, 4.755);
const MAIRIE_OULLINS = place('Hôtel de ville d’Oullins', null, '69149', 'Oullins-Pierre-Bénite', 45.7144, 4.8081);
const MEDIATHEQUE_GIVORS = place('Médiathèque Max-Pol-Fouchet', 'Centre-ville', '69091', 'Givors', 45.59, 4.768);
const GRETA_GIVORS = place('GRETA Lyon Métropole, lieu de formation de Givors', null, '69091', 'Givors', 45.5906, 4.7689);

// ---------------------------------------------------------------- shared wording

const REFERENT_HANDICAP = 'Un référent handicap étudie avec vous les adaptations possibles avant l’entrée en formation.';
const PMR = 'Lieu accessible aux personnes à mobilité réduite.';
const SIGN_UP_AFPA = 'Sur afpa.fr ou par votre conseiller France Travail : une réunion d’information précède l’entrée en formation.';
const SIGN_UP_GRETA = 'Auprès du GRETA Lyon Métropole, ou par votre conseiller France Travail ou Mission Locale.';
const SIGN_UP_CPF = 'Sur moncompteformation.gouv.fr avec votre CPF, ou auprès de l’organisme pour un autre financement.';
const SIGN_UP_ON_SITE = 'Sur place, aux heures d’ouverture.';
const SIGN_UP_BML = 'Sur bm-lyon.fr ou à l’accueil de la bibliothèque (places limitées).';
const SIGN_UP_CRIJ = 'Sur place au CRIJ ou en ligne ; entrée libre dans la limite des places.';

type Offer = Omit<OfferInput, 'source' | 'demo'>;

// ---------------------------------------------------------------- formal offers

function formalOffers(cal: Calendar): Offer[] {
  return [
    {
      sourceId: 'afpa-venissieux-agent-magasinier',
      title: 'Titre professionnel Agent magasinier (avec CACES R489)',
      description: 'Vous apprenez à réceptionner, ranger et préparer des commandes en entrepôt, et à conduire un chariot élévateur en sécurité (CACES R489). Environ cinq mois, dont un stage en entreprise.',
      kind: 'certification',
      provider: AFPA,
      romeCodes: ['N1103', 'N1101'],
      audiences: ['job_seekers'],
      modality: 'presentiel',
      free: true, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_AFPA,
      url: 'https://www.afpa.fr',
      places: [AFPA_VENISSIEUX],
      sessions: [session(cal.firstMondayIn(1), 150), session(cal.firstMondayIn(4), 150)],
    },
    {
      sourceId: 'afpa-saint-priest-cariste',
      title: 'Titre professionnel Cariste d’entrepôt',
      description: 'Vous apprenez à conduire les chariots élévateurs, à charger et décharger des camions et à gérer les stocks d’un entrepôt, avec le passage des CACES. Environ trois mois avec un stage.',
      kind: 'certification',
      provider: AFPA,
      romeCodes: ['N1101'],
      audiences: ['job_seekers', 'employees'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: 4200,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_AFPA,
      url: 'https://www.afpa.fr',
      places: [AFPA_SAINT_PRIEST],
      sessions: [session(cal.mondayIn(3), 90), session(cal.mondayIn(12), 90)],
    },
    {
      sourceId: 'aftral-caces-r489',
      title: 'CACES R489 chariots élévateurs (catégories 1A, 3 et 5)',
      description: 'Une semaine de formation et de tests pour obtenir le certificat qui permet de conduire un chariot élévateur en entreprise.',
      kind: 'certification',
      provider: AFTRAL,
      romeCodes: ['N1101'],
      audiences: ['job_seekers', 'employees'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: 950,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_CPF,
      url: 'https://www.aftral.com',
      places: [AFTRAL_EST],
      sessions: [session(cal.mondayIn(2), 5), session(cal.mondayIn(6), 5), session(cal.mondayIn(10), 5)],
    },
    {
      sourceId: 'afpa-venissieux-soudeur',
      title: 'Titre professionnel Soudeur assembleur industriel',
      description: 'Vous apprenez à lire un plan, préparer et assembler des pièces métalliques et les souder à l’arc et au semi-automatique. Environ six mois avec un stage en entreprise.',
      kind: 'certification',
      provider: AFPA,
      romeCodes: ['H2913'],
      audiences: ['job_seekers'],
      modality: 'presentiel',
      free: true, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_AFPA,
      url: 'https://www.afpa.fr',
      places: [AFPA_VENISSIEUX],
      sessions: [session(cal.mondayIn(6), 180)],
    },
    {
      sourceId: 'afpa-saint-priest-electricien',
      title: 'Titre professionnel Électricien d’équipement du bâtiment',
      description: 'Vous apprenez à installer et raccorder les circuits électriques de logements et de locaux, en respectant les normes et la sécurité (habilitation électrique).',
      kind: 'certification',
      provider: AFPA,
      romeCodes: ['F1602'],
      audiences: ['job_seekers'],
      modality: 'presentiel',
      free: true, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_AFPA,
      url: 'https://www.afpa.fr',
      places: [AFPA_SAINT_PRIEST],
      sessions: [session(cal.firstMondayIn(2), 200)],
    },
    {
      sourceId: 'afpa-venissieux-agent-restauration',
      title: 'Titre professionnel Agent de restauration',
      description: 'Vous apprenez à préparer des plats simples, à tenir un poste en self ou en cafétéria et à assurer la plonge et l’hygiène en cuisine. Environ quatre mois avec un stage.',
      kind: 'certification',
      provider: AFPA,
      romeCodes: ['G1603', 'G1605'],
      audiences: ['job_seekers'],
      modality: 'presentiel',
      free: true, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_AFPA,
      url: 'https://www.afpa.fr',
      places: [AFPA_VENISSIEUX],
      sessions: [session(cal.mondayIn(4), 120), session(cal.mondayIn(16), 120)],
    },
    {
      sourceId: 'afpa-saint-priest-technicien-maintenance',
      title: 'Titre professionnel Technicien de maintenance industrielle',
      description: 'Vous apprenez à diagnostiquer et réparer les pannes mécaniques, électriques et pneumatiques des machines de production, et à organiser leur entretien.',
      kind: 'certification',
      provider: AFPA,
      romeCodes: ['I1310', 'I1304'],
      audiences: ['job_seekers', 'employees'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: 9800,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_AFPA,
      url: 'https://www.afpa.fr',
      places: [AFPA_SAINT_PRIEST],
      // The next session is full; the one after is open.
      sessions: [session(cal.mondayIn(1), 240, 'closed'), session(cal.mondayOf(9), 240)],
    },
    {
      sourceId: 'afpa-formateur-professionnel-adultes',
      title: 'Titre professionnel Formateur professionnel d’adultes',
      description: 'Vous apprenez à concevoir et animer des formations pour adultes et à accompagner chacun dans son parcours. Cours en centre et à distance.',
      kind: 'certification',
      provider: AFPA,
      romeCodes: ['K2111'],
      audiences: ['job_seekers', 'employees'],
      modality: 'mixte',
      free: false, cpf: true, fundingPossible: true, costEuros: 7900,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_CPF,
      url: 'https://www.afpa.fr',
      places: [AFPA_VENISSIEUX],
      sessions: [session(cal.firstMondayIn(2), 210)],
    },
    {
      sourceId: 'sepr-cap-maintenance-vehicules',
      title: 'CAP Maintenance des véhicules, option voitures particulières (apprentissage)',
      description: 'En alternance entre l’école et un garage, vous apprenez l’entretien courant des voitures : vidanges, freins, pneus, diagnostic simple. Formation gratuite et rémunérée pour l’apprenti.',
      kind: 'diploma',
      provider: SEPR,
      romeCodes: ['I1604'],
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      free: true, cpf: false, fundingPossible: true, costEuros: null,
      accessibility: null,
      signUp: 'Auprès de l’établissement : un entretien et la recherche d’une entreprise d’accueil précèdent l’inscription.',
      url: null,
      places: [SEPR_LYON],
      sessions: [session(cal.mondayOf(9), 730)],
    },
    {
      sourceId: 'btp-cfa-dardilly-cap-macon',
      title: 'CAP Maçon (apprentissage)',
      description: 'En alternance entre le centre de formation et une entreprise du bâtiment, vous apprenez à monter des murs, couler des dalles et lire un plan. Formation gratuite et rémunérée pour l’apprenti.',
      kind: 'diploma',
      provider: BTP_CFA,
      romeCodes: ['F1703'],
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      free: true, cpf: false, fundingPossible: true, costEuros: null,
      accessibility: null,
      signUp: 'Auprès du CFA, qui aide aussi à trouver une entreprise d’accueil.',
      url: null,
      places: [BTP_CFA_DARDILLY],
      sessions: [session(cal.mondayOf(9), 730)],
    },
    {
      sourceId: 'greta-cap-cuisine',
      title: 'CAP Cuisine (adultes)',
      description: 'Vous apprenez les techniques de base de la cuisine (préparations, cuissons, pâtisserie simple), l’hygiène et l’organisation d’un poste, avec des stages en restaurant.',
      kind: 'diploma',
      provider: GRETA,
      romeCodes: ['G1602'],
      audiences: ['job_seekers', 'employees'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: 4800,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_GRETA,
      url: null,
      places: [LYCEE_RABELAIS],
      sessions: [session(cal.mondayIn(5), 200), session(cal.mondayOf(9, 2), 200)],
    },
    {
      sourceId: 'greta-advf',
      title: 'Titre professionnel Assistant de vie aux familles (ADVF)',
      description: 'Vous apprenez à aider des personnes âgées ou handicapées dans leur vie quotidienne (repas, toilette, entretien du logement) et à garder des enfants à domicile.',
      kind: 'certification',
      provider: GRETA,
      romeCodes: ['K1302', 'K1304'],
      audiences: ['job_seekers', 'employees'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: 3900,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_GRETA,
      url: null,
      places: [GRETA_VENISSIEUX],
      sessions: [session(cal.firstMondayIn(1), 120), session(cal.firstMondayIn(5), 120)],
    },
    {
      sourceId: 'greta-cap-aepe',
      title: 'CAP Accompagnant éducatif petite enfance',
      description: 'Vous apprenez à accueillir et accompagner les jeunes enfants en crèche, à l’école maternelle ou à domicile : soins, jeux, éveil. Cours en centre et à distance, avec des stages.',
      kind: 'diploma',
      provider: GRETA,
      romeCodes: ['K1303'],
      audiences: ['job_seekers', 'employees', 'youth_16_25'],
      modality: 'mixte',
      free: false, cpf: true, fundingPossible: true, costEuros: 3600,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_GRETA,
      url: null,
      places: [GRETA_VILLEURBANNE],
      sessions: [session(cal.mondayOf(10), 240)],
    },
    {
      sourceId: 'greta-fle-professionnel',
      title: 'Français langue étrangère à visée professionnelle',
      description: 'Vous progressez en français à l’oral et à l’écrit pour chercher un emploi et travailler : se présenter, comprendre une consigne, remplir un document. Entrée après un test de niveau.',
      kind: 'training_course',
      provider: GRETA,
      romeCodes: [],
      audiences: ['job_seekers'],
      modality: 'mixte',
      free: true, cpf: false, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_GRETA,
      url: null,
      places: [GRETA_LYON_3, GRETA_VENISSIEUX],
      sessions: [session(cal.mondayIn(2), 90, 'open', 0), session(cal.mondayIn(4), 90, 'open', 1)],
    },
    {
      sourceId: 'greta-clea',
      title: 'Certificat CléA (socle de connaissances et de compétences professionnelles)',
      description: 'Vous faites le point sur vos savoirs de base (français, calcul, numérique, travail en équipe) et vous les complétez si besoin, pour obtenir un certificat reconnu par les employeurs.',
      kind: 'certification',
      provider: GRETA,
      romeCodes: [],
      audiences: ['job_seekers', 'employees'],
      modality: 'mixte',
      free: false, cpf: true, fundingPossible: true, costEuros: 650,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_CPF,
      url: null,
      places: [GRETA_BRON, GRETA_GIVORS],
      sessions: [session(cal.mondayIn(3), 40, 'open', 0), session(cal.mondayIn(7), 40, 'open', 1)],
    },
    {
      sourceId: 'greta-cap-equipier-commerce',
      title: 'CAP Équipier polyvalent du commerce',
      description: 'Vous apprenez à réceptionner les marchandises, mettre en rayon, tenir une caisse et conseiller les clients en magasin, avec des stages en entreprise.',
      kind: 'diploma',
      provider: GRETA,
      romeCodes: ['D1507', 'D1106'],
      audiences: ['job_seekers', 'youth_16_25'],
      modality: 'presentiel',
      free: true, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_GRETA,
      url: null,
      places: [GRETA_BRON],
      sessions: [session(cal.firstMondayIn(2), 180)],
    },
    {
      sourceId: 'greta-agent-proprete',
      title: 'Titre professionnel Agent de propreté et d’hygiène',
      description: 'Vous apprenez à nettoyer et entretenir des bureaux, des commerces ou des locaux de santé avec les bons produits, les bonnes machines et les gestes qui protègent le dos.',
      kind: 'certification',
      provider: GRETA,
      romeCodes: ['K2204'],
      audiences: ['job_seekers'],
      modality: 'presentiel',
      free: true, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_GRETA,
      url: null,
      places: [GRETA_GIVORS],
      sessions: [session(cal.mondayIn(5), 75)],
    },
    {
      sourceId: 'greta-employe-administratif',
      title: 'Titre professionnel Employé administratif et d’accueil',
      description: 'Vous apprenez à accueillir le public, répondre au téléphone, classer et saisir des documents et utiliser les logiciels de bureautique courants. Cours en centre et à distance.',
      kind: 'certification',
      provider: GRETA,
      romeCodes: ['M1602'],
      audiences: ['job_seekers', 'employees'],
      modality: 'mixte',
      free: false, cpf: true, fundingPossible: true, costEuros: 4500,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_GRETA,
      url: null,
      places: [GRETA_LYON_3],
      sessions: [session(cal.firstMondayIn(1), 150), session(cal.firstMondayIn(6), 150)],
    },
    {
      sourceId: 'greta-designer-web',
      title: 'Titre professionnel Designer web',
      description: 'Vous apprenez à concevoir des sites et des visuels pour le web (maquettes, images, vidéos courtes) et à les mettre en ligne. Cours en centre et à distance.',
      kind: 'certification',
      provider: GRETA,
      romeCodes: ['E1205', 'E1104'],
      audiences: ['job_seekers', 'employees'],
      modality: 'mixte',
      free: false, cpf: true, fundingPossible: true, costEuros: 6900,
      accessibility: REFERENT_HANDICAP,
      signUp: SIGN_UP_CPF,
      url: null,
      places: [GRETA_VILLEURBANNE],
      sessions: [session(cal.mondayIn(8), 240)],
    },
    {
      sourceId: 'hcl-diplome-aide-soignant',
      title: 'Diplôme d’État d’aide-soignant',
      description: 'Vous apprenez à aider les patients dans les gestes de la vie quotidienne (toilette, repas, déplacements) et à surveiller leur état, avec des stages à l’hôpital et en établissement.',
      kind: 'diploma',
      provider: HCL,
      romeCodes: ['J1501'],
      audiences: ['job_seekers', 'employees', 'youth_16_25'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: 'Sur dossier de sélection, sur le site des Hospices Civils de Lyon.',
      url: 'https://www.chu-lyon.fr',
      places: [HCL_INSTITUTS],
      sessions: [session(cal.mondayOf(9), 330), session(cal.mondayOf(1), 330)],
    },
    {
      sourceId: 'hcl-diplome-auxiliaire-puericulture',
      title: 'Diplôme d’État d’auxiliaire de puériculture',
      description: 'Vous apprenez à prendre soin des bébés et des jeunes enfants (soins, repas, éveil) en maternité, en service de pédiatrie ou en crèche, avec de nombreux stages.',
      kind: 'diploma',
      provider: HCL,
      romeCodes: ['J1304'],
      audiences: ['job_seekers', 'employees', 'youth_16_25'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: null,
      accessibility: REFERENT_HANDICAP,
      signUp: 'Sur dossier de sélection, sur le site des Hospices Civils de Lyon.',
      url: 'https://www.chu-lyon.fr',
      places: [HCL_INSTITUTS],
      // The selection for the next intake is over.
      sessions: [session(cal.mondayOf(9), 330, 'closed')],
    },
    {
      sourceId: 'lyon2-daeu-a',
      title: 'DAEU A (diplôme d’accès aux études universitaires, littéraire)',
      description: 'Sans le bac, vous préparez en un an un diplôme qui ouvre les mêmes portes : français, langue vivante et deux matières au choix, en cours du soir ou à distance.',
      kind: 'diploma',
      provider: LYON2,
      romeCodes: [],
      audiences: ['everyone'],
      modality: 'mixte',
      free: false, cpf: true, fundingPossible: true, costEuros: 450,
      accessibility: PMR,
      signUp: 'Sur le site de l’université Lumière Lyon 2, au printemps et en été pour la rentrée.',
      url: 'https://www.univ-lyon2.fr',
      places: [LYON2_BERGES],
      sessions: [session(cal.mondayOf(9, 3), 270)],
    },
    {
      sourceId: 'iut-lyon1-licence-pro-informatique',
      title: 'Licence professionnelle Métiers de l’informatique (alternance)',
      description: 'Après un bac+2, vous apprenez en un an à développer des applications web et mobiles, en alternance entre l’IUT et une entreprise.',
      kind: 'diploma',
      provider: LYON1,
      romeCodes: ['M1805'],
      audiences: ['youth_16_25', 'employees'],
      modality: 'presentiel',
      free: true, cpf: false, fundingPossible: true, costEuros: null,
      accessibility: PMR,
      signUp: 'Candidature en ligne sur le site de l’IUT au printemps ; l’entreprise d’accueil est à trouver avant la rentrée.',
      url: 'https://www.univ-lyon1.fr',
      places: [IUT_LYON1_DOUA],
      sessions: [session(cal.mondayOf(9), 365)],
    },
    {
      sourceId: 'openclassrooms-developpeur-web',
      title: 'Parcours Développeur web (à distance)',
      description: 'À distance et à votre rythme, avec un mentor chaque semaine, vous apprenez à créer des sites et des applications web (HTML, CSS, JavaScript) en réalisant des projets.',
      kind: 'certification',
      provider: OPENCLASSROOMS,
      romeCodes: ['M1805'],
      audiences: ['job_seekers', 'employees', 'youth_16_25'],
      modality: 'distance',
      free: false, cpf: true, fundingPossible: true, costEuros: 6500,
      accessibility: 'Entièrement à distance : il faut un ordinateur et une connexion internet.',
      signUp: 'Sur openclassrooms.com.',
      url: 'https://openclassrooms.com',
      places: [],
      sessions: [session(cal.firstMondayIn(1), 365, 'open', null)],
    },
    {
      sourceId: 'cnam-informatique-distance',
      title: 'Cours d’informatique du Cnam à distance (unités d’enseignement)',
      description: 'Vous suivez à distance, le soir ou le week-end, des cours d’informatique (programmation, réseaux, bases de données) qui se capitalisent vers un diplôme du Cnam.',
      kind: 'training_course',
      provider: CNAM,
      romeCodes: ['M1805', 'M1801'],
      audiences: ['employees', 'job_seekers'],
      modality: 'distance',
      free: false, cpf: true, fundingPossible: true, costEuros: 290,
      accessibility: 'Entièrement à distance : il faut un ordinateur et une connexion internet.',
      signUp: 'Sur cnam.fr, avant le début du semestre.',
      url: 'https://www.cnam.fr',
      places: [],
      sessions: [session(cal.mondayOf(10), 120, 'open', null), session(cal.mondayOf(2), 120, 'open', null)],
    },
    {
      sourceId: 'ufcv-bafa-formation-generale',
      title: 'BAFA : session de formation générale',
      description: 'Dès 16 ans, huit jours pour apprendre à animer des activités et encadrer des enfants en centre de loisirs ou en séjour de vacances : la première étape du BAFA.',
      kind: 'certification',
      provider: UFCV,
      romeCodes: ['G1203'],
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      free: false, cpf: false, fundingPossible: true, costEuros: 560,
      accessibility: null,
      signUp: 'Sur ufcv.fr, après votre inscription sur le site national du BAFA (jeunes.gouv.fr).',
      url: 'https://www.ufcv.fr',
      places: [UFCV_LYON],
      // During the school holidays: autumn, winter, spring.
      sessions: [session(cal.mondayOf(10, 3), 8), session(cal.mondayOf(2, 2), 8), session(cal.mondayOf(4, 2), 8)],
    },
    {
      sourceId: 'ufcv-cqp-animateur-periscolaire',
      title: 'CQP Animateur périscolaire',
      description: 'Vous apprenez à animer les temps avant et après l’école et la pause du midi, en alternance avec un emploi d’animateur : un premier métier dans l’animation.',
      kind: 'cqp',
      provider: UFCV,
      romeCodes: ['G1203'],
      audiences: ['youth_16_25', 'employees', 'job_seekers'],
      modality: 'presentiel',
      free: false, cpf: true, fundingPossible: true, costEuros: 2500,
      accessibility: null,
      signUp: SIGN_UP_CPF,
      url: 'https://www.ufcv.fr',
      places: [UFCV_LYON],
      sessions: [session(cal.firstMondayIn(3), 180)],
    },
    {
      sourceId: 'pix-certification',
      title: 'Certification Pix (compétences numériques)',
      description: 'Vous testez et améliorez en ligne vos compétences numériques (recherche d’information, communication, sécurité, bureautique), puis vous passez la certification dans un centre agréé.',
      kind: 'certification',
      provider: PIX,
      romeCodes: [],
      audiences: ['everyone'],
      modality: 'mixte',
      free: false, cpf: true, fundingPossible: true, costEuros: 80,
      accessibility: null,
      signUp: 'Entraînement gratuit sur pix.fr ; la session de certification se réserve auprès du centre.',
      url: 'https://pix.fr',
      places: [GRETA_LYON_3],
      sessions: onDays([cal.next(WEDNESDAY, 2), cal.next(WEDNESDAY, 6)]),
    },
    {
      sourceId: 'croix-rouge-psc',
      title: 'Formation aux premiers secours (PSC1)',
      description: 'En une journée, vous apprenez les gestes qui sauvent : protéger, alerter les secours, masser le cœur, utiliser un défibrillateur. Un certificat est remis à la fin.',
      kind: 'certification',
      provider: CROIX_ROUGE,
      romeCodes: [],
      audiences: ['everyone'],
      modality: 'presentiel',
      free: false, cpf: false, fundingPossible: false, costEuros: 60,
      accessibility: null,
      signUp: 'Sur croix-rouge.fr (formations grand public).',
      url: 'https://www.croix-rouge.fr',
      places: [CROIX_ROUGE_LYON],
      sessions: onDays([cal.next(SATURDAY, 2), cal.next(SATURDAY, 5), cal.next(SATURDAY, 9)]),
    },
  ];
}

// ---------------------------------------------------------------- informal offers

function informalOffers(cal: Calendar): Offer[] {
  const free = { free: true, cpf: false, fundingPossible: false, costEuros: null } as const;
  return [
    // Lyon's libraries and the five topics of the "trousseau numérique"
    {
      sourceId: 'bml-part-dieu-espace-numerique',
      title: 'Espace numérique de la Bibliothèque de la Part-Dieu',
      description: 'Des ordinateurs en accès libre, le wifi et des bibliothécaires pour vous aider à utiliser internet, imprimer un document ou faire une démarche en ligne.',
      kind: 'digital_space',
      provider: BML,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: PMR,
      signUp: SIGN_UP_ON_SITE,
      url: 'https://www.bm-lyon.fr',
      places: [BM_PART_DIEU],
      sessions: [],
    },
    {
      sourceId: 'bml-part-dieu-mots-de-passe',
      title: 'Atelier numérique : mots de passe et sécurité en ligne',
      description: 'Vous apprenez à choisir des mots de passe solides, à les retenir sans les noter partout et à reconnaître les messages d’arnaque (hameçonnage). Venez avec votre téléphone si vous voulez.',
      kind: 'workshop',
      provider: BML,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: PMR,
      signUp: SIGN_UP_BML,
      url: 'https://www.bm-lyon.fr',
      places: [BM_PART_DIEU],
      sessions: onDays([cal.next(SATURDAY, 1), cal.next(SATURDAY, 4)]),
    },
    {
      sourceId: 'bml-vaise-adresse-mail',
      title: 'Atelier numérique : créer et utiliser son adresse mail',
      description: 'Vous créez votre adresse mail, puis vous apprenez à lire, écrire et envoyer un message avec une pièce jointe (un CV, une photo de document).',
      kind: 'workshop',
      provider: BML,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_BML,
      url: 'https://www.bm-lyon.fr',
      places: [BM_VAISE],
      sessions: onDays([cal.next(TUESDAY, 1), cal.next(TUESDAY, 3), cal.next(TUESDAY, 5)]),
    },
    {
      sourceId: 'bml-jean-mace-informations-fiables',
      title: 'S’informer en ligne : trouver des informations fiables',
      description: 'Vous apprenez à faire une recherche sur internet, à vérifier qui parle et à repérer les fausses informations, pour trouver des informations fiables sur un métier, une formation ou vos droits.',
      kind: 'workshop',
      provider: BML,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_BML,
      url: 'https://www.bm-lyon.fr',
      places: [BM_JEAN_MACE],
      sessions: onDays([cal.next(WEDNESDAY, 2), cal.next(WEDNESDAY, 6)]),
    },
    {
      sourceId: 'bml-duchere-demarches-en-ligne',
      title: 'Démarches en ligne : créer ses comptes et remplir des formulaires',
      description: 'Pas à pas, vous créez vos comptes en ligne (France Travail, CAF, Ameli, impôts) et vous apprenez à remplir un formulaire et à y joindre un document.',
      kind: 'workshop',
      provider: BML,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_BML,
      url: 'https://www.bm-lyon.fr',
      places: [BM_DUCHERE],
      sessions: onDays([cal.next(THURSDAY, 1), cal.next(THURSDAY, 3)]),
    },
    {
      sourceId: 'bml-bachut-autoformation',
      title: 'Médiathèque du Bachut : lire, apprendre et se former à son rythme',
      description: 'Livres, presse et ressources en ligne gratuites avec la carte de bibliothèque : apprendre une langue, réviser le code de la route, se remettre à niveau. Les bibliothécaires vous orientent.',
      kind: 'mediatheque',
      provider: BML,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sur place : la carte de bibliothèque est gratuite.',
      url: 'https://www.bm-lyon.fr',
      places: [BM_BACHUT],
      sessions: [],
    },
    // Médiathèques of other communes
    {
      sourceId: 'mlis-villeurbanne',
      title: 'Maison du livre, de l’image et du son (MLIS) de Villeurbanne',
      description: 'La grande médiathèque de Villeurbanne : livres, films, musique, postes informatiques et ressources pour apprendre, avec des ateliers numériques réguliers.',
      kind: 'mediatheque',
      provider: VILLEURBANNE_MEDIATHEQUES,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: PMR,
      signUp: SIGN_UP_ON_SITE,
      url: 'https://www.villeurbanne.fr',
      places: [MLIS],
      sessions: [],
    },
    {
      sourceId: 'mlis-atelier-video',
      title: 'Atelier création numérique : filmer et monter une vidéo',
      description: 'Avec un smartphone ou une tablette, vous apprenez à filmer, monter et sonoriser une courte vidéo, de l’idée jusqu’à la mise en ligne.',
      kind: 'workshop',
      provider: VILLEURBANNE_MEDIATHEQUES,
      romeCodes: ['E1205'],
      audiences: ['youth_16_25', 'everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: PMR,
      signUp: 'À l’accueil de la médiathèque ou sur le site de la ville (places limitées).',
      url: 'https://www.villeurbanne.fr',
      places: [MLIS],
      sessions: onDays([cal.next(SATURDAY, 2), cal.next(SATURDAY, 3)]),
    },
    {
      sourceId: 'lucie-aubrac-visio',
      title: 'Atelier numérique : passer un appel en visio',
      description: 'Vous apprenez à passer un appel en visio sur téléphone ou ordinateur (WhatsApp, Teams, Zoom) pour garder le lien avec vos proches ou passer un entretien d’embauche à distance.',
      kind: 'workshop',
      provider: VENISSIEUX,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: PMR,
      signUp: 'À l’accueil de la médiathèque, sur place.',
      url: 'https://www.ville-venissieux.fr',
      places: [MEDIATHEQUE_LUCIE_AUBRAC],
      sessions: onDays([cal.next(WEDNESDAY, 1), cal.next(WEDNESDAY, 5)]),
    },
    {
      sourceId: 'lucie-aubrac-mediatheque',
      title: 'Médiathèque Lucie Aubrac de Vénissieux',
      description: 'Livres, films, presse, ordinateurs en accès libre et aide aux débutants en informatique. Un lieu calme pour chercher un emploi ou réviser.',
      kind: 'mediatheque',
      provider: VENISSIEUX,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: PMR,
      signUp: SIGN_UP_ON_SITE,
      url: 'https://www.ville-venissieux.fr',
      places: [MEDIATHEQUE_LUCIE_AUBRAC],
      sessions: [],
    },
    {
      sourceId: 'vaulx-bibliotheque-perec',
      title: 'Bibliothèque Georges-Perec : ateliers numériques',
      description: 'Des ateliers pour débuter sur ordinateur et smartphone : envoyer un mail, ranger ses photos, faire une démarche en ligne. Ordinateurs en accès libre le reste du temps.',
      kind: 'mediatheque',
      provider: provider('Bibliothèques de Vaulx-en-Velin'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_ON_SITE,
      url: null,
      places: [BIBLIOTHEQUE_VAULX],
      sessions: onDays([cal.next(TUESDAY, 2), cal.next(TUESDAY, 4)]),
    },
    {
      sourceId: 'bron-mediatheque-jean-prevost',
      title: 'Médiathèque Jean-Prévost de Bron',
      description: 'Livres, films, jeux, ordinateurs en accès libre et ressources en ligne pour apprendre une langue ou préparer un examen.',
      kind: 'mediatheque',
      provider: provider('Ville de Bron'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_ON_SITE,
      url: null,
      places: [MEDIATHEQUE_BRON],
      sessions: [],
    },
    {
      sourceId: 'saint-priest-mediatheque',
      title: 'Médiathèque François-Mitterrand : initiation au numérique',
      description: 'Des séances pour débuter sur ordinateur, tablette et smartphone : allumer, naviguer sur internet, utiliser sa messagerie mail, en petit groupe.',
      kind: 'mediatheque',
      provider: provider('Ville de Saint-Priest'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'À l’accueil de la médiathèque (places limitées).',
      url: null,
      places: [MEDIATHEQUE_SAINT_PRIEST],
      sessions: onDays([cal.next(SATURDAY, 1), cal.next(SATURDAY, 3)]),
    },
    {
      sourceId: 'givors-mediatheque',
      title: 'Médiathèque Max-Pol-Fouchet de Givors',
      description: 'Livres, presse, films et ordinateurs en accès libre, avec de l’aide pour débuter sur internet et pour les démarches en ligne.',
      kind: 'mediatheque',
      provider: provider('Ville de Givors'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_ON_SITE,
      url: null,
      places: [MEDIATHEQUE_GIVORS],
      sessions: [],
    },
    {
      sourceId: 'decines-toboggan-mediatheque',
      title: 'Médiathèque du Toboggan à Décines',
      description: 'La médiathèque du centre culturel de Décines : livres, musique, films, postes informatiques et ateliers pour apprendre à se servir d’internet.',
      kind: 'mediatheque',
      provider: provider('Ville de Décines-Charpieu'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_ON_SITE,
      url: null,
      places: [TOBOGGAN_DECINES],
      sessions: [],
    },
    // MJCs
    {
      sourceId: 'mjc-monplaisir-cuisine',
      title: 'Ateliers cuisine à la MJC Monplaisir',
      description: 'Vous cuisinez en groupe des recettes simples et de saison, et vous découvrez les bases : découper, cuire, organiser son plan de travail, respecter l’hygiène.',
      kind: 'mjc',
      provider: provider('MJC Monplaisir'),
      romeCodes: ['G1602'],
      audiences: ['everyone'],
      modality: 'presentiel',
      free: false, cpf: false, fundingPossible: false, costEuros: 10,
      accessibility: null,
      signUp: 'À l’accueil de la MJC (adhésion à la MJC demandée).',
      url: null,
      places: [MJC_MONPLAISIR],
      sessions: onDays([cal.next(THURSDAY, 2), cal.next(THURSDAY, 4), cal.next(THURSDAY, 6)]),
    },
    {
      sourceId: 'mjc-laennec-mermoz-animation',
      title: 'Découvrir l’animation auprès des enfants (MJC Laënnec-Mermoz)',
      description: 'Vous aidez bénévolement à l’accompagnement scolaire et aux activités du mercredi, aux côtés des animateurs : une bonne façon de savoir si le BAFA ou la petite enfance sont pour vous.',
      kind: 'mjc',
      provider: provider('MJC Laënnec-Mermoz'),
      romeCodes: ['G1203', 'K1303'],
      audiences: ['youth_16_25', 'everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'À l’accueil de la MJC : un premier rendez-vous avec l’équipe d’animation.',
      url: null,
      places: [MJC_LAENNEC_MERMOZ],
      sessions: [],
    },
    {
      sourceId: 'mjc-vieux-lyon-theatre',
      title: 'Théâtre et expression orale à la MJC du Vieux Lyon',
      description: 'Des ateliers de théâtre pour gagner en confiance et prendre la parole en public, utiles aussi pour un entretien d’embauche.',
      kind: 'mjc',
      provider: provider('MJC du Vieux Lyon'),
      audiences: ['youth_16_25', 'everyone'],
      modality: 'presentiel',
      free: false, cpf: false, fundingPossible: false, costEuros: 120,
      accessibility: null,
      signUp: 'À l’accueil de la MJC, en début de saison ou en cours d’année s’il reste des places.',
      url: null,
      places: [MJC_VIEUX_LYON],
      sessions: [session(cal.mondayOf(9, 3), 280)],
    },
    {
      sourceId: 'mjc-villeurbanne-musique-numerique',
      title: 'Musique assistée par ordinateur à la MJC de Villeurbanne',
      description: 'Vous créez vos propres morceaux sur ordinateur : enregistrer une voix, composer avec des logiciels de musique, mixer. Débutants bienvenus.',
      kind: 'mjc',
      provider: provider('MJC de Villeurbanne'),
      romeCodes: ['E1205'],
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      free: false, cpf: false, fundingPossible: false, costEuros: 90,
      accessibility: null,
      signUp: 'À l’accueil de la MJC.',
      url: null,
      places: [MJC_VILLEURBANNE],
      sessions: [session(cal.firstMondayIn(1), 90)],
    },
    {
      sourceId: 'mjc-jean-mace-repair-cafe',
      title: 'Repair café : réparer ensemble ses objets',
      description: 'Apportez un grille-pain, une lampe, un vélo ou un vêtement abîmé : des bénévoles bricoleurs vous montrent comment le réparer vous-même.',
      kind: 'workshop',
      provider: provider('MJC Jean Macé'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sans inscription : venez avec votre objet.',
      url: null,
      places: [MJC_JEAN_MACE],
      sessions: onDays([cal.next(SATURDAY, 2), cal.next(SATURDAY, 6)]),
    },
    // FabLabs
    {
      sourceId: 'fabrique-objets-libres-bron',
      title: 'La Fabrique d’Objets Libres : FabLab associatif',
      description: 'Un atelier de fabrication ouvert à tous : impression 3D, découpe laser, électronique, bois. Vous venez avec une idée, les membres vous aident à la réaliser.',
      kind: 'fablab',
      provider: provider('La Fabrique d’Objets Libres'),
      audiences: ['everyone'],
      modality: 'presentiel',
      free: false, cpf: false, fundingPossible: false, costEuros: 20,
      accessibility: null,
      signUp: 'Sur place pendant les ouvertures au public (adhésion à l’association).',
      url: null,
      places: [FOL_BRON],
      sessions: [],
    },
    {
      sourceId: 'la-myne-villeurbanne',
      title: 'La Myne : laboratoire citoyen et atelier partagé',
      description: 'Un tiers-lieu où l’on bricole, programme, répare et expérimente ensemble (électronique, réemploi, projets collectifs), pendant des soirées ouvertes à tous.',
      kind: 'fablab',
      provider: provider('La Myne'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sur place, pendant les soirées ouvertes.',
      url: null,
      places: [LA_MYNE],
      sessions: onDays([cal.next(THURSDAY, 1), cal.next(THURSDAY, 3)]),
    },
    {
      sourceId: 'fablab-mobile-vaulx',
      title: 'FabLab mobile au marché de Vaulx-en-Velin',
      description: 'Le camion-atelier s’installe près du marché : découvrez l’impression 3D, la découpe vinyle et la programmation, en famille et sans rendez-vous.',
      kind: 'mobile_fablab',
      provider: FABLAB_MOBILE,
      audiences: ['everyone', 'youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sans inscription : passez pendant l’escale.',
      url: null,
      places: [MARCHE_VAULX],
      sessions: onDays([cal.next(SATURDAY, 3), cal.next(SATURDAY, 7)]),
    },
    {
      sourceId: 'fablab-mobile-venissieux',
      title: 'FabLab mobile au marché de Vénissieux',
      description: 'Le camion-atelier s’installe sur la place du marché : réparer un petit appareil, souder un circuit, fabriquer un objet, sans rendez-vous.',
      kind: 'mobile_fablab',
      provider: FABLAB_MOBILE,
      audiences: ['everyone', 'youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sans inscription : passez pendant l’escale.',
      url: null,
      places: [MARCHE_VENISSIEUX],
      sessions: onDays([cal.next(SATURDAY, 5), cal.next(SATURDAY, 9)]),
    },
    // Public digital spaces and digital advisers
    {
      sourceId: 'france-services-rillieux',
      title: 'France services de Rillieux-la-Pape : aide aux démarches en ligne',
      description: 'Des agents vous aident à faire vos démarches en ligne (CAF, Ameli, impôts, France Travail, titres de séjour) et à créer les comptes nécessaires, avec un ordinateur sur place.',
      kind: 'digital_space',
      provider: FRANCE_SERVICES,
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sur place ou sur rendez-vous.',
      url: null,
      places: [FRANCE_SERVICES_RILLIEUX],
      sessions: [],
    },
    {
      sourceId: 'conseiller-numerique-meyzieu',
      title: 'Permanence du conseiller numérique de Meyzieu',
      description: 'Un conseiller numérique vous reçoit pour apprendre à utiliser votre smartphone ou votre ordinateur : mail, mots de passe, démarches en ligne, visio.',
      kind: 'digital_space',
      provider: provider('Ville de Meyzieu'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sur rendez-vous à l’accueil de la mairie.',
      url: null,
      places: [MAIRIE_MEYZIEU],
      sessions: [],
    },
    {
      sourceId: 'conseiller-numerique-oullins',
      title: 'Conseiller numérique d’Oullins-Pierre-Bénite : premiers pas sur internet',
      description: 'Des ateliers en petit groupe pour débuter : naviguer sur internet, créer son adresse mail, utiliser sa messagerie et protéger ses données.',
      kind: 'workshop',
      provider: provider('Ville d’Oullins-Pierre-Bénite'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sur rendez-vous à l’accueil de la mairie.',
      url: null,
      places: [MAIRIE_OULLINS],
      sessions: onDays([cal.next(TUESDAY, 2), cal.next(TUESDAY, 6)]),
    },
    {
      sourceId: 'conseiller-numerique-caluire',
      title: 'Garder le lien : messagerie et appels en visio',
      description: 'Avec le conseiller numérique de la ville, vous apprenez à envoyer des photos et des messages et à passer un appel en visio avec votre famille.',
      kind: 'workshop',
      provider: provider('Ville de Caluire-et-Cuire'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sur rendez-vous à l’accueil de la mairie.',
      url: null,
      places: [MAIRIE_CALUIRE],
      sessions: onDays([cal.next(THURSDAY, 2), cal.next(THURSDAY, 5)]),
    },
    {
      sourceId: 'conseiller-numerique-ecully',
      title: 'Permanence numérique à Écully',
      description: 'Un conseiller numérique répond à vos questions sur l’ordinateur, le smartphone et les démarches en ligne, et vous aide à vous protéger des arnaques.',
      kind: 'digital_space',
      provider: provider('Ville d’Écully'),
      audiences: ['everyone'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Sur rendez-vous à l’accueil de la mairie.',
      url: null,
      places: [MAIRIE_ECULLY],
      sessions: [],
    },
    {
      sourceId: 'les-bons-clics',
      title: 'Les Bons Clics : apprendre le numérique en ligne, à son rythme',
      description: 'Des modules gratuits en ligne pour apprendre les bases : utiliser un mail, créer un mot de passe sûr, faire ses démarches en ligne, reconnaître une information fiable.',
      kind: 'workshop',
      provider: WETECHCARE,
      audiences: ['everyone'],
      modality: 'distance',
      ...free,
      accessibility: 'Entièrement à distance : il faut un ordinateur ou un smartphone et une connexion internet.',
      signUp: 'Sur lesbonsclics.fr, sans inscription préalable.',
      url: 'https://www.lesbonsclics.fr',
      places: [],
      sessions: [],
    },
    // CRIJ (Info Jeunes) and Missions Locales
    {
      sourceId: 'crij-atelier-cv',
      title: 'Atelier CV et lettre de motivation',
      description: 'Vous rédigez ou améliorez votre CV et votre lettre de motivation avec un informateur jeunesse, et vous repartez avec des documents prêts à envoyer.',
      kind: 'crij_workshop',
      provider: CRIJ,
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_CRIJ,
      url: null,
      places: [CRIJ_LYON],
      sessions: onDays([cal.next(WEDNESDAY, 1), cal.next(WEDNESDAY, 3), cal.next(WEDNESDAY, 5)]),
    },
    {
      sourceId: 'crij-information-bafa',
      title: 'Réunion d’information : devenir animateur avec le BAFA',
      description: 'Comment se passe le BAFA, combien il coûte, quelles aides existent et où trouver un stage pratique : tout pour se lancer dans l’animation auprès des enfants.',
      kind: 'crij_workshop',
      provider: CRIJ,
      romeCodes: ['G1203'],
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_CRIJ,
      url: null,
      places: [CRIJ_LYON],
      sessions: onDays([cal.next(WEDNESDAY, 2), cal.next(WEDNESDAY, 6)]),
    },
    {
      sourceId: 'crij-jobs',
      title: 'Trouver un job : jobs d’été, jobs étudiants, premier emploi',
      description: 'Où chercher les offres, comment se présenter à un employeur et quels sont vos droits quand on travaille jeune : un atelier pratique avec des offres du moment.',
      kind: 'crij_workshop',
      provider: CRIJ,
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_CRIJ,
      url: null,
      places: [CRIJ_LYON],
      sessions: onDays([cal.next(TUESDAY, 2), cal.next(TUESDAY, 4)]),
    },
    {
      sourceId: 'crij-orientation',
      title: 'Orientation : faire le point sur ses envies et ses pistes',
      description: 'En petit groupe, vous explorez vos goûts, les métiers qui vous ressemblent et les formations pour y arriver, avec un informateur jeunesse.',
      kind: 'crij_workshop',
      provider: CRIJ,
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: SIGN_UP_CRIJ,
      url: null,
      places: [CRIJ_LYON],
      sessions: onDays([cal.next(THURSDAY, 1), cal.next(THURSDAY, 4)]),
    },
    {
      sourceId: 'mission-locale-lyon-entretien',
      title: 'Préparer un entretien d’embauche (Mission Locale de Lyon)',
      description: 'Vous vous entraînez à vous présenter et à répondre aux questions d’un recruteur, avec des mises en situation filmées et des conseils personnalisés.',
      kind: 'workshop',
      provider: provider('Mission Locale de Lyon'),
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Auprès de votre conseiller Mission Locale, ou à l’accueil de l’antenne.',
      url: null,
      places: [MISSION_LOCALE_LYON_8],
      sessions: onDays([cal.next(TUESDAY, 1), cal.next(TUESDAY, 3)]),
    },
    {
      sourceId: 'mission-locale-villeurbanne-metiers',
      title: 'Découvrir les métiers qui recrutent (Mission Locale de Villeurbanne)',
      description: 'Des professionnels de la logistique, du soin, de la restauration et du bâtiment présentent leur métier, et vous pouvez réserver une visite d’entreprise ou un stage découverte.',
      kind: 'workshop',
      provider: provider('Mission Locale de Villeurbanne'),
      romeCodes: ['N1103', 'J1501', 'G1602', 'F1703'],
      audiences: ['youth_16_25'],
      modality: 'presentiel',
      ...free,
      accessibility: null,
      signUp: 'Auprès de votre conseiller Mission Locale, ou à l’accueil.',
      url: null,
      places: [MISSION_LOCALE_VILLEURBANNE],
      sessions: onDays([cal.next(THURSDAY, 2), cal.next(THURSDAY, 6)]),
    },
  ];
}

/** The demonstration catalogue, with sessions placed after `today` (YYYY-MM-DD). */
export function starterOffers(today: string): OfferInput[] {
  const cal = new Calendar(today);
  return [...formalOffers(cal), ...informalOffers(cal)].map((offer) => ({ source: SOURCE, demo: true, romeCodes: [], formacodes: [], nsfCodes: [], ...offer }));
}

/** Loads (upserts) the starter catalogue; with onlyIfEmpty, does nothing and returns null when the catalogue already has offers. */
export async function loadStarterCatalogue(store: CatalogueStore, today: string): Promise<ImportReport>;
export async function loadStarterCatalogue(store: CatalogueStore, today: string, options?: { onlyIfEmpty?: boolean; unlessRealOffers?: boolean }): Promise<ImportReport | null>;
/**
 * onlyIfEmpty: nothing when the catalogue holds any offer. unlessRealOffers (start-up): loaded into an
 * empty catalogue, and loaded again while it holds demonstration offers only, so that their invented
 * sessions stay after today; once real offers are imported the demonstration is left as it is.
 */
export async function loadStarterCatalogue(
  store: CatalogueStore,
  today: string,
  options: { onlyIfEmpty?: boolean; unlessRealOffers?: boolean } = {},
): Promise<ImportReport | null> {
  if (options.onlyIfEmpty && (await store.count()) > 0) return null;
  if (options.unlessRealOffers && (await store.count({ demo: false })) > 0) return null;
  return store.upsert(starterOffers(today));
}
