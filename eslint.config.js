// ESLint for the browser's JavaScript (ES modules served as they are, no build step) and for
// its unit tests, which run in Node (`node --test tests/js/`).
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";

// Beyond the recommended set: rules that catch bugs, not matters of taste.
const rules = {
  // `x == null` is the one loose comparison kept: it means null or undefined.
  eqeqeq: ["error", "always", { null: "ignore" }],
  "no-unused-vars": ["error", { args: "after-used", caughtErrors: "all" }],
  "no-implicit-globals": "error",
  "prefer-const": "error",
  "no-var": "error",
  "no-shadow": "error",
  "array-callback-return": "error",
  "consistent-return": "error",
  "default-case-last": "error",
  "no-constructor-return": "error",
  "no-promise-executor-return": "error",
  "no-self-compare": "error",
  "no-template-curly-in-string": "error",
  "no-unmodified-loop-condition": "error",
  "no-unreachable-loop": "error",
  "no-implied-eval": "error",
  "no-new-func": "error",
  "no-eval": "error",
  "no-throw-literal": "error",
  "no-return-assign": "error",
};

export default defineConfig([
  // ESLint skips only node_modules by itself; these hold other projects' scripts and copies.
  globalIgnores([".venv/", "var/"]),
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["static/js/**/*.js", "larlabb/*/static/**/*.js"],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
    rules,
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
    rules,
  },
]);
