// Uses the typed client generated from catalog/helpdesk.yaml and catalog/marketplace.yaml the
// way a front end would: narrows every code and reads typed fields without a cast. Must compile
// under every flag tests/tools/check-artifacts.sh passes (strict, noUnusedLocals,
// exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax...), as ESM and as
// CommonJS; the script runs it with node in both forms, so the checks below run too.
import { DEFAULT_RETRY_POLICY, parseError, parseErrorResponse, parseOperationError, parseRetryAfter, retryDecision } from '../../docs/helpdesk.js';
import type { KnownError, OperationError, ParsedError, RetryPolicy } from '../../docs/helpdesk.js';
import * as marketplace from '../../docs/marketplace.js';

/** Every code helpdesk sends, narrowed one by one; a code added to the catalog fails to compile here. */
function explain(error: KnownError): string {
  switch (error.code) {
    case 'UNAUTHORIZED': {
      const status: 401 = error.status;
      return `${status}: sign in again`;
    }
    case 'FORBIDDEN':
      return `${error.status}: ask an admin`;
    case 'NOT_FOUND':
      return `${error.status}: it is gone`;
    case 'VALIDATION_ERROR': {
      // `params` is the message read back against its template: typed, or undefined when the
      // server's wording is not the catalog's.
      const reason: string | undefined = error.params?.reason;
      return `fix the request: ${reason ?? error.message ?? 'invalid'}`;
    }
    case 'RATE_LIMITED': {
      const seconds: number | undefined = error.params?.retry_after;
      return `slow down for ${seconds ?? '?'} s`;
    }
    case 'CONFLICT':
      return 'reload and try again';
    case 'SERVER_ERROR':
      return `try later (request ${error.requestId ?? 'unknown'})`;
    default: {
      const exhaustive: never = error;
      return exhaustive;
    }
  }
}

function marketplaceFields(error: marketplace.KnownError): string {
  switch (error.code) {
    case 'VALIDATION_ERROR':
      // `details` is what the body carries, typed per code.
      return `${error.details.field} is ${error.details.constraint}`;
    case 'RATE_LIMIT_EXCEEDED':
      return `tier ${error.details.tier}, wait ${error.retry.retryAfterSeconds ?? 0} s`;
    default:
      return error.code;
  }
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`failed: ${what}`);
}

function known(parsed: ParsedError): KnownError {
  if (parsed.kind !== 'known') throw new Error(`not known: ${parsed.reason} ${JSON.stringify(parsed.body)}`);
  return parsed;
}

const now = Date.UTC(2025, 0, 15, 9, 30, 0);

// A helpdesk 429 with Retry-After as a header record (Node's headers: lower case).
const limited = known(
  parseError(
    {
      status: 429,
      headers: { 'retry-after': '30' },
      body: '{"success":false,"error":{"code":"RATE_LIMITED","message":"Rate limit exceeded. Try again in 30 seconds.","retryAfter":30},"meta":{"requestId":"req_1"}}',
    },
    now,
  ),
);
check(limited.code === 'RATE_LIMITED', 'code');
check(limited.retry.retryable && limited.retry.retryAfterSeconds === 30, 'retry advice from the header');
check(limited.requestId === 'req_1', 'request id');
check(explain(limited) === 'slow down for 30 s', 'narrowed, the typed param read back from the message');
// A server that words the message otherwise: still the known code, its params unread.
const reworded = known(parseError({ status: 429, body: { success: false, error: { code: 'RATE_LIMITED', message: 'Easy there' }, meta: {} } }));
check(reworded.code === 'RATE_LIMITED' && reworded.params === undefined && reworded.retry.retryAfterSeconds === undefined, 'reworded message');

// Masked and internal codes: the title stands in for the message, no params.
const server = known(parseError({ status: 500, body: { success: false, error: { code: 'SERVER_ERROR', message: 'Internal Server Error' }, meta: {} } }));
check(server.code === 'SERVER_ERROR' && server.retry.retryable, 'internal');

// The same code with a status the catalog does not give it is not claimed as that code.
const wrongStatus = parseError({ status: 418, body: { success: false, error: { code: 'SERVER_ERROR', message: 'x' }, meta: {} } });
check(wrongStatus.kind === 'unknown' && wrongStatus.reason === 'unexpected-body' && wrongStatus.code === 'SERVER_ERROR', 'status mismatch');

// A code this module does not know: never thrown, kept.
const newer = parseError({ status: 402, body: '{"success":false,"error":{"code":"PAYMENT_REQUIRED","message":"Pay"},"meta":{}}' });
check(newer.kind === 'unknown' && newer.reason === 'unknown-code' && newer.code === 'PAYMENT_REQUIRED', 'unknown code');
check(!newer.retry.retryable, '402 is not retryable');

// Marketplace: typed details under `error.details` and as a member of its own (`error.tier`).
const validation = marketplace.parseError({
  status: 400,
  body: { code: 400, status: 'error', message: 'Validation failed', error: { code: 'VALIDATION_ERROR', message: 'The title field is required', details: { field: 'title', constraint: 'required' } } },
});
check(validation.kind === 'known' && marketplaceFields(validation) === 'title is required', 'marketplace details');
const missingDetail = marketplace.parseError({
  status: 400,
  body: { code: 400, status: 'error', message: 'Validation failed', error: { code: 'VALIDATION_ERROR', message: 'The title field is required', details: { field: 7 } } },
});
check(missingDetail.kind === 'unknown' && missingDetail.reason === 'unexpected-body', 'a wrongly typed detail is not a known error');

// One operation's errors: the codes its OpenAPI operation lists, and nothing else to handle.
const GET_TICKET = ['NOT_FOUND', 'UNAUTHORIZED'] as const;
type GetTicketError = OperationError<(typeof GET_TICKET)[number]>;
function forTicket(error: GetTicketError): string {
  if (error.kind === 'unknown') return `unexpected: ${error.reason}`;
  switch (error.code) {
    case 'NOT_FOUND':
      return 'no such ticket';
    case 'UNAUTHORIZED': {
      const status: 401 = error.status;
      return `${status}: sign in`;
    }
    default: {
      const exhaustive: never = error;
      return exhaustive;
    }
  }
}
const notFound = { status: 404, body: { success: false, error: { code: 'NOT_FOUND', message: 'Not found' }, meta: {} } };
check(forTicket(parseOperationError(notFound, GET_TICKET)) === 'no such ticket', 'a listed code, narrowed');
const conflict = parseOperationError({ status: 409, body: { success: false, error: { code: 'CONFLICT', message: 'Conflict' }, meta: {} } }, GET_TICKET);
check(conflict.kind === 'unknown' && conflict.reason === 'undeclared-code' && conflict.code === 'CONFLICT', 'a known code the operation does not list is kept, as undeclared');
check(forTicket(conflict) === 'unexpected: undeclared-code', 'and handled as unexpected');

// Retry decisions at the policy's bounds.
const policy: RetryPolicy = { baseDelayMs: 100, maxDelayMs: 5000, maxAttempts: 3 };
const advice = (seconds: number | undefined, retryable = true) => ({ retryable, retryAfterSeconds: seconds });
const atMost = retryDecision(advice(5), 0, policy);
check(atMost.retry && atMost.delayMs === 5000, 'Retry-After equal to the maximum is waited');
const tooLong = retryDecision(advice(3599), 0, policy);
check(!tooLong.retry && tooLong.reason === 'server-wait-too-long' && tooLong.serverWaitMs === 3599000, 'a longer wait gives up');
check(!retryDecision(advice(6), 0, policy).retry, 'one second over the maximum gives up');
const last = retryDecision(advice(undefined), 2, policy, () => 0.999999);
check(last.retry && last.delayMs === 400, 'last attempt: the full ceiling');
const spent = retryDecision(advice(undefined), 3, policy);
check(!spent.retry && spent.reason === 'attempts-exhausted', 'attempts spent');
const capped = retryDecision(advice(undefined), 2, { baseDelayMs: 1000, maxDelayMs: 1500, maxAttempts: 9 }, () => 0.999999);
check(capped.retry && capped.delayMs === 1500, 'backoff capped at the maximum');
const zero = retryDecision(advice(undefined), 0, policy, () => 0);
check(zero.retry && zero.delayMs === 0, 'full jitter starts at zero');
const broken = retryDecision(advice(undefined), 0, policy, () => NaN);
check(broken.retry && broken.delayMs === 0, 'a broken random source does not leak NaN');
const refused = retryDecision(advice(1, false), 0, policy);
check(!refused.retry && refused.reason === 'not-retryable', 'not retryable');
check(DEFAULT_RETRY_POLICY.maxDelayMs === 30000 && DEFAULT_RETRY_POLICY.maxAttempts === 4, 'default policy');

// Retry-After: seconds, an HTTP date relative to now, a past date, garbage.
check(parseRetryAfter(' 120 ', now) === 120, 'seconds');
check(parseRetryAfter('Wed, 15 Jan 2025 09:31:00 GMT', now) === 60, 'HTTP date');
check(parseRetryAfter('Wed, 15 Jan 2025 09:00:00 GMT', now) === 0, 'past date');
for (const bad of ['', '-1', '1.5', 'soon', 'Wed, 15 Jan 2025 09:31:00 UTC', 'Wed, 15 Foo 2025 09:31:00 GMT', 'Wed, 32 Jan 2025 09:31:00 GMT']) {
  check(parseRetryAfter(bad, now) === undefined, `bad Retry-After ${JSON.stringify(bad)}`);
}

// parseErrorResponse over a fetch-like Response.
const response = {
  status: 404,
  headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
  text: () => Promise.resolve('{"success":false,"error":{"code":"NOT_FOUND","message":"Not found"},"meta":{}}'),
};
parseErrorResponse(response).then((parsed) => {
  check(parsed.kind === 'known' && parsed.code === 'NOT_FOUND' && parsed.status === 404, 'parseErrorResponse');
  console.log('use-client: narrowing, parsing and retry advice ok');
});
