import { rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LinkScanStats } from '../../../src/extension/editor/editorFeature';
import type { SceneSnapApi } from '../../../src/extension/extension';

// Issue #23's figures, inside the real VS Code: the hover over a known room uuid in a 50,000-line log that
// holds 2,000 uuids (with a kept snapshot, so the hover has its thumbnail) against a hover provider that
// returns a fixed one-line string in the same host; the link provider over that log; the event loop while
// the log is scrolled. Used by index.ts (npm run bench) and on its own by editorOnly.ts (npm run bench:editor).

const LINES = 50_000;
const UUIDS = 2_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** SCENE_SNAP_BENCH_PROFILE: a CPU profile of this extension host while scrolling; the hottest functions by own time. */
export async function startProfile(): Promise<() => Promise<string[]>> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as {
      profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] };
    };
    session.disconnect();
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const own = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const f = byNode.get(id)!.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
      own.set(key, (own.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    return [...own].sort((x, y) => y[1] - x[1]).slice(0, 15).map(([k, ms]) => `${ms.toFixed(1)} ms ${k}`);
  };
}

/** The 90th percentile: the slowest few of 30 tell the machine's load more than the provider. */
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.9) - 1]!;

async function hoverMs(uri: vscode.Uri, position: vscode.Position, expect: string): Promise<number> {
  const t0 = performance.now();
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const ms = performance.now() - t0;
  if (!hovers.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes(expect)))) throw new Error(`no hover with "${expect}" at ${uri.toString()}`);
  return ms;
}

/** `room` must be configured in sceneSnap.rooms; a screenshot of it is taken with the snapshot store on. */
export async function editorBench(api: SceneSnapApi, room: string, others: readonly string[]) {
  // The link scan's own figures: a test hook, there only when the host runs the extension for tests.
  const internals = (api as { __test?: { editor(): { lastLinkScan?: LinkScanStats; lastHover?: { ownMs: number; chars: number }; linkCalls: { asked: number; reregistered: number } } | undefined } }).__test;
  const lastScan = () => internals?.editor()?.lastLinkScan;
  await api.screenshotScene({ room, path: '/test/cover', width: 1280, height: 720 }, { preview: false });
  // The kept snapshot is written in the background: wait until the history records it.
  const history = async () => (await api.history()).find((h) => h.room === room);
  for (const until = Date.now() + 20_000; !(await history())?.results.some((r) => r.kept); ) {
    if (Date.now() > until) throw new Error('the screenshot kept no snapshot');
    await new Promise((r) => setTimeout(r, 100));
  }

  // The log: 2,000 uuids spread over 50,000 lines, the room under test in the middle.
  const uuids = [room, ...others];
  const lines = Array.from({ length: LINES }, (_, i) => `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z INFO worker-${i % 7} handled request ${i} in ${i % 97} ms`);
  for (let k = 0; k < UUIDS; k++) {
    const at = Math.floor((k * LINES) / UUIDS) + 1;
    lines[at] = `2026-01-01T00:00:00Z INFO joined room=${uuids[k % uuids.length]} user=${k}`;
  }
  const middle = LINES / 2 + 1;
  lines[middle] = `2026-01-01T00:00:00Z INFO joined room=${room} user=middle`;
  // A file, not an untitled document: closing the editors between the scrolls would discard an untitled
  // one, and the next scroll would show an empty document.
  const logFile = path.join(os.tmpdir(), `scene-snap-editor-bench-${process.pid}.log`);
  writeFileSync(logFile, lines.join('\n'));
  const log = await vscode.workspace.openTextDocument(logFile);
  const onRoom = new vscode.Position(middle, lines[middle]!.indexOf(room) + 4);

  // The yardstick: a provider that returns one fixed line, for one document only (ours answers there too,
  // with nothing: the line holds no uuid).
  const plain = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'just some words here\n' });
  const fixed = vscode.languages.registerHoverProvider({ pattern: plain.uri.path, scheme: plain.uri.scheme }, { provideHover: () => new vscode.Hover('Fixed one-line hover') });
  try {
    const atWord = new vscode.Position(0, 6);
    // The window's copy of a just-opened 3 MB document is made on its first request: one hover beside the
    // uuids first, so the next figure is ours.
    await vscode.commands.executeCommand('vscode.executeHoverProvider', log.uri, new vscode.Position(0, 3));
    // The first hover of the room: its thumbnail made in the worker (nothing shown the log yet, so nothing warmed it).
    const firstMs = await hoverMs(log.uri, onRoom, 'Scene Snap');
    for (let i = 0; i < 3; i++) {
      await hoverMs(plain.uri, atWord, 'Fixed');
      await hoverMs(log.uri, onRoom, 'data:image/png');
    }
    const ours: number[] = [];
    const yardstick: number[] = [];
    // The provider's own share of each of our hovers (test hook), and the Markdown's size.
    const oursOwn: number[] = [];
    let hoverChars = 0;
    for (let i = 0; i < 30; i++) {
      const pair: Array<[vscode.Uri, vscode.Position, string, number[]]> = [
        [log.uri, onRoom, 'data:image/png', ours],
        [plain.uri, atWord, 'Fixed', yardstick],
      ];
      if (i % 2) pair.reverse();
      for (const [uri, at, expect, into] of pair) {
        into.push(await hoverMs(uri, at, expect));
        const own = internals?.editor()?.lastHover;
        if (into === ours && own) {
          oursOwn.push(own.ownMs);
          hoverChars = own.chars;
        }
      }
    }

    // Links, with the log shown in an editor scrolled to its middle: each call scans the lines the editor
    // shows and a margin (no cache). The round trip of `vscode.executeLinkProvider` holds VS Code's own
    // link detection over the whole document too: measured with Scene Snap's links off in the same host.
    const config = vscode.workspace.getConfiguration('sceneSnap');
    const editor = await vscode.window.showTextDocument(log);
    editor.revealRange(new vscode.Range(middle, 0, middle, 0), vscode.TextEditorRevealType.InCenter);
    await new Promise((r) => setTimeout(r, 1000));
    const linkCall = async () => {
      const t0 = performance.now();
      const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', log.uri, 0)) ?? [];
      return { ms: performance.now() - t0, count: links.length };
    };
    const linkCalls = async (n: number) => {
      const ms: number[] = [];
      const own: number[] = [];
      const lines: number[] = [];
      let count = 0;
      for (let i = 0; i < n; i++) {
        const call = await linkCall();
        ms.push(call.ms);
        count = call.count;
        const scan = lastScan();
        if (scan) {
          own.push(scan.ownMs);
          lines.push(scan.lines);
        }
      }
      return { ms, own, lines, count };
    };
    await config.update('editor.links', false, vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 300));
    const withoutOurs = await linkCalls(10);
    await config.update('editor.links', undefined, vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 300));
    await linkCall();
    const withOurs = await linkCalls(20);

    // Scrolling the log in an editor, down and back up, with the event loop watched: with the feature off
    // (the yardstick: the same host scrolling, nothing of ours registered), then on. Two ways of scrolling, by moving the editor's top line (editorScroll does nothing in this host when the
    // window has no focus): fast (400 lines every 10 ms, no pause for the debounce to end) and with pauses
    // (200 lines, then 80 ms: each pause past the scanned lines has the links asked again).
    const scroll = async () => {
      const editor = await vscode.window.showTextDocument(log);
      await new Promise((r) => setTimeout(r, 1500));
      const delay = monitorEventLoopDelay({ resolution: 5 });
      const profile = process.env.SCENE_SNAP_BENCH_PROFILE ? await startProfile() : undefined;
      const lowest: number[] = [];
      const toLine = (line: number) => editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
      delay.enable();
      for (const [steps, by, pauseMs] of [
        [100, 400, 10],
        [120, 200, 80],
      ] as const) {
        let top = 0;
        for (let i = 0; i < steps; i++) {
          top += i < steps / 2 ? by : -by;
          toLine(top);
          await new Promise((r) => setTimeout(r, pauseMs));
          if (i === steps / 2 - 1) lowest.push(editor.visibleRanges[0]?.start.line ?? -1);
        }
      }
      // The last scroll's links asked for (the window may be slow to ask).
      await new Promise((r) => setTimeout(r, 1000));
      delay.disable();
      const hot = await profile?.();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The first line shown at the bottom of each scroll: proof that the editor did scroll.
      return { maxEventLoopDelayMs: delay.max / 1e6, p99EventLoopDelayMs: delay.percentile(99) / 1e6, lowestTopLine: lowest, ...(hot ? { hot } : {}) };
    };
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config.update('editor.enabled', false, vscode.ConfigurationTarget.Global);
    const scrollOff = await scroll();
    await config.update('editor.enabled', undefined, vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 500));
    const relinks = () => internals?.editor()?.linkCalls;
    const beforeScroll = relinks();
    const scrollOn = await scroll();
    const afterScroll = relinks();
    return {
      lines: LINES,
      uuids: UUIDS,
      hover: { firstMs, oursMedianMs: median(ours), fixedMedianMs: median(yardstick), oursMaxMs: Math.max(...ours), fixedMaxMs: Math.max(...yardstick), oursP90Ms: p90(ours), fixedP90Ms: p90(yardstick), ownMedianMs: oursOwn.length ? median(oursOwn) : null, ownMaxMs: oursOwn.length ? Math.max(...oursOwn) : null, chars: hoverChars },
      links: {
        // Links in the answer: those of the lines shown and the margin (the whole log holds 2,000).
        count: withOurs.count,
        callMedianMs: median(withOurs.ms),
        callMaxMs: Math.max(...withOurs.ms),
        callWithoutOursMedianMs: median(withoutOurs.ms),
        // null without the test hook (the production VSIX of npm run bench).
        scanOwnMedianMs: withOurs.own.length ? median(withOurs.own) : null,
        scanOwnMaxMs: withOurs.own.length ? Math.max(...withOurs.own) : null,
        scanLines: withOurs.lines.length ? median(withOurs.lines) : null,
      },
      // While scrolling the whole log: how often the provider was registered anew, and VS Code asked.
      scrollRelinks: afterScroll ? { reregistered: afterScroll.reregistered - (beforeScroll?.reregistered ?? 0), asked: afterScroll.asked - (beforeScroll?.asked ?? 0) } : null,
      scroll: { on: scrollOn, off: scrollOff },
    };
  } finally {
    fixed.dispose();
    rmSync(logFile, { force: true });
  }
}
