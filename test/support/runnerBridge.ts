import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Lets a suite inside the extension host ask the code-server runner (test/host/run.mjs), which drives the
 * browser, to act on the real page: take a screenshot, or type and press keys as a person would. Only the
 * code-server runner has a page; under test:electron `runnerBridgeAvailable` is false.
 */
export const runnerBridgeAvailable = Boolean(process.env.SCENE_SNAP_TEST_ARTIFACTS);

type BridgeRequest =
  | { action: 'screenshot'; name: string; around?: string[]; pad?: number }
  | { action: 'keys'; waitFor?: string; text64?: string; press?: string[] }
  | { action: 'click'; selector: string; force?: true }
  | { action: 'text'; selector: string }
  | { action: 'count'; selector: string }
  | { action: 'popups' };

interface BridgeAnswer {
  file?: string;
  text?: string;
  count?: number;
  pages?: Array<{ url: string; contentType: string }>;
}

async function askRunner(request: BridgeRequest, timeoutMs = 15_000): Promise<BridgeAnswer> {
  const dir = process.env.SCENE_SNAP_TEST_ARTIFACTS;
  if (!dir) throw new Error('the runner bridge needs the code-server runner (SCENE_SNAP_TEST_ARTIFACTS is not set)');
  const id = randomUUID();
  const answerFile = path.join(dir, 'bridge', `${id}.json`);
  console.log(`@@scene-snap:bridge ${id} ${JSON.stringify(request)}`);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(answerFile)) {
      const answer = JSON.parse(readFileSync(answerFile, 'utf8')) as BridgeAnswer & { ok: boolean; error?: string };
      rmSync(answerFile, { force: true });
      if (!answer.ok) throw new Error(`the runner could not ${request.action}: ${answer.error}`);
      return answer;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the runner did not answer ${JSON.stringify(request)} within ${timeoutMs} ms`);
}

/**
 * A PNG of the whole workbench, kept as .test-artifacts/<name>.png; resolves to its path. With `around`
 * (CSS selectors), only the box holding the first visible match of each, `pad` px wider on each side.
 */
export async function workbenchScreenshot(name: string, crop?: { around: string[]; pad?: number }): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad screenshot name ${name}`);
  const { file } = await askRunner({ action: 'screenshot', name, ...crop });
  if (!file) throw new Error('the runner answered without a file');
  return file;
}

/**
 * Once an element matching `waitFor` (CSS) is visible, types `text` into whatever has focus (a quick pick,
 * an input box) and presses each key in `press`.
 */
export async function typeKeys(waitFor: string | undefined, text: string | undefined, ...press: string[]): Promise<void> {
  // base64, so that a typed token never appears in the request line, which lands in logs.
  const text64 = text === undefined ? undefined : Buffer.from(text, 'utf8').toString('base64');
  await askRunner({ action: 'keys', ...(waitFor === undefined ? {} : { waitFor }), ...(text64 === undefined ? {} : { text64 }), press });
}

/**
 * Clicks the first visible element matching `selector` (CSS, or playwright's `text=`/`:has-text()`). With
 * `force`, without waiting for it to hold still: for a list that is rendered anew all the time.
 */
export async function click(selector: string, options: { force?: true } = {}): Promise<void> {
  await askRunner({ action: 'click', selector, ...options });
}

/** The text of the first visible element matching `selector`, once there is one (e.g. a notification). */
export async function textOf(selector: string): Promise<string> {
  return (await askRunner({ action: 'text', selector })).text ?? '';
}

/** How many elements matching `selector` are visible right now. */
export async function visibleCount(selector: string): Promise<number> {
  return (await askRunner({ action: 'count', selector })).count ?? 0;
}

/** The pages the workbench opened in new browser tabs since the last call: their URL and content type. */
export async function openedPages(): Promise<Array<{ url: string; contentType: string }>> {
  return (await askRunner({ action: 'popups' })).pages ?? [];
}

/**
 * A selector (Playwright's, for the runner) for a notification toast whose text contains `text`. By its
 * text, not its row's aria-label: VS Code 1.139 labels the toast's list, not the row, with the message.
 */
export function toast(text: string): string {
  return `.notifications-toasts .notification-toast-container:has-text(${JSON.stringify(text)})`;
}

/** A CSS selector for the quick input (quick pick or input box) whose placeholder starts with `text`. */
export function quickInput(placeholder: string): string {
  return `.quick-input-widget input[placeholder^=${JSON.stringify(placeholder)}]`;
}

/** A CSS selector for a row of the open quick pick whose accessible label contains `text`. */
export function quickPickRow(text: string): string {
  return `.quick-input-widget .monaco-list-row[aria-label*=${JSON.stringify(text)}]`;
}
