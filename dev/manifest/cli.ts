/** `npm run manifest`: writes component.json, lib/schemas and the README reference from the function definitions. */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, generate, strayFiles } from './generate';

const files = generate();
let changed = 0;
for (const file of files) {
  const target = path.join(ROOT, file.path);
  const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (before === file.content) continue;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, file.content);
  changed += 1;
  console.log(`${before === undefined ? 'created' : 'updated'} ${file.path}`);
}
for (const stray of strayFiles(files)) {
  fs.unlinkSync(path.join(ROOT, stray));
  changed += 1;
  console.log(`removed ${stray} (no function produces it)`);
}
console.log(`manifest: ${files.length} files, ${changed} changed`);
