#!/usr/bin/env bash
# Runs real, external tools on everything errcat generates, after installing them from their
# registries into target/tools (untracked, never global; reused when the pinned versions are
# already there):
#   - tsc --strict on the TypeScript of every shipped catalog (docs/*.ts) and the hostile one, on a file that
#     uses the union (also run with node, so the type guards are exercised), and on a file
#     that must NOT compile because of a wrong code;
#   - openapi-spec-validator (OpenAPI 3.1) on docs/*.openapi.json and the hostile catalog's;
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
  cargo build --quiet -p errcat-codegen --features cli --bin errcat
  ERRCAT=target/debug/errcat
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
