// SPDX-License-Identifier: GPL-2.0
//
// Open each page of the built pte-nolock guide in headless Chromium, check
// that every figure is an SVG image with a non-zero rendered size (not the
// DOT source kfigure falls back to), and save a full-page screenshot.
//
// usage: node check-guide.mjs HTML_DIR SHOT_DIR PAGE=fig1,fig2 [PAGE=...]
//   HTML_DIR  the guide's HTML directory (.../output/mm/pte-nolock)
//   SHOT_DIR  where the screenshots go
//   PAGE      a page name without .html, with the figures it must show
//             (names of diagrams/*.dot without .dot); PAGE= for none
// env: CHROMIUM (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlDir, shotDir, ...pageSpecs] = process.argv.slice(2);
if (!htmlDir || !shotDir || pageSpecs.length === 0) {
	console.error('usage: node check-guide.mjs HTML_DIR SHOT_DIR PAGE=fig,... ...');
	process.exit(2);
}

const pages = pageSpecs.map((spec) => {
	const [name, figs = ''] = spec.split('=');
	return { name, figures: figs.split(',').filter(Boolean) };
});

const failures = [];
const fail = (msg) => {
	failures.push(msg);
	console.log(`FAIL: ${msg}`);
};

mkdirSync(shotDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'pte-nolock-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
	],
	viewport: { width: 1280, height: 900 },
});

try {
	const page = await context.newPage();
	// The pages are local files; nothing may come from the network.
	await page.route(/^https?:/, (route) => route.abort());

	for (const { name, figures } of pages) {
		const file = resolve(htmlDir, `${name}.html`);
		if (!existsSync(file)) {
			fail(`${name}.html: not built (${file})`);
			continue;
		}
		await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

		// every image in the page body, after it has loaded
		const imgs = await page.$$eval('div.body img, div.document img', (els) =>
			els.map((img) => {
				const r = img.getBoundingClientRect();
				return {
					src: img.getAttribute('src') || '',
					complete: img.complete,
					natural: [img.naturalWidth, img.naturalHeight],
					box: [Math.round(r.width), Math.round(r.height)],
				};
			}),
		);
		const dotText = await page.$$eval('pre', (els) =>
			els.filter((p) => /\bdigraph\s/.test(p.textContent)).length,
		);
		if (dotText > 0)
			fail(`${name}.html: ${dotText} figure(s) shown as DOT source, not as a picture`);

		for (const fig of figures) {
			const img = imgs.find((i) => i.src.endsWith(`/${fig}.svg`));
			if (!img) {
				fail(`${name}.html: figure ${fig} is not an SVG <img>`);
				continue;
			}
			const ok = img.complete && img.natural[0] > 0 && img.box[0] > 0 && img.box[1] > 0;
			console.log(
				`${ok ? 'ok  ' : 'FAIL'} ${name}.html: ${fig}.svg natural ${img.natural.join('x')}, ` +
					`rendered ${img.box.join('x')}`,
			);
			if (!ok) fail(`${name}.html: figure ${fig} did not load or has zero size`);
		}
		const extra = imgs.filter((i) => i.src.endsWith('.svg') && i.src.includes('_images/'));
		if (extra.length !== figures.length)
			fail(`${name}.html: ${extra.length} SVG figures on the page, expected ${figures.length}`);

		// A lab page's transcripts and commands fit the 1280-px window:
		// a block wider than its box hides its line ends behind a scrollbar.
		if (name.startsWith('lab')) {
			const clipped = await page.$$eval('div.body pre, div.document pre', (els) =>
				els.filter((p) => p.scrollWidth > p.clientWidth + 1)
					.map((p) => p.textContent.split('\n').find((l) => l.length > 60) || ''),
			);
			const blocks = await page.$$eval('div.body pre, div.document pre', (els) => els.length);
			if (clipped.length)
				fail(`${name}.html: ${clipped.length} of ${blocks} text blocks wider than the page ` +
					`at 1280 px (first: "${clipped[0].slice(0, 70)}...")`);
			else console.log(`ok   ${name}.html: ${blocks} text blocks fit the page at 1280 px`);
		}

		const shot = join(shotDir, `pte-nolock-${name}.png`);
		await page.screenshot({ path: shot, fullPage: true });
		console.log(`     ${name}.html: screenshot ${shot}`);
	}
} finally {
	await context.close();
	rmSync(profile, { recursive: true, force: true });
}

if (failures.length) {
	console.log(`browser check: ${failures.length} failure(s)`);
	process.exit(1);
}
console.log(`browser check: ${pages.length} pages, every figure an SVG with a size`);
