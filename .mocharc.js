'use strict';
// Specs are compiled by `npm run build` (tsconfig.dev.json) and run as plain JavaScript,
// so every spec and the code under test share one module instance.
module.exports = {
  spec: ['spec/**/*.spec.js'],
  require: ['spec/support/hooks.js'],
  timeout: 10000,
  reporter: 'spec',
};
