// npm run bench:understanding — how long the understanding of needs takes, beside a plain call of
// recognizers-text's French date recognizer on the same texts, in the same process.
//   start-up: building every index and model once (NeedsAnalyzer.create), from a cold process;
//   warm: analyse() on 200-character and short messages, median and p99 over many runs.
import os from 'node:os';
import { Culture, recognizeDateTime } from '@microsoft/recognizers-text-suite';
import { NeedsAnalyzer } from '../../services/understanding/needsAnalyzer';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

// Varied sentences in the words of HR managers, each about 200 characters.
const LONG = [
  'Bonjour, nous sommes une PME de transport et nous devons former 4 caristes au CACES R489 d’ici fin février sur notre site de Vénissieux, en présentiel si possible, merci de revenir vers nous rapidement.',
  'Pour notre atelier de Saint-Priest il nous faudrait former une dizaine de soudeurs TIG avant le 15 mars, et aussi deux chaudronniers au printemps ; la formation peut se faire en partie à distance.',
  'Notre EHPAD de Villeurbanne recrute : nous avons besoin de former 6 aides-soignantes et 3 agents de service hospitalier dans les trois mois, idéalement dans nos locaux, avec un financement OPCO.',
  'Nous cherchons une formation HACCP pour une quinzaine de cuisiniers et serveurs de nos restaurants de Lyon 2e et Lyon 7e, au premier trimestre 2027, en présentiel, idéalement le lundi matin.',
  'Entreprise de BTP à Givors, 80 salariés : il faut former 5 électriciens à l’habilitation électrique B1V et 3 maçons au travail en hauteur avant la fin de l’année, nos équipes sont sur chantier.',
  'Bonjour, je suis responsable formation chez un logisticien de Corbas : nous avons 12 préparateurs de commandes à former sur les outils numériques dès que possible, sessions de 35 heures maximum.',
  'Notre agence de Bron aurait besoin de former 2 comptables à Excel niveau avancé et une assistante de direction à l’anglais professionnel en mars, à distance de préférence, en classe virtuelle.',
  'Pour accompagner notre croissance nous voulons former vingt vendeuses en prêt-à-porter de nos boutiques de la Part-Dieu et de Vaulx-en-Velin à l’accueil client, au plus tard fin avril 2027.',
];
const SHORT = ['4 caristes à Vénissieux', 'des soudeurs avant mars', 'une dizaine d’aides-soignantes', 'dès que possible', 'à Lyon 3e en présentiel', 'plutôt 6 personnes'];

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function measure(texts: string[], fn: (text: string) => unknown) {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) for (const text of texts) samples.push(time(() => fn(text)));
  return stats(samples);
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

function main(): void {
  const rssBefore = process.memoryUsage().rss;
  let analyzer!: NeedsAnalyzer;
  const startup = time(() => (analyzer = NeedsAnalyzer.create()));
  const rssAfter = process.memoryUsage().rss;

  const long = measure(LONG, (t) => analyzer.analyze(t));
  const short = measure(SHORT, (t) => analyzer.analyze(t));

  const plainFirst = time(() => recognizeDateTime(LONG[0], Culture.French));
  for (const text of LONG) recognizeDateTime(text, Culture.French); // warm it as fairly as ours
  const plainLong = measure(LONG, (t) => recognizeDateTime(t, Culture.French));

  const average = LONG.reduce((sum, t) => sum + t.length, 0) / LONG.length;
  console.log(`Understanding benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${RUNS} runs per text`);
  console.log('');
  console.log('| measure | median | p99 | max |');
  console.log('|---|---|---|---|');
  console.log(`| analyse(), ${LONG.length} messages of ~${Math.round(average)} characters, warm | ${ms(long.median)} | ${ms(long.p99)} | ${ms(long.max)} |`);
  console.log(`| analyse(), ${SHORT.length} short messages, warm | ${ms(short.median)} | ${ms(short.p99)} | ${ms(short.max)} |`);
  console.log(`| plain recognizeDateTime(French) on the same long messages, warm | ${ms(plainLong.median)} | ${ms(plainLong.p99)} | ${ms(plainLong.max)} |`);
  console.log('');
  console.log(`Start-up (NeedsAnalyzer.create: ROME and commune indexes, French number and date parts, warm-up): ${ms(startup)}, +${Math.round((rssAfter - rssBefore) / 1e6)} MB RSS`);
  console.log(`First plain recognizeDateTime(French) call in the same process (its own model build): ${ms(plainFirst)}`);
}

main();
