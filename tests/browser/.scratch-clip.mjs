import { chromium } from 'playwright-core';
const [file, out, ...ys] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
await p.goto('file://' + file);
for (const y of ys) await p.screenshot({ path: `${out}-${y}.png`, fullPage: true, clip: { x: 0, y: +y, width: 1280, height: 1300 } });
await b.close();
