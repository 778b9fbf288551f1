// The sample's lint rules: warnings for style debt, an error for undefined names.
export default [
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { exports: "writable" } },
    rules: { "no-unused-vars": "warn", eqeqeq: "warn", "no-undef": "error" },
  },
];
