'use strict';
// Deletes compiled .js files whose .ts source no longer exists, so a stale module can never
// shadow a renamed or removed source (JS is emitted next to TS and gitignored).
const fs = require('fs');
const path = require('path');

const roots = ['lib', 'spec', 'spec-runtime', 'spec-reliability', 'dev', '.'];
function sweep(dir, recursive) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive && entry.name !== 'node_modules') sweep(full, true);
    } else if (entry.name.endsWith('.js') && !fs.existsSync(full.replace(/\.js$/, '.ts'))) {
      if (entry.name === '.mocharc.js') continue;
      fs.unlinkSync(full);
    }
  }
}
for (const root of roots) sweep(root, root !== '.');
