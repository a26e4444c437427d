// Runs each catalog's generated parser over every example body of tests/seeds/*.json, over the
// same bodies with a code the module does not know and with extra members, and over garbage:
// it must never throw, must read each seed body as the code and fields it was rendered from,
// and must keep what it cannot read. tests/tools/check-artifacts.sh compiles it with every
// strict flag and calls `run` from node with the seed files; `run` returns the failures.
import * as bkend from '../../docs/bkend.js';
import * as ekodb from '../../docs/ekodb.js';
import * as expenses from '../../docs/expenses.js';
import * as helpdesk from '../../docs/helpdesk.js';
import * as marketplace from '../../docs/marketplace.js';
import * as standard from '../../docs/standard.js';

/** What this test reads of a parsed error; every module's `ParsedError` is one. */
interface Parsed {
  readonly kind: 'known' | 'unknown';
  readonly reason?: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly details?: unknown;
  readonly params?: unknown;
  readonly requestId: string | undefined;
  readonly retry: { readonly retryable: boolean; readonly retryAfterSeconds: number | undefined };
}

interface Client {
  parseError(response: { readonly status: number; readonly headers?: { readonly [name: string]: string }; readonly body?: unknown }): Parsed;
  isErrorCode(value: unknown): boolean;
}

const CLIENTS: { readonly [catalog: string]: Client } = {
  'catalog/bkend.yaml': bkend,
  'catalog/ekodb.yaml': ekodb,
  'catalog/expenses.yaml': expenses,
  'catalog/helpdesk.yaml': helpdesk,
  'catalog/marketplace.yaml': marketplace,
  'catalog/standard.yaml': standard,
};

export interface Report {
  readonly bodies: number;
  readonly known: number;
  readonly masked: number;
  readonly hostile: number;
  readonly failures: string[];
}

function isRecord(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `value` with every string equal to `from` replaced by `to`. */
function replaceString(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceString(item, from, to));
  if (!isRecord(value)) return value;
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(value)) out[key] = replaceString(value[key], from, to);
  return out;
}

/**
 * `value` with a member no catalog declares added to every object: a list of strings, which
 * fits a `$errors` map too (field -> messages), and at the top an object of any shape.
 */
function withExtraMembers(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((item) => withExtraMembers(item, false));
  if (!isRecord(value)) return value;
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(value)) out[key] = withExtraMembers(value[key], false);
  out['x-added-by-a-newer-server'] = ['a newer server sent this'];
  if (top) out['x-added-object'] = { nested: [1, 'two', null, { deeper: {} }] };
  return out;
}

const GARBAGE: readonly unknown[] = [
  '', ' ', 'not json', '{', '[', '{"code":', 'null', 'true', '42', '"text"', '[]', '{}', '[[[[[[]]]]]]',
  '{"error":{}}', '{"error":null}', '{"code":null,"message":7}', '{"success":false}', '{"success":false,"error":"x"}',
  '{"__proto__":{"code":"NOT_FOUND"},"constructor":{"prototype":{}}}', '{"error":{"code":{"toString":1}}}',
  '\u0000\u0001', '\ud800', '['.repeat(100000), `{"error":"${'x'.repeat(100000)}"}`,
  undefined, null, 0, -1, true, [], {}, [null], { error: [] }, { error: { code: [] } }, { code: {}, status: {} },
  { success: false, error: { code: 'NOT_FOUND', message: null }, meta: null }, { code: 404, message: ['x'] },
];

const STATUSES: readonly number[] = [0, 200, 207, 400, 404, 429, 500, 503, 599, NaN];

const HEADERS: readonly { readonly [name: string]: string }[] = [
  {}, { 'Retry-After': 'soon' }, { 'retry-after': '-1' }, { 'RETRY-AFTER': '99999999999999999999999' },
  { 'Retry-After': 'Sun, 06 Nov 1994 08:49:37 GMT' }, { 'Retry-After': '' },
];

export function run(seedFiles: readonly { readonly file: string; readonly json: unknown }[]): Report {
  const failures: string[] = [];
  let bodies = 0;
  let known = 0;
  let masked = 0;
  let hostile = 0;
  const parse = (client: Client, what: string, response: Parameters<Client['parseError']>[0]): Parsed | undefined => {
    try {
      return client.parseError(response);
    } catch (error) {
      failures.push(`${what}: threw ${String(error)}`);
      return undefined;
    }
  };
  for (const { file, json } of seedFiles) {
    if (!isRecord(json) || typeof json['catalog'] !== 'string') {
      failures.push(`${file}: not a seed file`);
      continue;
    }
    const client = CLIENTS[json['catalog']];
    if (client === undefined) {
      failures.push(`${file}: no module for ${json['catalog']}`);
      continue;
    }
    const examples: unknown[] = [];
    for (const list of ['examples', 'derived_examples', 'batch_examples']) {
      const items = json[list];
      if (Array.isArray(items)) examples.push(...items);
    }
    // A whole body of this catalog, for putting `fragment` examples back into their envelope.
    const whole = examples.find((e) => isRecord(e) && e['fragment'] === undefined && e['code'] !== undefined);
    examples.forEach((example, index) => {
      if (!isRecord(example) || typeof example['status'] !== 'number') {
        failures.push(`${file}[${index}]: no status`);
        return;
      }
      const what = `${file} ${String(example['source'])}`;
      const status = example['status'];
      const headers = isRecord(example['headers']) ? (example['headers'] as { [name: string]: string }) : {};
      let body = example['body'];
      const fragment = example['fragment'];
      bodies++;
      if (typeof fragment === 'string') {
        // The fragment alone is not a whole body: read, never thrown.
        parse(client, `${what} (fragment alone)`, { status, headers, body: JSON.stringify(body) });
        if (!isRecord(whole) || !isRecord(whole['body'])) {
          failures.push(`${what}: no whole body to put the fragment in`);
          return;
        }
        const envelope: { [key: string]: unknown } = { ...whole['body'] };
        envelope[fragment] = body;
        body = envelope;
      }
      const text = JSON.stringify(body);
      const fromText = parse(client, what, { status, headers, body: text });
      const fromJson = parse(client, `${what} (parsed JSON)`, { status, headers, body });
      if (fromText === undefined || fromJson === undefined) return;
      if (!same(fromText, fromJson)) failures.push(`${what}: text and parsed JSON read differently`);
      const code = example['code'];
      if (typeof code !== 'string') {
        // A batch result (207): not an error body of one code.
        if (fromText.kind !== 'unknown') failures.push(`${what}: a batch body read as ${String(fromText.code)}`);
        return;
      }
      if (fromText.kind !== 'known') {
        failures.push(`${what}: read as unknown (${String(fromText.reason)}, code ${String(fromText.code)})`);
        return;
      }
      known++;
      if (fromText.status !== status) failures.push(`${what}: status ${fromText.status}, expected ${status}`);
      if (fromText.code !== code) {
        // A masked code answers as its exposed one.
        if (!client.isErrorCode(code) || !client.isErrorCode(fromText.code)) failures.push(`${what}: code ${String(fromText.code)}, expected ${code}`);
        masked++;
      } else {
        const fields = isRecord(example['fields']) ? example['fields'] : {};
        for (const [part, values] of [['details', fromText.details], ['params', fromText.params]] as const) {
          if (!isRecord(values)) {
            failures.push(`${what}: ${part} not read (${JSON.stringify(values)})`);
            continue;
          }
          for (const name of Object.keys(values)) {
            if (!same(values[name], fields[name])) failures.push(`${what}: ${part}.${name} = ${JSON.stringify(values[name])}, expected ${JSON.stringify(fields[name])}`);
          }
        }
      }
      const retryAfter = headers['Retry-After'];
      if (retryAfter !== undefined && fromText.retry.retryAfterSeconds !== Number(retryAfter)) failures.push(`${what}: Retry-After ${String(fromText.retry.retryAfterSeconds)}`);
      const context = isRecord(example['context']) ? example['context'] : {};
      // (A fragment's envelope, and so its request id, is another example's.)
      if (fragment === undefined && fromText.requestId !== undefined && fromText.requestId !== context['request_id']) failures.push(`${what}: request id ${fromText.requestId}`);

      // The same body with a code this module does not know.
      const renamed = replaceString(body, fromText.code ?? code, 'zz/added-by-a-newer-server');
      if (!same(renamed, body)) {
        hostile++;
        const newer = parse(client, `${what} (unknown code)`, { status, headers, body: JSON.stringify(renamed) });
        if (newer !== undefined && (newer.kind !== 'unknown' || newer.reason !== 'unknown-code' || newer.code !== 'zz/added-by-a-newer-server')) {
          failures.push(`${what}: an unknown code read as ${newer.kind} ${String(newer.reason)} ${String(newer.code)}`);
        }
      }
      // With extra members everywhere: the same error.
      hostile++;
      const extra = parse(client, `${what} (extra members)`, { status, headers, body: JSON.stringify(withExtraMembers(body)) });
      if (extra !== undefined && (extra.kind !== 'known' || extra.code !== fromText.code)) failures.push(`${what}: extra members read as ${extra.kind} ${String(extra.code)}`);
    });
  }
  for (const [catalog, client] of Object.keys(CLIENTS).map((c) => [c, CLIENTS[c]] as const)) {
    if (client === undefined) continue;
    for (const body of GARBAGE) {
      for (const status of STATUSES) {
        for (const headers of HEADERS) {
          hostile++;
          const parsed = parse(client, `${catalog} garbage ${JSON.stringify(body)?.slice(0, 40)} ${status}`, { status, headers, body });
          if (parsed !== undefined && parsed.kind !== 'unknown') failures.push(`${catalog}: garbage ${JSON.stringify(body)?.slice(0, 40)} read as ${String(parsed.code)}`);
          if (parsed !== undefined && parsed.retry.retryAfterSeconds !== undefined && !(parsed.retry.retryAfterSeconds >= 0)) failures.push(`${catalog}: negative Retry-After`);
        }
      }
    }
  }
  return { bodies, known, masked, hostile, failures };
}
