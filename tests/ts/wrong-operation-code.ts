// MUST NOT COMPILE: the operation lists NOT_FOUND and UNAUTHORIZED; CONFLICT is a code of the
// catalog but not one this operation answers with, so a case for it is a type error.
// tests/tools/check-artifacts.sh expects tsc to fail here with TS2678 ("Type '\"CONFLICT\"' is
// not comparable to type '\"NOT_FOUND\" | \"UNAUTHORIZED\"'"), and fails if it ever compiles.
import type { OperationError } from '../../docs/helpdesk.js';

export function explain(error: OperationError<'NOT_FOUND' | 'UNAUTHORIZED'>): string {
  if (error.kind === 'unknown') return error.reason;
  switch (error.code) {
    case 'CONFLICT':
      return 'reload';
    default:
      return error.code;
  }
}
