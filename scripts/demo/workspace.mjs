// @ts-check
// The demo's workspace folder: its .vscode/settings.json lists the sandbox's rooms, the way a team shares
// them. Neither the API host (a user setting: the demo profile's) nor a token (SecretStorage only) is here.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LIVE_TARGET, writeDemoChecks } from './checks.mjs';

/**
 * @param {string} dir  created
 * @param {{ url: string, rooms: import('../../test/fake-netless/rooms.mjs').FakeRoom[], live?: { room: string, scene: string } }} sandbox
 * @returns {Promise<string>} dir
 */
export async function writeDemoWorkspace(dir, sandbox) {
  const live = sandbox.live;
  const liveName = live ? sandbox.rooms.find((r) => r.uuid === live.room)?.name ?? live.room : '';
  await mkdir(path.join(dir, '.vscode'), { recursive: true });
  // One room is listed without its region (#22): the default region is a wrong guess for it, so a new
  // user meets the region finder on its first screenshot.
  const unplaced = sandbox.rooms.find((r) => r.region === 'sg');
  const settings = {
    'sceneSnap.rooms': sandbox.rooms.map((r) => (r === unplaced ? { uuid: r.uuid, name: r.name } : { uuid: r.uuid, name: r.name, region: r.region })),
  };
  await writeFile(path.join(dir, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  // The checks' loop (issue 24): a checks file with baselines, the live board's failing.
  if (live) await writeDemoChecks(dir, live);
  await writeFile(
    path.join(dir, 'README.md'),
    [
      '# Scene Snap sandbox',
      '',
      `This workspace points Scene Snap at a local fake Netless service (${sandbox.url}) with ${sandbox.rooms.length} rooms;`,
      'a sandbox SDK token is already in SecretStorage. Everything here is deleted when the demo stops.',
      '',
      '- Open the Scene Snap view in the activity bar: rooms, their scenes, and a screenshot button on each.',
      '- Or run **Scene Snap: Screenshot a Scene…** / **Screenshot Every Scene of a Directory…** from the Command Palette.',
      ...(unplaced ? [`- Room ${unplaced.name} has no region in the settings: its first screenshot is asked of the default region, which`, '  answers 404, and Scene Snap finds where the room is (or run **Scene Snap: Find Region of a Room…**).'] : []),
      ...(live ? [`- The board of scene ${live.scene} in room ${liveName} changes before every screenshot (see its REV number and strokes),`, '  while its URL stays the same: the service overwrites the image at the same key.'] : []),
      '- Shoot the directory /deck of the 1,000-scene deck twice: after each shot a few of its slides change, one is',
      '  added and one removed, so the second shot shows what changed (Changed only, new and gone scenes).',
      ...(live
        ? [
            `- Checks: scene-snap.json lists three scenes of ${liveName} with their baselines in scene-snap-baselines/. Run`,
            `  **Scene Snap: Run Checks**: ${LIVE_TARGET} (the live board) fails as changed; press Compare to see the difference`,
            '  beside its baseline, then Accept to make the new picture its baseline. The demo ran the same check from the',
            '  terminal as it started (`scene-snap check`: exit 1, reports in scene-snap-report/).',
          ]
        : []),
      '',
    ].join('\n'),
  );
  return dir;
}
