import { pathToFileURL } from 'node:url';

/** What the report page shows in a real browser, and what went wrong there. */
export interface ReportSeen {
  /** CSP violations, page errors and console errors. */
  problems: string[];
  /** data-mode of the compare page's mode buttons. */
  modes: string[];
  /** The stage shown after clicking each mode button in turn. */
  stages: string[];
  /** Changed pixels the difference mode's canvas drew (counted from its pixels). */
  maskPixels: number;
  summary: string;
  images: number;
  captions: string;
  /** The name of the finding marked current in the list. */
  current: string;
}

type Page = import('playwright-core').Page;

/**
 * Runs `look` on report.html opened from disk (file://) in the headless Chromium the VS Code test host uses
 * (SCENE_SNAP_CHROMIUM, else Debian's /usr/bin/chromium), collecting what went wrong on the page.
 */
async function inReport<T>(file: string, look: (page: Page, problems: string[]) => Promise<T>): Promise<T> {
  const hostUrl = pathToFileURL(`${__dirname}/../../../test/host/codeServer.mjs`).href;
  const { launchChromium } = (await import(hostUrl)) as { launchChromium(executablePath: string): Promise<import('playwright-core').Browser> };
  const browser = await launchChromium(process.env.SCENE_SNAP_CHROMIUM ?? '/usr/bin/chromium');
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!/^(file|blob|data):/.test(r.url())) problems.push(`request: ${r.url()}`);
    });
    // (The page's own code runs in the browser: DOM types are not this Node program's, hence `any` below.)
    await page.addInitScript('document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`))');
    await page.goto(pathToFileURL(file).href);
    return await look(page, problems);
  } finally {
    await browser.close();
  }
}

const imagesLoaded = '[...document.querySelectorAll("#app img")].every((i) => i.complete && i.naturalWidth > 0)';

/**
 * Waits until `expression` is true in the page. Not page.waitForFunction: past its first check it polls
 * with eval inside the page, which the report's CSP (no 'unsafe-eval') refuses, so it failed whenever the
 * page was not ready at once (a loaded machine). page.evaluate goes through the debugger protocol instead.
 */
async function waitUntil(page: { evaluate(expression: string): Promise<unknown> }, expression: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate(`Boolean(${expression})`))) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each finding of the list chosen in turn: which view shows it and how many of its pictures loaded. */
export async function openEachFinding(file: string): Promise<{ problems: string[]; findings: { name: string; view: 'compare' | 'own'; images: number }[] }> {
  return inReport(file, async (page, problems) => {
    const names = await page.$$eval('.report-items [data-index] .name', (els: any[]) => els.map((e) => String(e.textContent)));
    const findings: { name: string; view: 'compare' | 'own'; images: number }[] = [];
    for (let i = 0; i < names.length; i++) {
      await page.click(`.report-items [data-index="${i}"]`);
      await waitUntil(page, `document.querySelector('.report-items [aria-current="true"]')?.dataset.index === "${i}" && document.querySelector('#app .toolbar, #app .report-own') !== null`);
      await waitUntil(page, imagesLoaded);
      const view = (await page.$('#app .report-own')) ? 'own' : 'compare';
      findings.push({ name: names[i]!, view, images: await page.$$eval('#app img', (imgs: any[]) => imgs.filter((img) => img.naturalWidth > 0).length) });
    }
    return { problems, findings };
  });
}

/** The first finding in the compare page: its modes clicked in turn, and what each showed. */
export async function openReport(file: string): Promise<ReportSeen> {
  return inReport(file, async (page, problems) => {
    await page.waitForSelector('button.mode', { timeout: 20_000 });
    const modes = await page.$$eval('button.mode', (bs: any[]) => bs.map((b) => String(b.dataset.mode ?? '')));
    const stages: string[] = [];
    for (const mode of modes) {
      await page.click(`button.mode[data-mode="${mode}"]`);
      stages.push(await page.$eval('.stage', (el: any) => String([...el.classList].find((c) => c !== 'stage') ?? '')));
    }
    const maskPixels = await page.$eval('canvas.mask', (canvas: any) => {
      const d: Uint8ClampedArray = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! === 255) n++;
      return n;
    });
    await page.click('button.mode[data-mode="side"]');
    await waitUntil(page, imagesLoaded);
    const seen: ReportSeen = {
      problems,
      modes,
      stages,
      maskPixels,
      summary: await page.$eval('.summary', (el: any) => String(el.innerText)),
      images: await page.$$eval('.stage img', (imgs: any[]) => imgs.filter((i) => String(i.src).startsWith('blob:')).length),
      captions: await page.$eval('.stage', (el: any) => String(el.innerText)),
      current: await page.$eval('.report-items [aria-current="true"] .name', (el: any) => String(el.textContent ?? '')),
    };
    return seen;
  });
}
