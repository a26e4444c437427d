// MUST NOT COMPILE: 'NOT_FOUNDD' is not an ErrorCode. tests/tools/check-artifacts.sh expects
// tsc to fail here on that literal ("not assignable to type 'ErrorCode'. Did you mean...", TS2820), and fails if this file ever compiles.
import type { ErrorCode } from '../../docs/standard.js';

export const code: ErrorCode = 'NOT_FOUNDD';
