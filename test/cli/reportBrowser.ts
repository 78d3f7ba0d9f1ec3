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

/**
 * Opens report.html from disk (file://) in the headless Chromium the VS Code test host uses
 * (SCENE_SNAP_CHROMIUM, else Debian's /usr/bin/chromium), clicks through the compare page's modes and
 * reports what it saw. `screenshot`, when given, is where a picture of the page is written.
 */
export async function openReport(file: string, options: { screenshot?: string; width?: number; height?: number } = {}): Promise<ReportSeen> {
  const hostUrl = pathToFileURL(`${__dirname}/../../../test/host/codeServer.mjs`).href;
  const { launchChromium } = (await import(hostUrl)) as { launchChromium(executablePath: string): Promise<import('playwright-core').Browser> };
  const browser = await launchChromium(process.env.SCENE_SNAP_CHROMIUM ?? '/usr/bin/chromium');
  try {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 760 } });
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
    await page.waitForFunction('[...document.images].every((i) => i.complete && i.naturalWidth > 0)');
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
    if (options.screenshot) await page.screenshot({ path: options.screenshot });
    return seen;
  } finally {
    await browser.close();
  }
}
