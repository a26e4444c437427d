// Uses the TypeScript generated from catalog/standard.yaml the way a front end would. Must
// compile under every strict flag tests/tools/check-artifacts.sh passes (types imported as
// types, for `verbatimModuleSyntax`); the script also runs it with node, so the guards are
// checked at runtime too.
import { ERROR_CODES, ERROR_STATUS, isErrorBody, isErrorCode, isRetryable } from '../../docs/standard.js';
import type { ErrorBody, ErrorCode } from '../../docs/standard.js';

function describe(code: ErrorCode): string {
  switch (code) {
    case 'TOKEN_EXPIRED':
      return 'refresh the token and retry';
    case 'RATE_LIMIT_EXCEEDED':
      return 'wait for Retry-After';
    default:
      return isRetryable(code) ? 'retry with backoff' : 'fix the request';
  }
}

function handle(parsed: unknown): string {
  if (!isErrorBody(parsed)) {
    return 'not an error body';
  }
  // Narrowed: members are typed, `code` is the union.
  const body: ErrorBody = parsed;
  const status: number = ERROR_STATUS[body.code];
  return `${status} ${body.title}: ${body.detail} (${describe(body.code)})`;
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`failed: ${what}`);
  }
}

const good: unknown = JSON.parse(
  '{"type":"https://errors.example.com/NOT_FOUND","title":"Not found","status":404,' +
    '"detail":"The requested resource does not exist","code":"NOT_FOUND"}',
);
check(isErrorBody(good), 'a real body is an ErrorBody');
check(handle(good).indexOf('404 ') === 0, 'status from the map');
check(!isErrorBody({ code: 'NOT_FOUND' }), 'missing members are rejected');
check(!isErrorBody({ ...(good as object), code: 'NO_SUCH_CODE' }), 'unknown codes are rejected');
check(!isErrorBody({ ...(good as object), instance: 7 }), 'a wrong optional member type is rejected');
check(isErrorCode('VALIDATION_ERROR') && !isErrorCode('validation_error'), 'isErrorCode');
check(isRetryable('SERVICE_UNAVAILABLE') && !isRetryable('FORBIDDEN'), 'isRetryable');
check(ERROR_CODES.length === Object.keys(ERROR_STATUS).length, 'every code has a status');
console.log(`use-union: ${ERROR_CODES.length} codes, guards ok`);
