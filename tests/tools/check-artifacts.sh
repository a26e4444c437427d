#!/usr/bin/env bash
# Runs real, external tools on everything errcat generates, after installing them from their
# registries into target/tools (untracked, never global; reused when the pinned versions are
# already there):
#   - tsc --strict on the TypeScript of every shipped catalog (docs/*.ts) and the hostile one, on a file that
#     uses the union (also run with node, so the type guards are exercised), and on a file
#     that must NOT compile because of a wrong code;
#   - tsc with the strictest flags teams use, as ESM and as CommonJS (ES5 library only), on the
#     same modules and on tests/ts/use-client.ts (narrows every code, reads typed fields; run
#     with node in both forms); files that must NOT compile (a wrong field, a wrong code in a
#     switch), each with its expected TS error code; node running every catalog's parser over
#     every seed body of tests/seeds/ and over unknown codes, extra members and garbage;
#   - openapi-spec-validator (OpenAPI 3.1) on docs/*.openapi.json, the hostile catalog's, and
#     the utoipa document of tests/tests/openapi.rs (per-operation errors and edges) and the
#     bookstore example's served /openapi.json;
#   - check-jsonschema: every catalog validates against catalog/catalog.schema.json, and a
#     catalog with a misspelt key does not;
#   - check-jsonschema: real `errcat diff --format json` reports validate against
#     docs/diff.schema.json, and one with an unknown kind does not;
#   - markdownlint-cli2 on docs/ and on the golden pages (standard and hostile).
# Needs cargo, node/npm and python3; reaches only the npm registry and PyPI.
# Usage: tests/tools/check-artifacts.sh   (ERRCAT=path/to/errcat to use a built binary)
set -euo pipefail
cd "$(dirname "$0")/../.."

TYPESCRIPT=5.9.3
MARKDOWNLINT_CLI2=0.24.1
CHECK_JSONSCHEMA=0.39.0
OPENAPI_SPEC_VALIDATOR=0.9.0

TOOLS=target/tools
OUT=target/artifacts
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

# --- tools ----------------------------------------------------------------------------------
npm_stamp="$TOOLS/npm/.stamp-$TYPESCRIPT-$MARKDOWNLINT_CLI2"
if [ ! -f "$npm_stamp" ]; then
  echo "installing typescript@$TYPESCRIPT markdownlint-cli2@$MARKDOWNLINT_CLI2 into $TOOLS/npm"
  mkdir -p "$TOOLS/npm"
  npm install --prefix "$TOOLS/npm" --no-audit --no-fund --loglevel=error --no-save \
    "typescript@$TYPESCRIPT" "markdownlint-cli2@$MARKDOWNLINT_CLI2" >/dev/null
  touch "$npm_stamp"
fi
py_stamp="$TOOLS/venv/.stamp-$CHECK_JSONSCHEMA-$OPENAPI_SPEC_VALIDATOR"
if [ ! -f "$py_stamp" ]; then
  echo "installing check-jsonschema==$CHECK_JSONSCHEMA openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR into $TOOLS/venv"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check \
    "check-jsonschema==$CHECK_JSONSCHEMA" "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR"
  touch "$py_stamp"
fi
TSC="$TOOLS/npm/node_modules/.bin/tsc"
MDLINT="$TOOLS/npm/node_modules/.bin/markdownlint-cli2"
echo "tools: tsc $("$TSC" --version | sed 's/Version //'), markdownlint-cli2 $MARKDOWNLINT_CLI2," \
  "check-jsonschema $("$TOOLS/venv/bin/check-jsonschema" --version | awk '{print $NF}')," \
  "openapi-spec-validator $OPENAPI_SPEC_VALIDATOR, node $(node --version)"

if [ -z "${ERRCAT:-}" ]; then
  # The binary cargo built, wherever CARGO_TARGET_DIR puts it (cargo says where).
  ERRCAT=$(cargo build --quiet -p errcat-codegen --features cli --bin errcat --message-format json |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
fi

# Root catalogs (an include-only file has no `service:`).
catalogs=()
for c in catalog/*.yaml; do
  grep -q '^service:' "$c" && catalogs+=("$c")
done
rm -rf "$OUT" && mkdir -p "$OUT"

# --- generate -------------------------------------------------------------------------------
# The shipped catalogs' artifacts are the checked-in docs/<catalog>.{ts,openapi.json} (kept
# current by `scripts/generate --check`); the hostile catalog's are generated here.
"$ERRCAT" ts tests/hostile/hostile.yaml -o "$OUT/hostile.ts" 2>/dev/null
"$ERRCAT" openapi tests/hostile/hostile.yaml -o "$OUT/hostile.openapi.json" 2>/dev/null
ts_files=()
openapi_files=()
for c in "${catalogs[@]}"; do
  stem=$(basename "$c" .yaml)
  ts_files+=("docs/$stem.ts")
  openapi_files+=("docs/$stem.openapi.json")
done
ts_files+=("$OUT/hostile.ts")
openapi_files+=("$OUT/hostile.openapi.json")
# A utoipa document with per-operation error types and the framework's edges, as a service
# builds it (tests/tests/openapi.rs writes it).
if ERRCAT_OPENAPI_OUT="$PWD/$OUT/utoipa-bookstore.openapi.json" \
  cargo test --quiet -p errcat-tests --test openapi >/dev/null; then
  openapi_files+=("$OUT/utoipa-bookstore.openapi.json")
else
  fail "tests/tests/openapi.rs (the utoipa document)"
fi
# The bookstore example's /openapi.json, as the running service serves it
# (runtime/tests/bookstore.rs fetches it over HTTP and writes it).
if ERRCAT_OPENAPI_OUT="$PWD/$OUT/bookstore.openapi.json" \
  cargo test --quiet -p errcat --all-features --test bookstore >/dev/null; then
  openapi_files+=("$OUT/bookstore.openapi.json")
else
  fail "runtime/tests/bookstore.rs (the bookstore's /openapi.json)"
fi

# --- TypeScript -----------------------------------------------------------------------------
if "$TSC" --noEmit --strict "${ts_files[@]}"; then
  pass "tsc --strict accepts ${#ts_files[@]} generated modules"
else
  fail "tsc --strict rejects generated TypeScript"
fi
if "$TSC" --strict --outDir "$OUT/js" --rootDir . tests/ts/use-union.ts && node "$OUT/js/tests/ts/use-union.js"; then
  pass "tests/ts/use-union.ts compiles and its guard checks pass under node"
else
  fail "tests/ts/use-union.ts"
fi
if wrong=$("$TSC" --noEmit --strict tests/ts/wrong-code.ts 2>&1); then
  fail "tests/ts/wrong-code.ts compiled, but 'NOT_FOUNDD' is not an ErrorCode"
elif grep -q "'\"NOT_FOUNDD\"' is not assignable to type 'ErrorCode'" <<<"$wrong"; then
  pass "tests/ts/wrong-code.ts fails to compile as expected: $(grep -o 'error TS[0-9]*' <<<"$wrong" | head -1)"
else
  fail "tests/ts/wrong-code.ts failed for another reason: $wrong"
fi

# The strictest settings teams use. `verbatimModuleSyntax` is an ESM setting: TypeScript
# refuses an `export` in a file it compiles as CommonJS under it (TS1287), so the CommonJS
# build takes every other flag, with the ES5 library alone (no Promise, Set, Object.hasOwn).
STRICT=(--strict --noUnusedLocals --noUnusedParameters --exactOptionalPropertyTypes
  --noUncheckedIndexedAccess --noImplicitReturns)
ESM=(--verbatimModuleSyntax --module esnext --moduleResolution bundler)
if "$TSC" --noEmit "${STRICT[@]}" "${ESM[@]}" --target es2020 "${ts_files[@]}"; then
  pass "tsc ${STRICT[*]} ${ESM[*]} accepts ${#ts_files[@]} generated modules"
else
  fail "tsc rejects generated TypeScript as ESM under the strict flags"
fi
if "$TSC" --noEmit "${STRICT[@]}" --module commonjs --target es5 --lib es5 "${ts_files[@]}"; then
  pass "tsc accepts ${#ts_files[@]} generated modules as CommonJS, ES5 library only, under the strict flags"
else
  fail "tsc rejects generated TypeScript as CommonJS / ES5 under the strict flags"
fi
usage=(tests/ts/use-union.ts tests/ts/use-client.ts tests/ts/parse-seeds.ts)
# The usage files themselves need Promise (parseErrorResponse's test): ES2020.
esm_ok=0
cjs_ok=0
"$TSC" "${STRICT[@]}" "${ESM[@]}" --target es2020 --outDir "$OUT/esm" --rootDir . "${usage[@]}" && esm_ok=1
echo '{"type":"module"}' >"$OUT/esm/package.json" 2>/dev/null || true
"$TSC" "${STRICT[@]}" --module commonjs --target es2020 --outDir "$OUT/cjs" --rootDir . "${usage[@]}" && cjs_ok=1
for form in esm cjs; do
  built=$esm_ok
  [ "$form" = cjs ] && built=$cjs_ok
  if [ "$built" = 1 ] && node "$OUT/$form/tests/ts/use-union.js" && node "$OUT/$form/tests/ts/use-client.js"; then
    pass "tests/ts/use-union.ts and use-client.ts compile under the strict flags and pass under node ($form)"
  else
    fail "tests/ts/use-union.ts / use-client.ts ($form)"
  fi
done
# Every seed body through every catalog's parser, from node (the test reads no files itself).
cat >"$OUT/run-seeds.mjs" <<'JS'
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const module = await import(pathToFileURL(process.argv[2]).href);
const run = module.run ?? module.default.run;
const files = readdirSync('tests/seeds').filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ file: `tests/seeds/${f}`, json: JSON.parse(readFileSync(`tests/seeds/${f}`, 'utf8')) }));
const report = run(files);
for (const failure of report.failures) console.log(`  ${failure}`);
console.log(`${files.length} seed files, ${report.bodies} bodies, ${report.known} read as their code (${report.masked} masked), ${report.hostile} hostile bodies, ${report.failures.length} failures`);
process.exit(report.failures.length === 0 && report.known > 0 ? 0 : 1);
JS
for form in esm cjs; do
  if summary=$(node "$OUT/run-seeds.mjs" "$OUT/$form/tests/ts/parse-seeds.js" 2>&1); then
    pass "the parsers never throw and read every seed body ($form): $(tail -1 <<<"$summary")"
  else
    fail "tests/ts/parse-seeds.ts ($form): $summary"
  fi
done
# Files that must not compile, each with the one error it must fail with.
must_fail() {
  local file=$1 code=$2 why=$3 out
  if out=$("$TSC" --noEmit "${STRICT[@]}" "${ESM[@]}" --target es2020 "$file" 2>&1); then
    fail "$file compiled, but $why"
  elif [ "$(grep -o 'error TS[0-9]*' <<<"$out" | sort -u)" = "error $code" ]; then
    pass "$file fails to compile with $code as expected ($why)"
  else
    fail "$file failed for another reason than $code: $out"
  fi
}
must_fail tests/ts/wrong-code.ts TS2820 "'NOT_FOUNDD' is not an ErrorCode"
must_fail tests/ts/wrong-field.ts TS2339 "RATE_LIMIT_EXCEEDED's details have no 'teir'"
must_fail tests/ts/wrong-case.ts TS2678 "'RATE_LIMITTED' is no code of helpdesk's"
must_fail tests/ts/wrong-operation-code.ts TS2678 "CONFLICT is not a code the operation lists"

# --- OpenAPI --------------------------------------------------------------------------------
if "$TOOLS/venv/bin/openapi-spec-validator" "${openapi_files[@]}"; then
  pass "openapi-spec-validator accepts ${#openapi_files[@]} OpenAPI 3.1 documents"
else
  fail "openapi-spec-validator"
fi

# --- JSON Schema of the catalog format ------------------------------------------------------
if "$TOOLS/venv/bin/check-jsonschema" --schemafile catalog/catalog.schema.json catalog/*.yaml tests/hostile/hostile.yaml; then
  pass "every catalog validates against catalog/catalog.schema.json"
else
  fail "check-jsonschema on catalog/*.yaml"
fi
printf 'service: S\nerrors:\n  - code: A\n    stauts: 404\n    message: m\n' >"$OUT/misspelt.yaml"
if "$TOOLS/venv/bin/check-jsonschema" --schemafile catalog/catalog.schema.json "$OUT/misspelt.yaml" >/dev/null 2>&1; then
  fail "the schema accepts an unknown key (stauts)"
else
  pass "the schema rejects an unknown key"
fi

# --- JSON report of errcat diff -------------------------------------------------------------
# Real reports (a breaking pair, a compatible one, a catalog against itself) validate against
# the checked-in docs/diff.schema.json; a report with an unknown kind does not.
printf 'service: S\nformat: nested\nerrors:\n  - code: A\n    status: 404\n    message: "no {id}"\n    headers: {X-RateLimit-Limit: "100"}\n  - code: B\n    status: 400\n    message: b\n' >"$OUT/diff-old.yaml"
printf 'service: S\nformat: flat\nerrors:\n  - code: A\n    status: 410\n    message: "gone {id}"\n    fields: {id: u64}\n  - code: C\n    status: 429\n    message: c\n' >"$OUT/diff-new.yaml"
diff_ok=1
for pair in "diff-old.yaml diff-new.yaml 1" "diff-new.yaml diff-old.yaml 1" "diff-old.yaml diff-old.yaml 0"; do
  set -- $pair
  report="$OUT/diff-${1%.yaml}-${2%.yaml}.json"
  status=0
  "$ERRCAT" diff "$OUT/$1" "$OUT/$2" --format json >"$report" || status=$?
  [ "$status" = "$3" ] || { echo "errcat diff $1 $2: exit $status, expected $3"; diff_ok=0; }
  "$TOOLS/venv/bin/check-jsonschema" --schemafile docs/diff.schema.json "$report" || diff_ok=0
done
if [ "$diff_ok" = 1 ]; then
  pass "errcat diff --format json reports validate against docs/diff.schema.json"
else
  fail "errcat diff --format json against docs/diff.schema.json"
fi
sed 's/"kind": "status"/"kind": "stauts"/' "$OUT/diff-diff-old-diff-new.json" >"$OUT/diff-misspelt.json"
if "$TOOLS/venv/bin/check-jsonschema" --schemafile docs/diff.schema.json "$OUT/diff-misspelt.json" >/dev/null 2>&1; then
  fail "docs/diff.schema.json accepts an unknown kind (stauts)"
else
  pass "docs/diff.schema.json rejects an unknown kind"
fi

# --- Markdown -------------------------------------------------------------------------------
if "$MDLINT" --config docs/.markdownlint.jsonc "docs/*.md" "tests/golden/**/*.md"; then
  pass "markdownlint-cli2 accepts docs/ and the golden pages"
else
  fail "markdownlint-cli2"
fi

echo "check-artifacts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
