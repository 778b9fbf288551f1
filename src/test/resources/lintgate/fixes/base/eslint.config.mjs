// Fixable rules: prefer-const, no-var and dot-notation carry autofixes; no-unused-vars a single suggestion.
export default [
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable" } },
    rules: { "prefer-const": "warn", "no-var": "warn", "dot-notation": "warn", "no-unused-vars": "warn" },
  },
];
