// SPDX-License-Identifier: MIT
// duckdb.test.mjs — `securebase template --format sql --dialect duckdb` run in DuckDB on an answers
// file and on 2,000 generated rows, read as text (read_csv all_varchar), with typed columns
// (read_csv's own types), and from Parquet through a view (docs/sql.md); every row is compared
// with `securebase score --decimals 9`: scores to 1e-9, every other cell exactly.
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [bin, src] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'sb-duckdb-'));
let failures = 0;
const fail = (msg) => { failures++; console.error(`FAIL: ${msg}`); };

function run(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (r.status !== 0 && r.status !== 65) throw new Error(`securebase ${args.join(' ')}: ${r.status} ${r.stderr}`);
  return r.stdout;
}

// RFC 4180, as score writes it
function parseCsv(text) {
  const rows = []; let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  return rows;
}

// seeded rows: missing answers, straight lines, cells in the accepted forms, a few rejected rows
function randomCsv(path, items, n) {
  let s = 20261205n;
  const rnd = (k) => { s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return Number((s >> 33n) % BigInt(k)); };
  const lines = ['id,' + items.map((it) => it.item).join(',')];
  for (let r = 0; r < n; r++) {
    const kind = rnd(100), miss = kind < 10 ? 60 : 15, common = rnd(7);
    const cells = [kind === 0 ? '""' : kind === 1 ? `"q,""${r}"` : `r${r}`];
    items.forEach((it) => {
      const lo = Number(it.min), span = Number(it.max) - lo + 1;
      if (kind === 2 && rnd(10) === 0) { cells.push('99'); return; }
      if (rnd(100) < miss) { cells.push(''); return; }
      const v = kind >= 90 ? lo + (common % span) : lo + rnd(span), f = rnd(100);
      cells.push(f < 3 ? ` ${v} ` : f < 6 ? `${v}.0` : f < 8 && v >= 0 && v <= 9 ? String.fromCharCode(0xff10 + v) : f < 9 ? 'NA' : String(v));
    });
    lines.push(cells.join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const codebook = parseCsv(run(['template', '--codebook', '--format', 'csv']));
const items = codebook.slice(1).map(([item, , , min, max]) => ({ item, min, max }));
const query = run(['template', '--format', 'sql', '--dialect', 'duckdb']);

// One thread: the suite runs two tests at a time, and DuckDB's second thread nearly doubled this
// test's CPU (47 s -> 27 s) for 3 s of wall time on an idle machine (docs/testing.md).
const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await inst.connect();
const lit = (p) => `'${p.replace(/'/g, "''")}'`;

let made = null; // 'TABLE' or 'VIEW': DuckDB refuses DROP VIEW on a table
async function check(name, csv, load) {
  if (made) await con.run(`DROP ${made} answers`);
  made = await load(csv);
  const cols = (await con.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'answers'")).getRows().map((r) => r[0]);
  for (const it of items) if (!cols.includes(it.item)) fail(`${name}: no column ${it.item}`);
  const got = await con.runAndReadAll(query);
  const header = got.columnNames();
  const rows = got.getRowsJS();
  const want = parseCsv(run(['score', '--decimals', '9', '--no-formula-guard', '--no-duplicate-check', csv]));
  if (header.join(',') !== want[0].join(',')) fail(`${name}: header ${header.join(',')}`);
  const byId = new Map(rows.map((r) => [String(r[0]), r]));
  if (rows.length !== want.length - 1) fail(`${name}: ${rows.length} rows, score wrote ${want.length - 1}`);
  let compared = 0;
  for (const w of want.slice(1)) {
    const g = byId.get(w[0]);
    if (!g) { fail(`${name}: no row ${w[0]}`); continue; }
    w.forEach((cell, j) => {
      const v = g[j] === null || g[j] === undefined ? '' : g[j];
      const isScore = j >= 1 && j < header.length - 2 && (j - 1) % 5 === 0;
      if (isScore && cell !== '' && v !== '') {
        if (Math.abs(Number(v) - Number(cell)) > 1e-9) fail(`${name}: row ${w[0]} ${header[j]}: ${v} (SQL), ${cell} (score)`);
      } else if (String(v) !== cell) fail(`${name}: row ${w[0]} ${header[j]}: '${v}' (SQL), '${cell}' (score)`);
    });
    compared++;
  }
  console.log(`${name}: ${compared} rows compared`);
  if (compared < 3) fail(`${name}: too few rows`);
}

const asText = async (csv) => { await con.run(`CREATE TABLE answers AS SELECT * FROM read_csv(${lit(csv)}, header = true, all_varchar = true)`); return 'TABLE'; };
const typed = async (csv) => { await con.run(`CREATE TABLE answers AS SELECT * FROM read_csv(${lit(csv)}, header = true)`); return 'TABLE'; };
const parquet = async (csv) => {
  const pq = join(dir, 'answers.parquet');
  await con.run(`COPY (SELECT * FROM read_csv(${lit(csv)}, header = true)) TO ${lit(pq)} (FORMAT parquet)`);
  await con.run(`CREATE VIEW answers AS SELECT * FROM ${lit(pq)}`);
  return 'VIEW';
};

try {
  const care = join(src, 'tests/data/care_answers.csv');
  await check('care_answers.csv as text', care, asText);
  await check('care_answers.csv typed', care, typed);
  await check('care_answers.csv from Parquet', care, parquet);
  const rnd = join(dir, 'random.csv');
  randomCsv(rnd, items, 2000);
  await check('2000 generated rows as text', rnd, asText);
  await check('2000 generated rows from Parquet', rnd, parquet);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures) { console.error(`${failures} failures`); process.exit(1); }
console.log('ok');
