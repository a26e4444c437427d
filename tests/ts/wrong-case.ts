// MUST NOT COMPILE: 'RATE_LIMITTED' is no code of helpdesk's. tests/tools/check-artifacts.sh
// expects tsc to fail here with TS2678 ("Type '\"RATE_LIMITTED\"' is not comparable to type
// ..."), and fails if this file ever compiles.
import type { KnownError } from '../../docs/helpdesk.js';

export function wait(error: KnownError): number {
  switch (error.code) {
    case 'RATE_LIMITTED':
      return 1;
    default:
      return 0;
  }
}
